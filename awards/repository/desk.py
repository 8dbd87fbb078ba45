"""What waits at one level's desk in a round: its dossiers in a state, with award names."""

from __future__ import annotations

from sqlmodel import Session, col, select

from awards.model import Award, Dossier, Unit


def dossiers_at(s: Session, round_id: int, unit_code: str, state: str) -> list[tuple[str, str]]:
    """(code, award name) of every dossier of the round held by `unit_code` in `state`."""
    return list(
        s.exec(
            select(col(Dossier.code), col(Award.name))
            .join(Dossier, col(Dossier.award_code) == col(Award.code))
            .join(Unit, col(Unit.id) == col(Dossier.current_unit_id))
            .where(
                col(Dossier.round_id) == round_id,
                col(Unit.code) == unit_code,
                col(Dossier.state) == state,
            )
            .order_by(col(Dossier.code))
        )
    )
