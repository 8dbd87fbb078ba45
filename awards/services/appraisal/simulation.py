"""Replay a past round under a draft policy set: who flips, which quotas bind, direct workers.

Facts are rebuilt from the database in bulk for every dossier the round received (drafts and
withdrawn dossiers are left out), then both sets judge the same batch (rules.simulation). For a
signed-in rule author the batch is only the dossiers in their reach (issue 16): a district's
author sees neither the flips nor the counts of another district's dossiers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from awards.repository import UnitOfWorkFactory
from awards.repository.dossiers import DossierRepository
from rules import NomineeFacts, PolicySet, load_policy_set
from rules.simulation import SimulationReport, simulate
from states import DossierState

NOT_RECEIVED = (str(DossierState.draft), str(DossierState.withdrawn))


@dataclass(frozen=True)
class RoundSimulation:
    round_code: str
    on: date
    report: SimulationReport


def simulate_round(
    uow_factory: UnitOfWorkFactory,
    round_code: str,
    draft: PolicySet,
    current: PolicySet | None = None,
    visible: set[int] | None = None,
) -> RoundSimulation:
    """Judge the round's dossiers under the current set and under ``draft``, and compare.

    ``visible``: the units whose dossiers (nominated by or held at them) may be shown; None: all.
    """
    current = current or load_policy_set()
    with uow_factory() as uow:
        rnd = uow.rounds.by_code(round_code)
        ids = uow.dossiers.ids_not_in(rnd.id or 0, NOT_RECEIVED)
        if visible is not None:
            ids = [
                r.id
                for r in uow.dossiers.load_rows(ids=ids, lock=False)
                if r.nominating_unit_id in visible or r.current_unit_id in visible
            ]
        batch = list(uow.dossiers.facts(ids).values())
        base = _bases(uow.dossiers, rnd.year, batch, (current, draft))
    return RoundSimulation(
        round_code, rnd.closes_on, simulate(current, draft, batch, base, rnd.closes_on)
    )


def _bases(
    dossiers: DossierRepository, year: int, batch: list[NomineeFacts], sets: tuple[PolicySet, ...]
) -> dict[str, int]:
    """The counts ratio quotas are taken of, for every ratio quota in either set."""
    units = {f.unit_code for f in batch}
    counts: dict[str, int] = {}
    wanted = {
        (p.spec.quota.base, p.spec.quota.group_by)
        for s in sets
        for p in s.policies
        if p.spec.quota is not None and p.spec.quota.kind == "ratio" and p.spec.quota.base
    }
    for base, group_by in sorted(wanted):
        limit = units if group_by == "unit_code" else None
        counts.update(dossiers.base_counts(year, base, group_by, limit))
    return counts
