"""Deadlines of moves (defaulted from policy and calendar) and their recomputation in bulk.

`MoveDeadlines` is loaded once per batch of moves (two queries: the dossiers' current
deadlines and the levels of the units involved) and turns each request into one carrying the
deadline of the state the move leads to. `recompute_open_deadlines` moves every computed
deadline of an open dossier after a calendar edit, in one SELECT DISTINCT and one executemany
(awards.repository.dossiers).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from awards.deadline_policy import Deadline, DeadlineRules, default_deadline, default_rules
from awards.repository import UnitOfWorkFactory
from awards.repository.dossiers import DossierRow
from awards.repository.org import OrgRepository
from awards.services.lifecycle.plan import MoveRequest
from awards.workdays import WorkCalendar, default_calendar
from states import DossierState, Trigger


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

    def __init__(
        self,
        org: OrgRepository,
        rows: Sequence[DossierRow],
        policy: Deadlines,
        known_levels: dict[int, int] | None = None,
    ) -> None:
        """`known_levels`: levels the caller read already (a single move: the holder's)."""
        self.policy = policy
        self.current = {r.id: Deadline(r.due_on, r.due_from, r.due_days) for r in rows}
        self.levels = dict(known_levels or {})
        unit_ids = {r.current_unit_id for r in rows} | {
            r.route[r.hop_no + 1] for r in rows if r.hop_no + 1 < len(r.route)
        }
        if unit_ids - self.levels.keys():
            self.levels.update(org.levels(unit_ids - self.levels.keys()))

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
    with uow_factory() as uow:
        params = [
            {"b_from": start, "b_days": days, "b_due": cal.add_working_days(start, days)}
            for start, days in uow.dossiers.open_due_bases()
        ]
        changed = uow.dossiers.move_due_dates(params)
        uow.commit()
    return RecomputeReport(len(params), changed)
