"""Read model of the rounds for screens: plain reads, no permission check, no writes."""

from __future__ import annotations

from awards.repository import UnitOfWorkFactory


def round_codes(uow_factory: UnitOfWorkFactory, *, newest_first: bool = False) -> list[str]:
    """Every round's code, for the round pickers of the rule simulation and submission screens."""
    with uow_factory(write=False) as uow:
        return uow.rounds.codes(newest_first=newest_first)
