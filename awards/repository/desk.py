"""What waits at one level's desk in a round: award names of its dossiers in a state."""

from __future__ import annotations

from sqlmodel import Session, col, select

from awards.model import Award, Dossier, Unit


def award_names_at(s: Session, round_id: int, unit_code: str, state: str) -> list[str]:
    """The award name of every dossier of the round held by `unit_code` in `state`."""
    return list(
        s.exec(
            select(col(Award.name))
            .join(Dossier, col(Dossier.award_code) == col(Award.code))
            .join(Unit, col(Unit.id) == col(Dossier.current_unit_id))
            .where(
                col(Dossier.round_id) == round_id,
                col(Unit.code) == unit_code,
                col(Dossier.state) == state,
            )
        )
    )
