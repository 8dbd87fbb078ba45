"""The secretariat's appraisal desk: what waits for appraisal at a level, and running it.

Thin over awards.services.appraisal.appraise: the grant to judge eligibility (mark_eligible) is
checked on
the appraising unit, and only that unit's dossiers of the round are appraised, by the pack in
force the caller passes (App.policies).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from awards.permissions import Action
from awards.repository import UnitOfWorkFactory
from awards.repository.org import UnitRow
from awards.services.accounts.access import Principal, authorize
from awards.services.appraisal.appraise import AppraisalReport, appraise
from awards.services.lifecycle.plan import Actor
from rules import PolicySet
from states import DossierState


@dataclass(frozen=True)
class Waiting:
    """Dossiers of a round under appraisal at a unit, by award name."""

    round_code: str
    round_name: str
    unit: UnitRow
    by_award: dict[str, int]
    received: dict[str, int] = field(default_factory=dict)  # received, appraisal not started
    received_codes: list[str] = field(default_factory=list)
    # marked eligible by hand (issue 16): code → who, why, what was missing
    manual: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.by_award.values())

    @property
    def received_total(self) -> int:
        return sum(self.received.values())


def waiting_for_appraisal(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    round_code: str,
    unit_code: str,
    *,
    now: datetime,
) -> Waiting:
    with uow_factory(write=False) as uow:
        unit = uow.org.by_code(unit_code, now.date())
        authorize(principal, Action.mark_eligible, [unit.id], f"tại {unit.name}")
        rnd = uow.rounds.by_code(round_code)
        awards = uow.dossiers.award_names_held(
            rnd.id or 0, unit_code, DossierState.under_appraisal.value
        )
        received = uow.dossiers.held(rnd.id or 0, unit_code, DossierState.received.value)
        manual = uow.integrity.manual_confirmations(rnd.id or 0, unit_code)
    return Waiting(
        round_code,
        rnd.name,
        unit,
        dict(sorted(Counter(awards).items())),
        dict(sorted(Counter(name for _, name in received).items())),
        [code for code, _ in received],
        manual,
    )


def appraise_at(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    round_code: str,
    unit_code: str,
    *,
    now: datetime,
    policy_set: PolicySet,
) -> AppraisalReport:
    """Appraise the unit's dossiers of the round under appraisal, as the principal."""
    with uow_factory(write=False) as uow:
        unit = uow.org.by_code(unit_code, now.date())
    authorize(principal, Action.mark_eligible, [unit.id], f"tại {unit.name}")
    return appraise(
        uow_factory,
        round_code,
        now=now,
        unit_code=unit_code,
        actor=Actor(principal.full_name, "secretariat"),
        policy_set=policy_set,
    )
