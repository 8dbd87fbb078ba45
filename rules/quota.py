"""Quotas over a batch (round × deciding level × award form × unit) and seat allocation.

When a cap binds, the policy's priority order decides who stays (direct workers first, then people
without leadership posts, then score, then the dossier code as a stable tie-breaker), and every
dossier left out gets a recorded Vietnamese reason. Meters (used, cap) feed the council screen.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Protocol

from rules.policy import Policy, PriorityKey, Quota

_PRIORITY_LABEL: dict[str, str] = {
    "direct_worker_first": "người lao động trực tiếp trước",
    "non_leader_first": "người không giữ chức vụ lãnh đạo trước",
    "score_desc": "điểm cao trước",
    "dossier_code": "mã hồ sơ tăng dần",
}


class Ranked(Protocol):
    """What a quota reads of a candidate: its NomineeFacts, or a lighter row with these fields
    (an appraisal of 1,000,000 nominees keeps these, not the facts, until quotas are decided)."""

    @property
    def dossier_code(self) -> str: ...
    @property
    def unit_code(self) -> str: ...
    @property
    def federation_code(self) -> str: ...
    @property
    def topic(self) -> str | None: ...
    @property
    def is_direct_worker(self) -> bool: ...
    @property
    def holds_leadership_post(self) -> bool: ...
    @property
    def score(self) -> float: ...


_SORT_KEYS: dict[str, Callable[[Ranked], Any]] = {
    "direct_worker_first": lambda f: not f.is_direct_worker,
    "non_leader_first": lambda f: f.holds_leadership_post,
    "score_desc": lambda f: -f.score,
    "dossier_code": lambda f: f.dossier_code,
}


@dataclass(frozen=True)
class QuotaMeter:
    """One group's counter for the council screen: how many dossiers compete for how many slots."""

    group: str
    candidates: int
    cap: int
    used: int

    @property
    def binds(self) -> bool:
        return self.candidates > self.cap


@dataclass(frozen=True)
class QuotaOutcome:
    """Who stays within the caps, who is left out and why, and the meters."""

    selected: tuple[str, ...]
    left_out: dict[str, str] = field(default_factory=dict)
    meters: tuple[QuotaMeter, ...] = ()


def priority_sort_key(priority: Sequence[PriorityKey]) -> Callable[[Ranked], tuple[Any, ...]]:
    """A sort key implementing the policy's priority order (first = best)."""
    keys = [_SORT_KEYS[p] for p in priority]
    return lambda f: tuple(k(f) for k in keys)


def group_of(quota: Quota, facts: Ranked) -> str:
    """The key a cap is counted over: unit (or federation), and the topic for per-topic caps."""
    unit = getattr(facts, quota.group_by) or "?"
    return f"{unit}/{facts.topic or '?'}" if quota.kind == "per_topic" else unit


def cap_of(quota: Quota, group: str, base_counts: Mapping[str, int]) -> int:
    """The number of slots of a group: max_count, or floor(max_ratio × base count of the group)."""
    if quota.kind == "ratio":
        assert quota.max_ratio is not None
        # Fraction avoids 0.15 × 20 = 2.9999… turning into 2.
        return math.floor(Fraction(str(quota.max_ratio)) * base_counts.get(group, 0))
    assert quota.max_count is not None
    return quota.max_count


def apply_quota(
    policy: Policy,
    candidates: Sequence[Ranked],
    base_counts: Mapping[str, int] | None = None,
    taken: Mapping[str, int] | None = None,
) -> QuotaOutcome:
    """Keep the best-ranked eligible candidates of each group within its cap.

    ``base_counts`` gives, per group, the count a ratio cap is taken of (e.g. people reaching
    LĐTT in the unit); ``taken`` the slots of a group already used by an earlier batch of the same
    round (a second appraisal run never doubles a cap). Without a quota everyone is selected.
    """
    quota = policy.quota
    if quota is None:
        return QuotaOutcome(tuple(f.dossier_code for f in candidates))
    groups: dict[str, list[Ranked]] = {}
    for facts in candidates:
        groups.setdefault(group_of(quota, facts), []).append(facts)
    order = priority_sort_key(policy.priority)
    how = ", ".join(_PRIORITY_LABEL[p] for p in policy.priority)
    selected: list[str] = []
    left_out: dict[str, str] = {}
    meters = []
    for group, members in sorted(groups.items()):
        cap = cap_of(quota, group, base_counts or {})
        used = min(cap, (taken or {}).get(group, 0))
        free = cap - used
        ranked = sorted(members, key=order)
        selected.extend(f.dossier_code for f in ranked[:free])
        earlier = f", {used} suất đã dùng ở lần xét trước" if used else ""
        for rank, facts in enumerate(ranked[free:], start=free + 1):
            left_out[facts.dossier_code] = (
                f"Vượt chỉ tiêu {_describe(quota)} của {group}: tối đa {cap}{earlier}, hồ sơ xếp "
                f"thứ {rank}/{len(ranked)} theo thứ tự ưu tiên ({how})."
            )
        meters.append(QuotaMeter(group, len(members) + used, cap, used + min(free, len(members))))
    return QuotaOutcome(tuple(selected), left_out, tuple(meters))


def _describe(quota: Quota) -> str:
    if quota.kind == "ratio":
        return f"{quota.max_ratio:.0%} số đạt {quota.base}"
    return "theo chuyên đề" if quota.kind == "per_topic" else "tuyệt đối"


def allocate_seats(member_counts: dict[str, int], seats: int, minimum: int) -> dict[str, int]:
    """Share ``seats`` among units in proportion to members (largest remainder, Hamilton).

    Every unit gets at least ``minimum``: units whose proportional share falls below it are fixed
    at the minimum and the rest is shared again among the others. Ties in the remainder go to the
    larger unit, then the smaller unit code, so the result is deterministic.
    """
    if seats < 0 or minimum < 0 or any(m < 0 for m in member_counts.values()):
        raise ValueError("số ghế, mức tối thiểu và số đoàn viên không được âm")
    if minimum * len(member_counts) > seats:
        raise ValueError(f"không đủ {seats} ghế để mỗi đơn vị có tối thiểu {minimum}")
    fixed: dict[str, int] = {}
    while True:
        rest = {u: m for u, m in member_counts.items() if u not in fixed}
        left, total = seats - sum(fixed.values()), sum(rest.values())
        shares = {
            u: Fraction(left * m, total) if total else Fraction(left, len(rest))
            for u, m in rest.items()
        }
        low = [u for u, q in shares.items() if q < minimum]
        if not low:
            break
        fixed.update(dict.fromkeys(low, minimum))
    result = {u: math.floor(q) for u, q in shares.items()}
    spare = left - sum(result.values())
    by_remainder = sorted(shares, key=lambda u: (-(shares[u] - result[u]), -member_counts[u], u))
    for unit in by_remainder[:spare]:
        result[unit] += 1
    return {u: fixed.get(u, result.get(u, 0)) for u in member_counts}
