"""A family's dated versions side by side: dates, legal bases with their tags, examples, lock.

What `tdkt rules history FAMILY` and the rule authors' history screen show: one entry per version,
oldest first, each with its period of force ("01/01/2019 – 31/12/2023"), every legal basis it
cites (criteria, quota, council, working days) with its status label, whether its examples pass
and whether versions.lock records it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rules.compiled import CompiledPolicy, Example, PolicySet
from rules.evaluation import as_of
from rules.examples import run_example
from rules.policy import STATUS_LABELS

KIND_LABELS = {"ca_nhan": "cá nhân", "tap_the": "tập thể"}


@dataclass(frozen=True)
class Basis:
    """One legal basis a version cites: what it grounds, the text, the status label."""

    what: str
    legal_basis: str
    status: str


@dataclass(frozen=True)
class VersionEntry:
    key: str
    version: str
    title: str
    effective_from: date
    effective_to: date | None
    period: str
    label: str
    source: str
    nominee_kinds: str
    bases: tuple[Basis, ...]
    examples_passed: int
    examples: int
    released: bool


def family_history(pack: PolicySet, family: str, lock: dict[str, str]) -> list[VersionEntry]:
    """Every version of the family folder ``family``, oldest first."""
    versions = sorted(
        (p for p in pack.policies if p.family == family), key=lambda p: p.spec.effective_from
    )
    return [_entry(pack, p, lock) for p in versions]


def _entry(pack: PolicySet, policy: CompiledPolicy, lock: dict[str, str]) -> VersionEntry:
    spec = policy.spec
    results = [
        run_example(pack, e)
        for e in pack.examples
        if e.family == policy.family and _selects(pack, e, policy)
    ]
    return VersionEntry(
        key=policy.key,
        version=spec.version,
        title=spec.title,
        effective_from=spec.effective_from,
        effective_to=spec.effective_to,
        period=spec.period,
        label=spec.label,
        source=policy.source,
        nominee_kinds=", ".join(KIND_LABELS[k] for k in spec.applies_to.nominee_kinds),
        bases=_bases(policy),
        examples_passed=sum(r.passed for r in results),
        examples=len(results),
        released=lock.get(policy.key) == policy.locked,
    )


def _selects(pack: PolicySet, example: Example, policy: CompiledPolicy) -> bool:
    """Is this the version the example is judged by (the one in force on its date)?"""
    return pack.select(example.facts, as_of(example.facts, example.on)) is policy


def _bases(policy: CompiledPolicy) -> tuple[Basis, ...]:
    spec = policy.spec
    found = [
        Basis(f"Điều kiện {r.id}", r.legal_basis, STATUS_LABELS[r.status])
        for r in spec.requirements
    ]
    if spec.quota is not None:
        found.append(Basis("Chỉ tiêu", spec.quota.legal_basis, STATUS_LABELS[spec.quota.status]))
    if spec.council is not None:
        council = spec.council
        found.append(Basis("Hội đồng", council.legal_basis, STATUS_LABELS[council.status]))
    if spec.appraisal_working_days is not None:
        days = spec.appraisal_working_days
        found.append(Basis("Thời hạn thẩm định", days.legal_basis, STATUS_LABELS[days.status]))
    return tuple(found)
