"""Quotas: a binding ratio cap, a per-topic cap, priority order, reasons, and seat allocation."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules import allocate_seats, apply_quota, load_policy_set
from rules.facts import NomineeFacts

PACK = load_policy_set()


def nominee(code: str, award: str = "CSTDCS", **kw: object) -> NomineeFacts:
    base = {"nominee_kind": "ca_nhan", "round_year": 2025, "award_code": award, "unit_code": "U1"}
    return NomineeFacts.model_validate(base | {"dossier_code": code} | kw)


def test_ratio_cap_binds_and_priority_decides() -> None:
    policy = PACK.get("cstdcs")
    assert policy is not None
    people = [
        nominee("HS-01", holds_leadership_post=True, score=99),
        nominee("HS-02", score=10),
        nominee("HS-03", is_direct_worker=True, score=1),
        nominee("HS-04", score=10),
        nominee("HS-05", holds_leadership_post=True, is_direct_worker=True),
    ]
    outcome = apply_quota(policy.spec, people, {"U1": 20})  # 15% of 20 LĐTT = 3
    assert outcome.selected == ("HS-03", "HS-05", "HS-02")
    assert set(outcome.left_out) == {"HS-04", "HS-01"}
    assert "tối đa 3" in outcome.left_out["HS-04"] and "xếp thứ 4/5" in outcome.left_out["HS-04"]
    (meter,) = outcome.meters
    assert (meter.candidates, meter.cap, meter.used, meter.binds) == (5, 3, 3, True)


def test_per_topic_cap_counts_each_topic_of_each_federation() -> None:
    policy = PACK.get("bk-chuyen-de")
    assert policy is not None
    batch = [
        nominee(f"A{i}", "BK_CHUYEN_DE", topic="Xanh – Sạch – Đẹp", federation_code="LC", score=i)
        for i in range(6)
    ] + [nominee("B1", "BK_CHUYEN_DE", topic="Văn hóa, Thể thao", federation_code="LC")]
    outcome = apply_quota(policy.spec, batch)
    assert outcome.selected == ("B1", "A5", "A4", "A3", "A2")  # groups in sorted order
    assert set(outcome.left_out) == {"A1", "A0"}
    assert [(m.group, m.binds) for m in outcome.meters] == [
        ("LC/Văn hóa, Thể thao", False),
        ("LC/Xanh – Sạch – Đẹp", True),
    ]


def test_160_exemplar_seats() -> None:
    rng = random.Random(2025)
    members = {f"CD{i:02d}": rng.randint(40, 6000) for i in range(11)}
    seats = allocate_seats(members, 160, 3)
    assert sum(seats.values()) == 160
    assert min(seats.values()) >= 3
    assert seats == allocate_seats(dict(reversed(members.items())), 160, 3)
    biggest = max(members, key=members.__getitem__)
    assert seats[biggest] == max(seats.values())


@given(
    st.dictionaries(
        st.text("ABCDEFGH", min_size=1, max_size=3), st.integers(0, 10_000), min_size=1, max_size=30
    ),
    st.integers(0, 400),
    st.integers(0, 5),
)
def test_allocation_properties(members: dict[str, int], seats: int, minimum: int) -> None:
    if minimum * len(members) > seats:
        with pytest.raises(ValueError):
            allocate_seats(members, seats, minimum)
        return
    result = allocate_seats(members, seats, minimum)
    assert sum(result.values()) == seats and set(result) == set(members)
    assert all(v >= minimum for v in result.values())
    # proportionality: a unit with more members never gets fewer seats than one with fewer
    ordered = sorted(members, key=members.__getitem__)
    pairs = zip(ordered, ordered[1:], strict=False)
    assert all(result[a] <= result[b] for a, b in pairs if members[a] < members[b])


def test_largest_remainder_by_hand() -> None:
    # 160 seats over 10,000 members: E's share (1.6) is below the minimum, so it is fixed at 3
    # and 157 seats are shared again: A 74.535, B 49.161, C 26.959, D 6.343 → floors 155, the two
    # spare seats go to the largest remainders C (.959) and A (.535).
    members = {"A": 4700, "B": 3100, "C": 1700, "D": 400, "E": 100}
    assert allocate_seats(members, 160, 3) == {"A": 75, "B": 49, "C": 27, "D": 6, "E": 3}
