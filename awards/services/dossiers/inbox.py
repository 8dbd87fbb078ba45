"""What a user sees in lists: the inbox, dossier lists with filters, a round's board per unit.

Every list is restricted by the user's grants (awards.permissions) and paged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, TypeVar

from awards.errors import NotFoundError, ValidationError
from awards.permissions import UNIT_SIDE, Action, Scope, reach
from awards.repository import UnitOfWork, UnitOfWorkFactory
from awards.repository.listing import DossierLine, Where
from awards.repository.org import UnitRow
from awards.repository.search import ORDERS, nominee_named
from awards.services.accounts.access import Principal, authorize
from awards.services.reminders.panel import ReminderPanel, overdue_lines, reminder_panel
from states import TRANSITIONS, DossierState, Trigger

T = TypeVar("T")
MAX_PER_PAGE = 100
# Keeps OFFSET inside a 64-bit integer whatever page a client asks for (SQLite overflowed).
MAX_PAGE = 1_000_000
# Optional moves that do not make a dossier "wait for me".
_NOT_AWAITED = {Trigger.withdraw, Trigger.hold}
# Roles without a move of their own that still have dossiers waiting for them (the agenda).
_WATCHED: dict[str, tuple[Action, set[DossierState]]] = {
    "council_member": (Action.view, {DossierState.on_agenda}),
}


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def page_window(page: int, per_page: int) -> tuple[int, int]:
    if not 1 <= page <= MAX_PAGE or not 1 <= per_page <= MAX_PER_PAGE:
        raise ValidationError(
            f"Trang {page}, cỡ trang {per_page} không hợp lệ: "
            f"trang 1–{MAX_PAGE}, cỡ trang 1–{MAX_PER_PAGE}."
        )
    return per_page, (page - 1) * per_page


@dataclass(frozen=True)
class Inbox:
    page: Page[DossierLine]
    counts: dict[str, int]
    overdue: int
    today: date
    roles: list[str] = field(default_factory=list)
    reminders: ReminderPanel | None = None  # overdue dossiers and reminders mailed to me
    state: str | None = None  # the state the list is narrowed to (its count is a link)
    order: str = "due"


def inbox(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    *,
    today: date,
    page: int = 1,
    per_page: int = 25,
    state: str | None = None,
    order: str = "due",
) -> Inbox:
    """Dossiers waiting for one of my moves, soonest deadline first, with counts per state;
    `state` narrows the list (not the counts), `order` is one of search.ORDERS."""
    limit, offset = page_window(page, per_page)
    _check_list_options(state, order)
    with uow_factory(write=False) as uow:
        groups = _awaiting(principal)
        where = uow.listing.awaiting(groups)
        awaited = {s for *_, states in groups for s in states}
        counts, late = uow.listing.counts_and_overdue(where, awaited, today)
        if order == "due":  # one index branch per state, as always
            states = [state] if state else counts
            lines = uow.listing.waiting_lines(where, states, limit=limit, offset=offset)
        else:
            shown = [*where, *uow.listing.filtered(state=state)]
            lines = uow.listing.lines(shown, limit=limit, offset=offset, order=order)
        first = lines if order == "due" and page == 1 and not state else None
        overdue = overdue_lines(
            uow.reminders, where, counts, today, overdue=late, first_page=first, per_page=limit
        )
        panel = reminder_panel(uow.reminders, overdue, principal.user_id, today)
    total = counts.get(state, 0) if state else sum(counts.values())
    roles = sorted(principal.roles)
    return Inbox(
        Page(lines, total, page, per_page), counts, late, today, roles, panel, state, order
    )


def _check_list_options(state: str | None, order: str) -> None:
    if state and state not in DossierState.__members__:
        raise ValidationError(f"Trạng thái '{state}' không có; chọn trạng thái trong danh sách.")
    if order not in ORDERS:
        choices = "; ".join(f"{k} ({v})" for k, v in ORDERS.items())
        raise ValidationError(f"Cách sắp xếp '{order}' không có; chọn một trong: {choices}.")


def _awaiting(principal: Principal) -> list[tuple[bool, frozenset[int], set[str]]]:
    """(nominating side?, units reached, states) of the moves the user's grants allow."""
    groups: dict[tuple[bool, frozenset[int]], set[DossierState]] = {}
    for grant in principal.grants:
        for action, states in _awaited_actions(grant.role):
            scopes = reach(grant.role, action)
            units = ({grant.unit_id} if Scope.own in scopes else set()) | (
                set(grant.below) if Scope.child in scopes else set()
            )
            if units:
                key = (action in UNIT_SIDE, frozenset(units))
                groups.setdefault(key, set()).update(states)
    return [(side, reached, {str(x) for x in st}) for (side, reached), st in groups.items()]


