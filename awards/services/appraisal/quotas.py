"""Quotas over a batch at appraisal, and the quota meters the council sees.

A batch is a round × deciding level × award form (× the appraising level); inside it a policy's
cap is counted per unit or per federation (its ``group_by``), per topic for per-topic caps. Slots
already used by an earlier appraisal run of the same batch count against the cap, so running
appraisal again for late dossiers never doubles a quota. Meters are read back from what appraisal
stored in Dossier.eligibility, so the council sees the figures the decision was made on.
"""

from __future__ import annotations

import sys
from array import array
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from awards.model import Round
from awards.repository import UnitOfWorkFactory
from awards.repository.dossiers import DossierRepository
from rules import CompiledPolicy, Evaluation, NomineeFacts, PolicySet, QuotaMeter, apply_quota
from rules.policy import Quota
from rules.quota import group_of
from states import DossierState

# States in which a dossier found eligible still holds its quota slot.
HOLDING = frozenset(
    str(s)
    for s in (
        DossierState.eligible,
        DossierState.on_agenda,
        DossierState.approved,
        DossierState.public_notice,
        DossierState.awaiting_decision,
        DossierState.awarded,
    )
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A dossier that met the criteria and now competes for a slot: only what quotas read (its
    facts would be ~11 KB; a batch of 1,000,000 keeps these rows, not the facts)."""

    seq: int  # position in the appraisal's batch
    dossier_code: str
    unit_code: str
    federation_code: str
    topic: str | None
    is_direct_worker: bool
    holds_leadership_post: bool
    score: float
    award_code: str
    policy: str  # "id@version" of the policy that judged it
    deciding_level: int
    level: int

    @classmethod
    def of(
        cls, seq: int, facts: NomineeFacts, evaluation: Evaluation, deciding_level: int, level: int
    ) -> Candidate:
        # Interned: a unit's code is shared by its thousands of candidates, not copied.
        return cls(
            seq,
            facts.dossier_code,
            sys.intern(facts.unit_code),
            sys.intern(facts.federation_code),
            facts.topic,
            facts.is_direct_worker,
            facts.holds_leadership_post,
            facts.score,
            sys.intern(facts.award_code),
            sys.intern(f"{evaluation.policy_id}@{evaluation.policy_version}"),
            deciding_level,
            level,
        )


@dataclass
class QuotaDecisions:
    """Per candidate (by seq): its group's quota record and, if left out, why; ~5 bytes each
    (the record of a group is shared by its members until a move stores it)."""

    groups: list[dict[str, Any]]
    group_at: array[int]  # seq → index into groups; -1: not in a batch with a quota
    left_out: dict[int, str]

    @classmethod
    def sized(cls, n: int) -> QuotaDecisions:
        return cls([], array("i", [-1]) * n, {})

    def record(self, seq: int) -> dict[str, Any] | None:
        """What Dossier.eligibility["quota"] holds for the candidate at seq (None: no quota)."""
        at = self.group_at[seq]
        if at < 0:
            return None
        reason = self.left_out.get(seq)
        return {**self.groups[at], "selected": reason is None, "reason": reason}


@dataclass(frozen=True)
class BatchMeters:
    """The meters of one batch: one per unit (or federation, or topic) the cap is counted over."""

    round_code: str
    deciding_level: int
    level: int
    award_code: str
    policy: str
    quota: str
    status: str
    legal_basis: str
    meters: tuple[QuotaMeter, ...]


def describe(quota: Quota) -> str:
    """The cap in words, e.g. "tối đa 15% số đạt LDTT, theo unit_code"."""
    if quota.kind == "ratio":
        what = f"tối đa {quota.max_ratio:.0%} số đạt {quota.base}"
    else:
        what = f"tối đa {quota.max_count} hồ sơ" + (
            " mỗi chuyên đề" if quota.kind == "per_topic" else ""
        )
    where = "mỗi đơn vị" if quota.group_by == "unit_code" else "mỗi LĐLĐ tỉnh/CĐ ngành TW"
    return f"{what}, {where}"


def apply_batch_quotas(
    dossiers: DossierRepository,
    rnd: Round,
    policies: PolicySet,
    candidates: Sequence[Candidate],
    size: int,
) -> tuple[list[BatchMeters], QuotaDecisions]:
    """Apply each batch's cap; returns the meters and each candidate's quota decision (by seq,
    in 0..size-1)."""
    batches: dict[tuple[str, int, int, str], list[Candidate]] = defaultdict(list)
    for c in candidates:
        batches[(c.award_code, c.deciding_level, c.level, c.policy)].append(c)
    meters: list[BatchMeters] = []
    decisions = QuotaDecisions.sized(size)
    for (award, deciding, level, key), members in sorted(batches.items()):
        policy = policies.get(*key.split("@"))
        if policy is None or policy.spec.quota is None:
            continue
        quota = policy.spec.quota
        taken = _taken(dossiers, rnd.id or 0, award, level, quota)
        base = _base(dossiers, rnd, quota, members)
        outcome = apply_quota(policy.spec, members, base, taken)
        at: dict[str, int] = {}
        for meter in outcome.meters:
            at[meter.group] = len(decisions.groups)
            decisions.groups.append(_quota_record(policy, deciding, meter))
        for c in members:
            decisions.group_at[c.seq] = at[group_of(quota, c)]
            reason = outcome.left_out.get(c.dossier_code)
            if reason is not None:
                decisions.left_out[c.seq] = reason
        meters.append(_batch(rnd.code, deciding, level, award, policy, outcome.meters))
    return meters, decisions


def _base(
    dossiers: DossierRepository, rnd: Round, quota: Quota, members: Sequence[Candidate]
) -> dict[str, int]:
    """Per group, the count a ratio cap is taken of (people reaching quota.base in the year)."""
    if quota.kind != "ratio" or quota.base is None:
        return {}
    units = {m.unit_code for m in members} if quota.group_by == "unit_code" else None
    return dossiers.base_counts(rnd.year, quota.base, quota.group_by, units)


def _taken(
    dossiers: DossierRepository, round_id: int, award: str, level: int, quota: Quota
) -> dict[str, int]:
    """Slots of each group already held by dossiers selected in an earlier run of this batch."""
    taken: dict[str, int] = defaultdict(int)
    for stored in dossiers.eligibility_in(round_id, sorted(HOLDING), award_code=award):
        q = (stored or {}).get("quota")
        if stored and q and q.get("selected") and stored.get("level") == level:
            taken[q["group"]] += 1
    return dict(taken)


def _quota_record(policy: CompiledPolicy, deciding: int, meter: QuotaMeter) -> dict[str, Any]:
    """A group's quota record; each member's has its own "selected" and "reason"."""
    quota = policy.spec.quota
    assert quota is not None
    return {
        "policy": policy.key,
        "deciding_level": deciding,
        "description": describe(quota),
        "kind": quota.kind,
        "group": meter.group,
        "cap": meter.cap,
        "candidates": meter.candidates,
        "selected": True,
        "priority": list(policy.spec.priority),
        "legal_basis": quota.legal_basis,
        "status": quota.status,
    }


def _batch(
    round_code: str,
    deciding: int,
    level: int,
    award: str,
    policy: CompiledPolicy,
    meters: Sequence[QuotaMeter],
) -> BatchMeters:
    quota = policy.spec.quota
    assert quota is not None
    return BatchMeters(
        round_code,
        deciding,
        level,
        award,
        policy.key,
        describe(quota),
        quota.status,
        quota.legal_basis,
        tuple(meters),
    )


def quota_meters(
    uow_factory: UnitOfWorkFactory, round_code: str, *, award_code: str | None = None
) -> list[BatchMeters]:
    """The meters of every batch of a round, from the stored appraisal results (for the council).

    candidates = dossiers that met the criteria; used = those selected that still hold a slot.
    """
    with uow_factory() as uow:
        rnd = uow.rounds.by_code(round_code)
        rows = uow.dossiers.appraised(rnd.id or 0, award_code)
    return _meters_from(round_code, rows)


def _meters_from(round_code: str, rows: Sequence[tuple[str, Any]]) -> list[BatchMeters]:
    found: dict[tuple[Any, ...], dict[str, list[int]]] = defaultdict(dict)
    info: dict[tuple[Any, ...], dict[str, Any]] = {}
    for state, stored in rows:
        q = (stored or {}).get("quota")
        if not q:
            continue
        key = (q["deciding_level"], stored["level"], stored["award_code"], q["policy"])
        info[key] = q
        counts = found[key].setdefault(q["group"], [0, 0, 0])  # candidates, cap, used
        counts[0] += 1
        counts[1] = max(counts[1], q["cap"])
        counts[2] += int(bool(q["selected"]) and state in HOLDING)
    return [
        BatchMeters(
            round_code,
            key[0],
            key[1],
            key[2],
            key[3],
            info[key]["description"],
            info[key]["status"],
            info[key]["legal_basis"],
            tuple(QuotaMeter(g, n, cap, used) for g, (n, cap, used) in sorted(groups.items())),
        )
        for key, groups in sorted(found.items())
    ]
