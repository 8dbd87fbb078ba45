"""Read model of the rounds for screens: plain reads, no permission check, no writes."""

from __future__ import annotations

from awards.repository import UnitOfWorkFactory
from awards.repository import round_codes as rounds


def round_codes(uow_factory: UnitOfWorkFactory, *, newest_first: bool = False) -> list[str]:
    """Every round's code, for the round pickers of the rule simulation and submission screens."""
    with uow_factory(write=False) as uow:
        return rounds.round_codes(uow.session, newest_first=newest_first)
