"""Deadlines of moves (defaulted from policy and calendar) and their recomputation in bulk.

`MoveDeadlines` is loaded once per batch of moves (two queries: the dossiers' current
deadlines and the levels of the units involved) and turns each request into one carrying the
deadline of the state the move leads to. `recompute_open_deadlines` moves every computed
deadline of an open dossier after a calendar edit, in one SELECT DISTINCT and one executemany.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Table,
    and_,
    bindparam,
    literal_column,
    select,
    update,
)
from sqlmodel import Session

from awards.deadline_policy import Deadline, DeadlineRules, default_deadline, default_rules
from awards.model import Dossier, DossierHop, Unit, UnitKind
from awards.repository import UnitOfWorkFactory
from awards.repository.dossiers import DossierRow
from awards.services.lifecycle.plan import MoveRequest
from awards.workdays import WorkCalendar, default_calendar
from states import TERMINAL_STATES, DossierState, Trigger

DOSSIER: Table = Dossier.__table__  # type: ignore[attr-defined]
UNIT: Table = Unit.__table__  # type: ignore[attr-defined]
HOP: Table = DossierHop.__table__  # type: ignore[attr-defined]
UNIT_KIND: Table = UnitKind.__table__  # type: ignore[attr-defined]
CLOSED = sorted(s.value for s in TERMINAL_STATES)


@dataclass(frozen=True)
class Deadlines:
    """The policy and calendar moves are computed with (defaults: the shipped data files)."""

    rules: DeadlineRules
    calendar: WorkCalendar

    @classmethod
    def default(cls) -> Deadlines:
        return cls(default_rules(), default_calendar())


class MoveDeadlines:
    """Per batch: what each accepted move's deadline is."""

    def __init__(self, session: Session, rows: Sequence[DossierRow], policy: Deadlines) -> None:
        self.policy = policy
        self.current = {r.id: Deadline(r.due_on, r.due_from, r.due_days) for r in rows}
        unit_ids = {r.current_unit_id for r in rows} | {
            r.route[r.hop_no + 1] for r in rows if r.hop_no + 1 < len(r.route)
        }
        self.levels = {
            int(u): int(level)
            for u, level in session.execute(
                select(UNIT.c.id, UNIT_KIND.c.level)
                .join(UNIT_KIND, UNIT_KIND.c.code == UNIT.c.kind_code)
                .where(UNIT.c.id.in_(unit_ids))
            )
        }

    def apply(
        self, row: DossierRow, dest: DossierState, req: MoveRequest
    ) -> tuple[MoveRequest, dict[str, Any]]:
        """The request with its deadline filled in, and the basis columns to store."""
        if req.due_on is not None:  # explicit: kept as given, never recomputed
            return req, {"due_from": None, "due_days": None}
        holder = row.current_unit_id
        if req.trigger is Trigger.escalate and row.hop_no + 1 < len(row.route):
            holder = row.route[row.hop_no + 1]
        deadline = default_deadline(
            self.policy.rules,
            self.policy.calendar,
            dest=dest,
            trigger=req.trigger,
            today=req.today,
            level=self.levels.get(holder),
            current=self.current.get(row.id, Deadline(None)),
        )
        fields = {"due_from": deadline.due_from, "due_days": deadline.due_days}
        return replace(req, due_on=deadline.due_on), fields


@dataclass(frozen=True)
class RecomputeReport:
    bases: int  # distinct (start, working days) pairs recomputed
    changed: int  # open dossiers whose deadline moved


def recompute_open_deadlines(
    uow_factory: UnitOfWorkFactory, calendar: WorkCalendar | None = None
) -> RecomputeReport:
    """Recompute every computed deadline of an open dossier with `calendar` (one transaction)."""
    cal = calendar or default_calendar()
    # Closed states inlined as constants (enum values): executemany refuses an expanding IN.
    still_open = [DOSSIER.c.state != literal_column(f"'{state}'") for state in CLOSED]
    open_computed = and_(DOSSIER.c.due_days.is_not(None), *still_open)
    with uow_factory() as uow:
        conn = uow.session.connection()
        pairs = conn.execute(
            select(DOSSIER.c.due_from, DOSSIER.c.due_days).where(open_computed).distinct()
        ).all()
        params = [
            {"b_from": start, "b_days": days, "b_due": cal.add_working_days(start, days)}
            for start, days in pairs
        ]
        changed = 0
        if params:
            stmt = (
                update(DOSSIER)
                .where(
                    open_computed,
                    DOSSIER.c.due_from == bindparam("b_from"),
                    DOSSIER.c.due_days == bindparam("b_days"),
                    DOSSIER.c.due_on.is_distinct_from(bindparam("b_due")),
                )
                .values(due_on=bindparam("b_due"))
            )
            changed = int(conn.execute(stmt, params).rowcount)
            _follow_due_on(conn, open_computed)
        uow.commit()
    return RecomputeReport(len(params), changed)


APPRAISING = [DossierState.received.value, DossierState.under_appraisal.value]


def _follow_due_on(conn: Connection, open_computed: ColumnElement[bool]) -> None:
    """Dates copied from a dossier's deadline follow it: the end of the công khai window, and
    the appraisal deadline of the hop now appraising it (the level's own record)."""
    conn.execute(
        update(DOSSIER)
        .where(
            open_computed,
            DOSSIER.c.state == DossierState.public_notice.value,
            DOSSIER.c.notice_ends_on.is_distinct_from(DOSSIER.c.due_on),
        )
        .values(notice_ends_on=DOSSIER.c.due_on)
    )
    due = (
        select(DOSSIER.c.due_on)
        .where(DOSSIER.c.id == HOP.c.dossier_id, DOSSIER.c.hop_no == HOP.c.hop_no)
        .scalar_subquery()
    )
    appraising = (
        select(DOSSIER.c.id)
        .where(
            DOSSIER.c.id == HOP.c.dossier_id,
            DOSSIER.c.hop_no == HOP.c.hop_no,
            DOSSIER.c.state.in_(APPRAISING),
            open_computed,
            DOSSIER.c.due_on.is_distinct_from(HOP.c.appraisal_due_on),
        )
        .exists()
    )
    conn.execute(
        update(HOP).where(HOP.c.closed_at.is_(None), appraising).values(appraisal_due_on=due)
    )
