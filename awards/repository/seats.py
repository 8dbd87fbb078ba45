"""Exemplar seats: member counts per unit subtree on a date, the stored allocation, the meters."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Table, delete, func, select
from sqlmodel import Session

from awards.model import Dossier, ExemplarSeat, Person, Round
from awards.repository.bulk import insert_rows
from awards.repository.org import UnitRow, units_on

SEAT: Table = ExemplarSeat.__table__  # type: ignore[attr-defined]
PERSON: Table = Person.__table__  # type: ignore[attr-defined]
DOSSIER: Table = Dossier.__table__  # type: ignore[attr-defined]
ROUND: Table = Round.__table__  # type: ignore[attr-defined]


class SeatRepository:
    """Exemplar seats of rounds and the counts they are shared by (`uow.seats`)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def branches(self, level_id: int, on: date) -> tuple[list[UnitRow], dict[int, int]]:
        """The units directly under a level on a date, and each unit below → its branch."""
        units = units_on(self.session, on)
        parent = {u.id: u.parent_id for u in units}
        children = [u for u in units if u.parent_id == level_id and not u.is_state_body]
        tops = {c.id for c in children}
        branch: dict[int, int] = {}
        for unit in units:
            seen, at = 0, unit.id
            cursor: int | None = at
            while cursor is not None and cursor not in tops and seen < 64:  # deeper than any tree
                cursor, seen = parent.get(cursor), seen + 1
            if cursor is not None and cursor in tops:
                branch[unit.id] = cursor
        return children, branch

    def members_per_unit(self) -> dict[int, int]:
        stmt = select(PERSON.c.unit_id, func.count()).group_by(PERSON.c.unit_id)
        return {int(u): int(n) for u, n in self.session.execute(stmt)}

    def replace_seats(self, round_id: int, rows: Sequence[dict[str, Any]]) -> None:
        self.session.execute(delete(SEAT).where(SEAT.c.round_id == round_id))
        insert_rows(self.session, ExemplarSeat, rows)

    def seats_of(self, round_id: int) -> list[dict[str, Any]]:
        stmt = select(SEAT).where(SEAT.c.round_id == round_id).order_by(SEAT.c.id)
        return [dict(r._mapping) for r in self.session.execute(stmt)]

    def nominated_per_unit(self, round_id: int) -> dict[int, int]:
        """Dossiers of a round per nominating unit, withdrawn ones left out."""
        stmt = (
            select(DOSSIER.c.nominating_unit_id, func.count())
            .where(DOSSIER.c.round_id == round_id, DOSSIER.c.state != "withdrawn")
            .group_by(DOSSIER.c.nominating_unit_id)
        )
        return {int(u): int(n) for u, n in self.session.execute(stmt)}

    def round_organiser(self, round_code: str) -> int | None:
        stmt = select(ROUND.c.organiser_unit_id).where(ROUND.c.code == round_code)
        found = self.session.execute(stmt).scalar_one_or_none()
        return None if found is None else int(found)
