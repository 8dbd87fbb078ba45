"""What the list screens offer to pick from, by name: rounds, awards, and the units a user sees
(the codes stay the values sent, people read the names)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from awards.permissions import Action
from awards.repository import UnitOfWorkFactory
from awards.repository.search import ORDERS
from awards.services.accounts.access import Principal

__all__ = ["ORDERS", "ListChoices", "list_choices"]


@dataclass(frozen=True)
class ListChoices:
    rounds: list[tuple[str, str]]
    awards: list[tuple[str, str]]
    units: list[tuple[str, str]]


def list_choices(
    uow_factory: UnitOfWorkFactory, principal: Principal, *, today: date
) -> ListChoices:
    reach = principal.reach(Action.view)
    with uow_factory(write=False) as uow:
        rounds = [(r.code, r.name) for r in uow.rounds.listed()]
        awards = sorted(uow.screens.award_names().items(), key=lambda kv: kv[1])
        units = uow.screens.unit_choices(today, reach)
    return ListChoices(rounds, awards, units)
