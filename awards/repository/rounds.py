"""Rounds of movements and the award catalogue: the one place a round is looked up by its code."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, select

from awards.errors import NotFoundError
from awards.model import Award, Movement, Round


def round_by_code(session: Session, code: str) -> Round:
    """The round with this code; NotFoundError (one wording everywhere) when there is none."""
    found = session.exec(select(Round).where(col(Round.code) == code)).first()
    if found is None:
        raise NotFoundError(round_missing(code))
    return found


def round_missing(code: str) -> str:
    return f"Không có đợt thi đua mã '{code}'."


class RoundRepository:
    """Rounds, their movements and the award catalogue (`uow.rounds`)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def by_code(self, code: str) -> Round:
        return round_by_code(self.session, code)

    def find(self, code: str) -> Round | None:
        return self.session.exec(select(Round).where(col(Round.code) == code)).first()

    def by_codes(self, codes: Iterable[str]) -> dict[str, Round]:
        stmt = select(Round).where(col(Round.code).in_(set(codes)))
        return {r.code: r for r in self.session.exec(stmt)}

    def by_ids(self, ids: Iterable[int | None]) -> dict[int | None, Round]:
        stmt = select(Round).where(col(Round.id).in_(set(ids)))
        return {r.id: r for r in self.session.exec(stmt)}

    def get(self, round_id: int) -> Round | None:
        return self.session.get(Round, round_id)

    def codes(self, *, newest_first: bool = False) -> list[str]:
        """Round codes in code order, or in reverse (the submissions screen preselects the
        first)."""
        code = col(Round.code)
        return list(self.session.exec(select(code).order_by(code.desc() if newest_first else code)))

    def listed(self) -> list[Round]:
        return list(self.session.exec(select(Round).order_by(col(Round.code))))

    def add(self, rnd: Round) -> Round:
        self.session.add(rnd)
        self.session.flush()
        return rnd

    def movement(self, code: str) -> Movement | None:
        return self.session.exec(select(Movement).where(col(Movement.code) == code)).first()

    def add_movement(self, movement: Movement) -> Movement:
        self.session.add(movement)
        self.session.flush()
        return movement

    # The award catalogue: read whole (a few dozen rows) by every use case that needs it.
    def awards(self, codes: Iterable[str] | None = None) -> dict[str, Award]:
        """Every award of the catalogue, or only those of `codes`."""
        stmt = select(Award).order_by(col(Award.code))
        if codes is not None:
            stmt = stmt.where(col(Award.code).in_(set(codes)))
        return {a.code: a for a in self.session.exec(stmt)}

    def award(self, code: str) -> Award | None:
        return self.session.get(Award, code)

    def save_award(self, award: Award) -> None:
        self.session.merge(award)
