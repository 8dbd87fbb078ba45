"""Queries of round administration (`uow.round_admin`): rounds with their counts, extensions,
events, the units an extension concerns and the due dates of their unsent dossiers.

Kept apart from RoundRepository (`uow.rounds`, the rounds and award catalogue every move
reads): these serve the round desk and the submission window only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select, update
from sqlmodel import Session, col

from awards.errors import NotFoundError
from awards.model import Dossier, Movement, Round, RoundEvent, RoundExtension, Unit
from awards.repository.org import descendant_ids
from states import DossierState

# Dossiers a unit still has to send: what an extension or a new deadline is about.
UNSENT = (DossierState.draft.value,)


@dataclass(frozen=True)
class Addressee:
    unit_id: int
    email: str | None


class RoundAdminRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def by_code(self, code: str, *, lock: bool = False) -> Round:
        """The round of a code (locked on PostgreSQL when changed); NotFoundError naming the
        rounds there are."""
        session = self.session
        stmt = select(Round).where(col(Round.code) == code)
        if lock and session.get_bind().dialect.name == "postgresql":
            stmt = stmt.with_for_update()
        found = session.execute(stmt).scalars().first()
        if found is None:
            known = ", ".join(
                session.execute(select(col(Round.code)).order_by(col(Round.id))).scalars()
            )
            raise NotFoundError(
                f"Không có đợt thi đua mã '{code}'"
                + (
                    f"; các đợt hiện có: {known}."
                    if known
                    else "; chưa mở đợt nào (tdkt round open)."
                )
            )
        return found

    def save(self, rnd: Round) -> None:
        self.session.add(rnd)
        self.session.flush()

    def all(self) -> list[Round]:
        stmt = select(Round).order_by(col(Round.year).desc(), col(Round.code))
        return list(self.session.execute(stmt).scalars())

    def movement_names(self, ids: Iterable[int]) -> dict[int, str]:
        rows = self.session.execute(
            select(col(Movement.id), col(Movement.name)).where(col(Movement.id).in_(set(ids)))
        )
        return {int(i): str(n) for i, n in rows}

    def dossier_counts(self, round_ids: Sequence[int]) -> dict[int, dict[str, int]]:
        """Dossiers per round and state."""
        out: dict[int, dict[str, int]] = {r: {} for r in round_ids}
        rows = self.session.execute(
            select(col(Dossier.round_id), col(Dossier.state), func.count())
            .where(col(Dossier.round_id).in_(round_ids))
            .group_by(col(Dossier.round_id), col(Dossier.state))
        )
        for round_id, state, n in rows:
            out[int(round_id)][str(state)] = int(n)
        return out

    def extensions(self, round_ids: Iterable[int]) -> list[RoundExtension]:
        ids = set(round_ids)
        if not ids:
            return []
        stmt = (
            select(RoundExtension)
            .where(col(RoundExtension.round_id).in_(ids))
            .order_by(col(RoundExtension.id))
        )
        return list(self.session.execute(stmt).scalars())

    def add_extension(self, extension: RoundExtension) -> None:
        self.session.add(extension)
        self.session.flush()

    def events(self, round_id: int) -> list[RoundEvent]:
        stmt = (
            select(RoundEvent)
            .where(col(RoundEvent.round_id) == round_id)
            .order_by(col(RoundEvent.id))
        )
        return list(self.session.execute(stmt).scalars())

    def add_event(self, event: RoundEvent) -> None:
        self.session.add(event)

    def addressees(self, round_id: int, unit_id: int | None, on: date) -> list[Addressee]:
        """Units concerned by an extension: the unit named (if any) and every unit, within its
        scope, that nominated dossiers of the round it has not sent yet."""
        session = self.session
        stmt = select(col(Dossier.nominating_unit_id)).where(
            col(Dossier.round_id) == round_id, col(Dossier.state).in_(UNSENT)
        )
        if unit_id is not None:
            within = descendant_ids(session, unit_id, on)
            stmt = stmt.where(col(Dossier.nominating_unit_id).in_(within))
        ids = {int(u) for u in session.execute(stmt.distinct()).scalars()}
        if unit_id is not None:
            ids.add(unit_id)
        rows = session.execute(
            select(col(Unit.id), col(Unit.email))
            .where(col(Unit.id).in_(ids))
            .order_by(col(Unit.id))
        )
        return [Addressee(int(u), e) for u, e in rows]

    def unsent_units(self, round_id: int) -> set[int]:
        """Nominating units with dossiers of the round not sent yet."""
        stmt = select(col(Dossier.nominating_unit_id)).where(
            col(Dossier.round_id) == round_id, col(Dossier.state).in_(UNSENT)
        )
        return {int(u) for u in self.session.execute(stmt.distinct()).scalars()}

    def set_unsent_due(self, round_id: int, due_by_unit: dict[int, date]) -> int:
        """Set the due date of the round's unsent dossiers, unit by unit (one UPDATE per
        date), so the inbox counts days from each unit's own hạn nộp."""
        by_day: dict[date, list[int]] = {}
        for unit_id, day in due_by_unit.items():
            by_day.setdefault(day, []).append(unit_id)
        changed = 0
        for day, units in sorted(by_day.items()):
            result: Any = self.session.execute(
                update(Dossier)
                .where(
                    col(Dossier.round_id) == round_id,
                    col(Dossier.state).in_(UNSENT),
                    col(Dossier.nominating_unit_id).in_(units),
                )
                .values(due_on=day)
            )
            changed += int(result.rowcount or 0)
        return changed
