"""The prize schedule of a pack: exact amounts, dated entries, located problems."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from rules import DEFAULT_PACK, PolicySetError, load_policy_set
from rules.prizes import vnd


@pytest.fixture(scope="module")
def schedule():  # type: ignore[no-untyped-def]
    found = load_policy_set(DEFAULT_PACK).prizes
    assert found is not None
    return found


def test_amount_is_coefficient_times_base_salary_rounded_up(schedule) -> None:  # type: ignore[no-untyped-def]
    ldtt = schedule.amount("LDLD_UNKNOWN", "ca_nhan", date(2025, 1, 1))
    assert ldtt is None
    got = schedule.amount("LDTT", "ca_nhan", date(2025, 12, 20))
    assert got is not None and got.coefficient == Decimal("0.3")
    # 0,3 × 2.340.000 = 702.000 → 710.000 (round up to 10.000)
    assert (got.base_salary_vnd, got.amount_vnd) == (2_340_000, 710_000)
    assert got.describe() == "0,3 × 2.340.000 đồng = 710.000 đồng"
    old = schedule.amount("CSTD_TINH", "ca_nhan", date(2024, 6, 30))
    assert old is not None and old.amount_vnd == 5_400_000  # 3,0 × 1.800.000


def test_no_amount_before_the_first_rate_or_for_the_wrong_kind(schedule) -> None:  # type: ignore[no-untyped-def]
    assert schedule.amount("CSTDCS", "ca_nhan", date(2023, 12, 31)) is None
    assert schedule.amount("CSTDCS", "tap_the", date(2025, 1, 1)) is None


def test_vietnamese_money() -> None:
    assert vnd(2_300_000) == "2.300.000 đồng" and vnd(0) == "0 đồng"


def _pack_with(tmp_path: Path, prizes: str) -> Path:
    pack = tmp_path / "pack"
    shutil.copytree(DEFAULT_PACK, pack)
    (pack / "prizes.yaml").write_text(prizes, encoding="utf-8")
    return pack


HEAD = """id: prizes
version: 1.0.0
title: Mức tiền thưởng
round_up_to_vnd: 10000
rounding_status: R
rounding_basis: thông lệ
"""


def test_overlapping_base_salaries_are_located(tmp_path: Path) -> None:
    body = (
        HEAD
        + """base_salary:
  - {amount_vnd: 1800000, effective_from: 2023-07-01, status: V, legal_basis: NĐ 24/2023}
  - {amount_vnd: 2340000, effective_from: 2024-07-01, status: R, legal_basis: NĐ 73/2024}
rates: []
"""
    )
    with pytest.raises(PolicySetError) as caught:
        load_policy_set(_pack_with(tmp_path, body))
    (problem,) = caught.value.problems
    assert problem.file.endswith("prizes.yaml") and problem.line == 9
    assert "trùng thời gian hiệu lực" in problem.message


def test_a_bad_coefficient_is_refused_with_its_line(tmp_path: Path) -> None:
    body = (
        HEAD
        + """base_salary:
  - {amount_vnd: 1800000, effective_from: 2023-07-01, status: V, legal_basis: NĐ 24/2023}
rates:
  - {award_code: LDTT, nominee_kind: ca_nhan, coefficient: "-1", effective_from: 2024-01-01,
     status: V, legal_basis: NĐ 152/2025}
"""
    )
    with pytest.raises(PolicySetError) as caught:
        load_policy_set(_pack_with(tmp_path, body))
    assert any(p.line == 10 and "coefficient" in p.path for p in caught.value.problems)
