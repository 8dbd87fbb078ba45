"""The signed-in user as a Principal, and the checks of awards.permissions against real units.

Every service that reads or changes dossiers on behalf of a user takes a Principal and calls
`authorize` (one dossier) or `reach` (a filter for lists); routes never decide permissions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from awards.errors import NotFoundError, NotSignedIn, PermissionDenied
from awards.permissions import ROLE_LABELS, Action, Scope, allows, roles_for
from awards.repository import UnitOfWork, UnitOfWorkFactory, once_more_on_disconnect


@dataclass(frozen=True)
class Grant:
    role: str
    unit_id: int
    unit_name: str
    below: frozenset[int] = field(default_factory=frozenset)  # strictly below unit_id

    @property
    def label(self) -> str:
        return f"{ROLE_LABELS.get(self.role, self.role)} · {self.unit_name}"

    def scope_of(self, unit_id: int) -> Scope:
        if unit_id == self.unit_id:
            return Scope.own
        return Scope.child if unit_id in self.below else Scope.foreign


@dataclass(frozen=True)
class Principal:
    user_id: int
    username: str
    full_name: str
    grants: tuple[Grant, ...]
    generation: int = 0  # the account's session generation when loaded (awards.web.security)

    @property
    def roles(self) -> set[str]:
        return {g.role for g in self.grants}

    def may(self, action: Action, units: Iterable[int]) -> Grant | None:
        """The first grant that allows `action` on any of `units`, or None."""
        targets = list(units)
        for grant in self.grants:
            if any(allows(grant.role, action, grant.scope_of(u)) for u in targets):
                return grant
        return None

    def reach(self, action: Action) -> set[int] | None:
        """Units where `action` is allowed; None means everywhere (a foreign scope)."""
        units: set[int] = set()
        for grant in self.grants:
            if allows(grant.role, action, Scope.foreign):
                return None
            if allows(grant.role, action, Scope.own):
                units.add(grant.unit_id)
            if allows(grant.role, action, Scope.child):
                units |= grant.below
        return units


def authorize(principal: Principal, action: Action, units: Iterable[int], what: str) -> Grant:
    """The grant that allows the action, or PermissionDenied saying who could do it."""
    grant = principal.may(action, units)
    if grant is not None:
        return grant
    who = ", ".join(ROLE_LABELS[r] for r in roles_for(action, Scope.own)) or "không vai trò nào"
    raise PermissionDenied(
        f"Tài khoản {principal.username} không có quyền {action.label} {what}: "
        f"cần vai trò {who} tại đơn vị liên quan (hoặc cấp trên khi quy định cho phép)."
    )


@dataclass(frozen=True)
class SignedIn:
    """The account a session names, with the session generation it was signed in at and the
    request's day; the grants are read where they are used (a move: in its own transaction)."""

    user_id: int
    generation: int
    on: date


def load_principal(
    uow_factory: UnitOfWorkFactory, user_id: int, on: date, *, generation: int | None = None
) -> Principal:
    """The user and their grants, each with the units below it on `on`, in one statement.

    Read-only (every web request calls it: a writing unit of work took SQLite's write lock).
    With `generation`, a session signed in at another generation is refused (NotSignedIn)."""
    return once_more_on_disconnect(
        uow_factory, lambda uow: principal_in(uow, user_id, on, generation), write=False
    )


def principal_in(
    uow: UnitOfWork, user_id: int, on: date, generation: int | None = None
) -> Principal:
    """load_principal inside the caller's unit of work (a move: the same transaction)."""
    rows = uow.accounts.with_grants(user_id, on)
    if not rows or not rows[0][2]:
        raise NotSignedIn("Tài khoản không còn hoạt động; đăng nhập lại.")
    username, full_name, _, stored_generation = rows[0][:4]
    if generation is not None and generation != stored_generation:
        raise NotSignedIn("Phiên đăng nhập đã bị thu hồi (đã đăng xuất); hãy đăng nhập lại.")
    grants: dict[int, tuple[str, int, str, set[int]]] = {}  # by grant id, in grant order
    for *_, grant_id, role, unit_id, unit_name, below_id in rows:
        if grant_id is None:  # no grant at all (the outer join's empty row)
            continue
        below = grants.setdefault(grant_id, (role, unit_id, unit_name, set()))[3]
        if below_id is not None:
            below.add(below_id)
    return Principal(
        user_id,
        username,
        full_name,
        tuple(Grant(r, u, n, frozenset(b - {u})) for r, u, n, b in grants.values()),
        stored_generation,
    )


def signed_in_principal(uow: UnitOfWork, who: Principal | SignedIn) -> Principal:
    """The Principal of a request: loaded already, or read now in the caller's transaction."""
    if isinstance(who, Principal):
        return who
    return principal_in(uow, who.user_id, who.on, who.generation)


def principal_by_name(uow_factory: UnitOfWorkFactory, username: str, on: date) -> Principal:
    """The Principal of an account named on the command line (`--as`): the CLI then goes
    through the same checks as the web."""
    with uow_factory(write=False) as uow:
        user = uow.accounts.user_by_name(username.strip().lower())
    if user is None or user.id is None:
        raise NotFoundError(f"Không có tài khoản '{username}'; kiểm tra tên đăng nhập.")
    return load_principal(uow_factory, user.id, on)


def levels_in_reach(
    uow_factory: UnitOfWorkFactory, principal: Principal, action: Action, on: date
) -> list[tuple[str, str]]:
    """(code, name) of the units where the user may take `action`: their own units first (the
    unit pickers of the report, fund and submission screens)."""
    reach = principal.reach(action)
    with uow_factory(write=False) as uow:
        if reach is None:  # everywhere
            reach = uow.reports.all_unit_ids()
        labels = uow.reports.unit_labels(sorted(reach), on) if reach else {}
    own = [g.unit_id for g in principal.grants if g.unit_id in labels]
    rest = sorted((i for i in labels if i not in own), key=lambda i: labels[i][0])
    return [labels[i] for i in dict.fromkeys(own + rest)]
