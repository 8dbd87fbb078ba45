"""What quotas need about the dossiers of a batch: priority facts, base counts, meters.

Built in a fixed number of queries whatever the batch size (units once, people once, base counts
once). The quota itself is rules.quota: the policy's cap and priority order, exact arithmetic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from awards.model import Dossier
from awards.repository.council import CouncilRepository
from awards.repository.org import UnitRow
from rules import NomineeFacts, PolicySet, apply_quota
from rules.policy import Policy
from rules.quota import group_of


@dataclass
class BatchFacts:
    """Priority facts per dossier code, and the unit tree they were read from."""

    facts: dict[str, NomineeFacts]
    units: dict[int, UnitRow]


def _federation(units: dict[int, UnitRow], unit_id: int) -> str:
    """The code of the level-2 union (LĐLĐ tỉnh, CĐ ngành TW) above a unit, or ''."""
    seen = 0
    current: int | None = unit_id
    while current is not None and seen < 20:
        row = units.get(current)
        if row is None:
            return ""
        if row.level == 2:
            return row.code
        current, seen = row.parent_id, seen + 1
    return ""


def batch_facts(
    councils: CouncilRepository, dossiers: Sequence[Dossier], round_year: int, on: date
) -> BatchFacts:
    units = {u.id: u for u in councils.units_on(on)}
    people = councils.people([d.person_id for d in dossiers if d.person_id])
    facts = {}
    for d in dossiers:
        person = people.get(d.person_id) if d.person_id else None
        nominee_unit = units.get(d.nominee_unit_id) if d.nominee_unit_id else None
        facts[d.code] = NomineeFacts(
            dossier_code=d.code,
            nominee_kind=d.nominee_kind,
            round_year=round_year,
            award_code=d.award_code,
            topic=d.topic,
            unit_code=units[d.nominating_unit_id].code if d.nominating_unit_id in units else "",
            federation_code=_federation(units, d.nominating_unit_id),
            full_name=person.full_name if person else (nominee_unit.name if nominee_unit else ""),
            is_direct_worker=bool(person and person.is_direct_worker),
            holds_leadership_post=bool(person and person.holds_leadership_post),
        )
    return BatchFacts(facts, units)


def base_counts(
    councils: CouncilRepository,
    policy: Policy,
    batch: BatchFacts,
    year: int,
    facts: Sequence[NomineeFacts],
) -> dict[str, int]:
    """Per quota group, the count a ratio cap is taken of (people reaching ``base`` that year)."""
    quota = policy.quota
    if quota is None or quota.kind != "ratio" or not quota.base:
        return {}
    counts: Counter[str] = Counter()
    for unit_id in councils.recognised_units(quota.base, year):
        unit = batch.units.get(unit_id)
        if unit is None:
            continue
        key = unit.code if quota.group_by == "unit_code" else _federation(batch.units, unit_id)
        counts[key] += 1
    wanted = {group_of(quota, f) for f in facts}
    return {g: counts.get(g, 0) for g in wanted}


def policy_for(policy_set: PolicySet, facts: NomineeFacts, on: date) -> Policy | None:
    found = policy_set.select(facts, on)
    return found.spec if found is not None else None


def meters(
    councils: CouncilRepository,
    policy_set: PolicySet,
    batch: BatchFacts,
    codes: Sequence[str],
    year: int,
    on: date,
) -> dict[str, dict[str, Any]]:
    """The quota meter of each dossier's group (candidates, cap, whether it binds)."""
    found: dict[str, dict[str, Any]] = {}
    by_policy: dict[int, tuple[Policy, list[NomineeFacts]]] = {}
    for code in codes:
        policy = policy_for(policy_set, batch.facts[code], on)
        if policy is not None and policy.quota is not None:
            by_policy.setdefault(id(policy), (policy, []))[1].append(batch.facts[code])
    for policy, members in by_policy.values():
        assert policy.quota is not None
        outcome = apply_quota(policy, members, base_counts(councils, policy, batch, year, members))
        meter_of = {m.group: m for m in outcome.meters}
        for facts in members:
            meter = meter_of[group_of(policy.quota, facts)]
            found[facts.dossier_code] = {
                "policy": policy.id,
                "group": meter.group,
                "candidates": meter.candidates,
                "cap": meter.cap,
                "binds": meter.binds,
                "legal_basis": policy.quota.legal_basis,
                "status": policy.quota.status,
            }
    return found
