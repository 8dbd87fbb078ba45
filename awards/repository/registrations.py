"""Đăng ký thi đua (`uow.registrations`): the registrations of a round, and the dossiers of the
same nominees × awards that tell whether each registered title was achieved."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import Table, and_, select
from sqlmodel import Session, col

from awards.model import Dossier, Person, Registration, Round

REG: Table = Registration.__table__  # type: ignore[attr-defined]
DOSSIER: Table = Dossier.__table__  # type: ignore[attr-defined]
ROUND: Table = Round.__table__  # type: ignore[attr-defined]

# (award code, nominee kind, person or collective id): what a registration and a dossier share
Key = tuple[str, str, int]


def key_of(award_code: str, kind: str, person_id: int | None, unit_id: int | None) -> Key:
    return (award_code, kind, int(person_id or unit_id or 0))


class RegistrationRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_many(self, rows: Sequence[Registration]) -> None:
        self.session.add_all(rows)
        self.session.flush()

    def get(self, registration_id: int) -> Registration | None:
        return self.session.get(Registration, registration_id)

    def save(self, row: Registration) -> None:
        self.session.add(row)
        self.session.flush()

    def of_rounds(
        self, round_ids: Iterable[int], unit_ids: Iterable[int] | None = None
    ) -> list[Registration]:
        """Every registration of these rounds (of these registering units), oldest first."""
        stmt = select(Registration).where(col(Registration.round_id).in_(set(round_ids)))
        if unit_ids is not None:
            stmt = stmt.where(col(Registration.unit_id).in_(set(unit_ids)))
        return list(self.session.scalars(stmt.order_by(col(Registration.id))))

    def live_keys(self, round_id: int) -> dict[Key, int]:
        """Key → id of the round's registrations still standing (not withdrawn, not closed)."""
        stmt = select(REG.c.id, REG.c.award_code, REG.c.nominee_kind, REG.c.person_id).add_columns(
            REG.c.nominee_unit_id
        )
        stmt = stmt.where(REG.c.round_id == round_id, REG.c.status == "registered")
        return {key_of(a, k, p, u): int(i) for i, a, k, p, u in self.session.execute(stmt)}

    def registered_units(self, round_id: int) -> set[int]:
        stmt = select(REG.c.unit_id).where(REG.c.round_id == round_id).distinct()
        return {int(u) for u in self.session.scalars(stmt)}

    def dossier_states(self, year: int, keys: Iterable[Key]) -> dict[Key, list[str]]:
        """The states of the year's dossiers for these nominees × awards (any round of the year)."""
        wanted = set(keys)
        if not wanted:
            return {}
        awards = sorted({k[0] for k in wanted})
        stmt = (
            select(
                DOSSIER.c.award_code,
                DOSSIER.c.nominee_kind,
                DOSSIER.c.person_id,
                DOSSIER.c.nominee_unit_id,
                DOSSIER.c.state,
            )
            .select_from(DOSSIER.join(ROUND, and_(ROUND.c.id == DOSSIER.c.round_id)))
            .where(ROUND.c.year == year, DOSSIER.c.award_code.in_(awards))
        )
        out: dict[Key, list[str]] = {}
        for a, k, p, u, state in self.session.execute(stmt):
            key = key_of(a, k, p, u)
            if key in wanted:
                out.setdefault(key, []).append(str(state))
        return out

    def rounds_of_year(self, year: int) -> list[Round]:
        stmt = select(Round).where(col(Round.year) == year).order_by(col(Round.code))
        return list(self.session.scalars(stmt))

    def close(self, row: Registration, status: str, actor: str, at: datetime, reason: str) -> None:
        row.status, row.closed_by, row.closed_at, row.reason = status, actor, at, reason
        self.save(row)

    def person_labels(self, ids: Iterable[int]) -> dict[int, tuple[str, str]]:
        """id → (code, full name) of these persons."""
        stmt = select(col(Person.id), col(Person.code), col(Person.full_name)).where(
            col(Person.id).in_(set(ids))
        )
        return {int(i): (str(c), str(n)) for i, c, n in self.session.execute(stmt)}
