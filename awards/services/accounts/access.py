"""The signed-in user as a Principal, and the checks of awards.permissions against real units.

Every service that reads or changes dossiers on behalf of a user takes a Principal and calls
`authorize` (one dossier) or `reach` (a filter for lists); routes never decide permissions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from awards.errors import NotFoundError, PermissionDenied
from awards.permissions import ROLE_LABELS, Action, Scope, allows, roles_for
from awards.repository import UnitOfWorkFactory


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


def load_principal(uow_factory: UnitOfWorkFactory, user_id: int, on: date) -> Principal:
    """The user and their grants, each with the units below it on `on` (one CTE per grant).

    Read-only (every web request calls it: a writing unit of work took SQLite's write lock),
    and the user comes with their grants in one query.
    """
    with uow_factory(write=False) as uow:
        accounts = uow.accounts
        rows = accounts.with_grants(user_id)
        if not rows or not rows[0][2]:
            raise NotFoundError("Tài khoản không còn hoạt động; đăng nhập lại.")
        grants = []
        for *_, role, unit_id in rows:
            if role is None:  # no grant at all (the outer join's empty row)
                continue
            below = accounts.descendant_ids(unit_id, on) - {unit_id}
            grants.append(Grant(role, unit_id, accounts.unit_name(unit_id, on), frozenset(below)))
    username, full_name, _, generation = rows[0][:4]
    return Principal(user_id, username, full_name, tuple(grants), generation)


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
