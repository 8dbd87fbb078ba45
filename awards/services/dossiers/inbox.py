"""What a user sees in lists: the inbox, dossier lists with filters, a round's board per unit.

Every list is restricted by the user's grants (awards.permissions) and paged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, TypeVar

from sqlalchemy import ColumnElement, and_
from sqlmodel import Session, col, select

from awards.errors import NotFoundError, ValidationError
from awards.model import Round, Unit
from awards.permissions import UNIT_SIDE, Action, Scope, reach
from awards.repository import UnitOfWorkFactory
from awards.repository.listing import (
    DOSSIER,
    DossierLine,
    any_of,
    count_dossiers,
    counts_and_overdue,
    counts_by_unit_state,
    dossier_lines,
    liaised_state_bodies,
)
from awards.repository.org import UnitRow, descendant_ids, units_on
from awards.services.accounts.access import Principal, authorize
from awards.services.reminders.panel import ReminderPanel, reminder_panel
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


def inbox(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    *,
    today: date,
    page: int = 1,
    per_page: int = 25,
) -> Inbox:
    """Dossiers waiting for one of my moves, soonest deadline first, with counts per state."""
    limit, offset = page_window(page, per_page)
    with uow_factory(write=False) as uow:
        where = [_awaiting(uow.session, principal)]
        counts, late = counts_and_overdue(uow.session, where, today)
        lines = dossier_lines(uow.session, where, limit=limit, offset=offset)
        panel = reminder_panel(uow.reminders, where, principal.user_id, today)
    total = sum(counts.values())
    roles = sorted(principal.roles)
    return Inbox(Page(lines, total, page, per_page), counts, late, today, roles, panel)


def _awaiting(s: Session, principal: Principal) -> ColumnElement[bool]:
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
    clauses = []
    for (unit_side, reached), states in groups.items():
        ids = set(reached)
        column = DOSSIER.c.nominating_unit_id if unit_side else DOSSIER.c.current_unit_id
        if not unit_side:
            ids |= liaised_state_bodies(s, sorted(reached))
        clauses.append(
            and_(column.in_(sorted(ids)), DOSSIER.c.state.in_(sorted(str(x) for x in states)))
        )
    return any_of(clauses)


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
        s = uow.session
        where = [*visible(s, principal), *_filters(s, flt, today)]
        total = count_dossiers(s, where)
        lines = dossier_lines(s, where, limit=limit, offset=offset)
    return Page(lines, total, page, per_page)


def visible(s: Session, principal: Principal) -> list[ColumnElement[bool]]:
    """Dossiers the user may view: nominated within reach, or held by a level within reach."""
    units = principal.reach(Action.view)
    if units is None:
        return []
    d = DOSSIER.c
    levels = units | liaised_state_bodies(s, sorted(units))
    return [
        any_of(
            [
                d.nominating_unit_id.in_(sorted(units)),
                and_(d.state != DossierState.draft.value, d.current_unit_id.in_(sorted(levels))),
            ]
        )
    ]


def _filters(s: Session, flt: DossierFilter, today: date) -> list[ColumnElement[bool]]:
    d = DOSSIER.c
    where: list[ColumnElement[bool]] = []
    if flt.round_code:
        where.append(d.round_id == _round(s, flt.round_code).id)
    if flt.state:
        if flt.state not in DossierState.__members__:
            raise ValidationError(f"Trạng thái '{flt.state}' không có.")
        where.append(d.state == flt.state)
    if flt.award_code:
        where.append(d.award_code == flt.award_code)
    if flt.unit_code:
        unit = _unit(s, flt.unit_code)
        where.append(d.nominating_unit_id.in_(sorted(descendant_ids(s, unit, today))))
    if flt.code:
        where.append(d.code.startswith(flt.code.strip(), autoescape=True))
    return where


def _round(s: Session, code: str) -> Round:
    rnd = s.exec(select(Round).where(col(Round.code) == code)).first()
    if rnd is None:
        raise NotFoundError(f"Không có đợt thi đua mã '{code}'.")
    return rnd


def _unit(s: Session, code: str) -> int:
    unit_id = s.exec(select(col(Unit.id)).where(col(Unit.code) == code)).first()
    if unit_id is None:
        raise NotFoundError(f"Không có đơn vị mã '{code}'.")
    return unit_id


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
        s = uow.session
        rnd, unit_id = _round(s, round_code), _unit(s, unit_code)
        authorize(principal, Action.view, [unit_id], f"bảng tổng hợp của đơn vị {unit_code}")
        tree = {u.id: u for u in units_on(s, today)}
        where = [
            DOSSIER.c.round_id == rnd.id,
            DOSSIER.c.nominating_unit_id.in_(sorted(descendant_ids(s, unit_id, today))),
            *visible(s, principal),
        ]
        cells = counts_by_unit_state(s, where)
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
        unit = uow.session.get(Unit, unit_id)
    if unit is None:
        raise NotFoundError(f"Không có đơn vị số {unit_id}.")
    return unit.code


__all__: Sequence[str] = ["Board", "Inbox", "Page", "board", "inbox", "list_dossiers"]