def _awaited_actions(role: str) -> list[tuple[Action, set[DossierState]]]:
    out = []
    for trigger in Trigger:
        if trigger in _NOT_AWAITED or not reach(role, Action(trigger.value)):
            continue
        out.append((Action(trigger.value), {m.source for m in TRANSITIONS if m.trigger is trigger}))
    if role in _WATCHED:
        out.append(_WATCHED[role])
    return out


@dataclass(frozen=True)
class DossierFilter:
    round_code: str | None = None
    state: str | None = None
    award_code: str | None = None
    unit_code: str | None = None  # the nominating unit, or any unit below it
    code: str | None = None  # a code prefix
    nominee: str | None = None  # part of the nominee's name
    order: str = "due"  # one of awards.repository.search.ORDERS


def list_dossiers(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    flt: DossierFilter,
    *,
    today: date,
    page: int = 1,
    per_page: int = 25,
) -> Page[DossierLine]:
    limit, offset = page_window(page, per_page)
    with uow_factory(write=False) as uow:
        where = [*visible(uow, principal), *_filters(uow, flt, today)]
        total = uow.listing.count(where)
        lines = uow.listing.lines(where, limit=limit, offset=offset, order=flt.order)
    return Page(lines, total, page, per_page)


def visible(uow: UnitOfWork, principal: Principal) -> Where:
    """Dossiers the user may view: nominated within reach, or held by a level within reach."""
    return uow.listing.visible(principal.reach(Action.view))


def _filters(uow: UnitOfWork, flt: DossierFilter, today: date) -> Where:
    round_id = uow.rounds.by_code(flt.round_code).id if flt.round_code else None
    if flt.state and flt.state not in DossierState.__members__:
        raise ValidationError(f"Trạng thái '{flt.state}' không có.")
    _check_list_options(None, flt.order)
    below = None
    if flt.unit_code:
        below = uow.org.descendant_ids(uow.org.require_id(flt.unit_code), today)
    named = [nominee_named(flt.nominee)] if flt.nominee else []
    found = uow.listing.filtered(
        round_id=round_id,
        state=flt.state or None,
        award_code=flt.award_code or None,
        nominated_by=below,
        code_prefix=flt.code.strip() if flt.code else None,
    )
    return [*named, *found]


@dataclass(frozen=True)
class BoardRow:
    unit_code: str
    unit_name: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Board:
    round_code: str
    round_name: str
    unit_code: str
    unit_name: str
    rows: list[BoardRow]
    states: list[str]


def board(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    round_code: str,
    unit_code: str,
    *,
    today: date,
) -> Board:
    """Counts per state of a round's dossiers for a unit and each unit directly below it."""
    with uow_factory(write=False) as uow:
        rnd, unit_id = uow.rounds.by_code(round_code), uow.org.require_id(unit_code)
        authorize(principal, Action.view, [unit_id], f"bảng tổng hợp của đơn vị {unit_code}")
        tree = {u.id: u for u in uow.org.units_on(today)}
        below = uow.org.descendant_ids(unit_id, today)
        where = [
            *uow.listing.filtered(round_id=rnd.id, nominated_by=below),
            *visible(uow, principal),
        ]
        cells = uow.listing.counts_by_unit_state(where)
    rows: dict[int, dict[str, int]] = {}
    for nominating, state, n in cells:
        head = _head_below(tree, nominating, unit_id)
        rows.setdefault(head, {})
        rows[head][state] = rows[head].get(state, 0) + n
    out = [BoardRow(tree[u].code, tree[u].name, c) for u, c in rows.items() if u in tree]
    out.sort(key=lambda r: (r.unit_code != unit_code, r.unit_name))
    states = [st.value for st in DossierState if any(st.value in r.counts for r in out)]
    return Board(rnd.code, rnd.name, unit_code, tree[unit_id].name, out, states)


def _head_below(tree: dict[int, UnitRow], unit: int, top: int) -> int:
    """The unit directly below `top` on the way up from `unit` (or `top` itself)."""
    current = unit
    for _ in range(20):
        row = tree.get(current)
        parent = row.parent_id if row else None
        if current == top or parent is None or parent == top:
            return current
        current = parent
    return current


def unit_code_of(uow_factory: UnitOfWorkFactory, unit_id: int) -> str:
    with uow_factory(write=False) as uow:
        unit = uow.org.get(unit_id)
    if unit is None:
        raise NotFoundError(f"Không có đơn vị số {unit_id}.")
    return unit.code


__all__: Sequence[str] = ["Board", "Inbox", "Page", "board", "inbox", "list_dossiers"]
