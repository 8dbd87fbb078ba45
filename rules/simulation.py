"""Simulate a draft policy set against the one in force over a batch of nominees.

Reports who flips eligible ↔ ineligible, which quota groups start or stop binding, and the share
of direct workers among those finally selected (after quotas) before and after.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from rules.compiled import PolicySet
from rules.evaluation import as_of, failed_requirements
from rules.facts import NomineeFacts
from rules.quota import QuotaMeter, apply_quota


@dataclass(frozen=True)
class Flip:
    """A nominee whose eligibility differs between the current and the draft set."""

    dossier_code: str
    award_code: str
    eligible_before: bool
    eligible_after: bool
    failed_before: tuple[str, ...]
    failed_after: tuple[str, ...]


@dataclass(frozen=True)
class QuotaChange:
    """A quota group that binds under one set and not under the other."""

    award_code: str
    group: str
    before: QuotaMeter | None
    after: QuotaMeter | None


@dataclass(frozen=True)
class SimulationReport:
    """What changes if the draft replaces the current set."""

    current_version: str
    draft_version: str
    evaluated: int
    eligible_before: int
    eligible_after: int
    flips: tuple[Flip, ...]
    quota_changes: tuple[QuotaChange, ...]
    direct_worker_share_before: float
    direct_worker_share_after: float


@dataclass(frozen=True)
class _Outcome:
    failed: dict[str, tuple[str, ...] | None]
    selected: set[str]
    meters: dict[tuple[str, str], QuotaMeter]


def _run(
    policy_set: PolicySet, batch: Sequence[NomineeFacts], base: Mapping[str, int], on: date | None
) -> _Outcome:
    failed: dict[str, tuple[str, ...] | None] = {}
    by_award: dict[str, list[NomineeFacts]] = {}
    for facts in batch:
        found = failed_requirements(policy_set, facts, on)
        failed[facts.dossier_code] = None if found is None else tuple(found)
        if found == []:
            by_award.setdefault(facts.award_code, []).append(facts)
    selected: set[str] = set()
    meters: dict[tuple[str, str], QuotaMeter] = {}
    for award, eligible in by_award.items():
        policy = policy_set.select(eligible[0], as_of(eligible[0], on))
        assert policy is not None
        outcome = apply_quota(policy.spec, eligible, base)
        selected.update(outcome.selected)
        meters.update({(award, m.group): m for m in outcome.meters})
    return _Outcome(failed, selected, meters)


def _share(batch: Sequence[NomineeFacts], selected: set[str]) -> float:
    chosen = [f for f in batch if f.dossier_code in selected]
    return sum(f.is_direct_worker for f in chosen) / len(chosen) if chosen else 0.0


def simulate(
    current: PolicySet,
    draft: PolicySet,
    batch: Sequence[NomineeFacts],
    base_counts: Mapping[str, int] | None = None,
    on: date | None = None,
) -> SimulationReport:
    """Evaluate ``batch`` (unique dossier codes) under both sets and compare the outcomes."""
    base = base_counts or {}
    before, after = _run(current, batch, base, on), _run(draft, batch, base, on)
    flips = []
    for facts in batch:
        x, y = before.failed[facts.dossier_code], after.failed[facts.dossier_code]
        if (x == ()) != (y == ()):
            flips.append(
                Flip(facts.dossier_code, facts.award_code, x == (), y == (), x or (), y or ())
            )
    changes = [
        QuotaChange(key[0], key[1], before.meters.get(key), after.meters.get(key))
        for key in sorted(before.meters.keys() | after.meters.keys())
        if _binds(before.meters.get(key)) != _binds(after.meters.get(key))
    ]
    return SimulationReport(
        current.version,
        draft.version,
        len(batch),
        sum(1 for v in before.failed.values() if v == ()),
        sum(1 for v in after.failed.values() if v == ()),
        tuple(flips),
        tuple(changes),
        _share(batch, before.selected),
        _share(batch, after.selected),
    )


def _binds(meter: QuotaMeter | None) -> bool:
    return meter is not None and meter.binds
