"""Reminders of đăng ký thi đua, carried by the daily digest of the reminder sweep.

While a round's registration period is open, each unit directly under the organiser whose
subtree has registered nothing yet gets one line in its digest, with the period's end as its
due date; the digest's tone rises as that date comes near, like a dossier's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from awards.repository import UnitOfWork
from awards.services.registrations.register import period


@dataclass(frozen=True)
class Due:
    unit_id: int
    round_code: str
    round_name: str
    due_on: date


def registrations_due(uow: UnitOfWork, today: date) -> list[Due]:
    """Units that still have to register in a round whose period is open today."""
    open_rounds = []
    for rnd in uow.round_admin.all():
        found = period(rnd)
        closed = rnd.closed_on is not None and rnd.closed_on < today
        if found is not None and found[0] <= today <= found[1] and not closed:
            open_rounds.append((rnd, found[1]))
    if not open_rounds:
        return []
    units = uow.org.units_on(today)
    parent = {u.id: u.parent_id for u in units}
    out = []
    for rnd, ends in open_rounds:
        # the organiser's children whose subtree holds a registering unit (walking up the tree)
        reached: set[int] = set()
        for unit_id in uow.registrations.registered_units(rnd.id or 0):
            at: int | None = unit_id
            while at is not None and parent.get(at) not in (rnd.organiser_unit_id, None):
                at = parent.get(at)
            if at is not None and parent.get(at) == rnd.organiser_unit_id:
                reached.add(at)
        for u in units:
            if u.parent_id == rnd.organiser_unit_id and not u.is_state_body and u.id not in reached:
                out.append(Due(u.id, rnd.code, rnd.name, ends))
    return out


def digest_item(due: Due, days_left: int) -> dict[str, Any]:
    """A line of the reminder digest (the same fields as a dossier's line)."""
    return {
        "code": due.round_code,
        "nominee_name": f"Đăng ký thi đua: {due.round_name}",
        "award_name": "đơn vị chưa đăng ký danh hiệu, hình thức nào",
        "state_label": "Chưa đăng ký thi đua",
        "due_date": due.due_on,
        "working_days_left": days_left,
    }
