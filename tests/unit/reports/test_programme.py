"""The rollup reproduces seed 004's BIỂU TỔNG HỢP from raw records; ratios round half up."""

from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from awards.reports.programme import (
    BELOW_HALF,
    EXCEEDED,
    Cell,
    Phase,
    Programme,
    ResultRecord,
    UnitTargets,
    ratio,
    rollup,
    round_half_up,
)
from tests.support import seed004


@pytest.fixture(scope="module")
def seed_rollup():  # type: ignore[no-untyped-def]
    return rollup(seed004.PROGRAMME, seed004.targets(), seed004.raw_records())


def test_seed_004_table_is_reproduced_row_by_row(seed_rollup) -> None:  # type: ignore[no-untyped-def]
    without_flags = [replace(row, flags=frozenset()) for row in seed_rollup.rows]
    assert without_flags == seed004.printed_rows()


def test_seed_004_ranking_order(seed_rollup) -> None:  # type: ignore[no-untyped-def]
    names = [row.unit_name for row in seed_rollup.rows]
    assert names == [line[1] for line in seed004.PRINTED]
    assert names[-1] == "Đơn vị phối hợp"


def test_seed_004_totals_row(seed_rollup) -> None:  # type: ignore[no-untyped-def]
    totals = seed_rollup.totals
    assert totals.unit_name == "Tổng"
    assert totals.phases == (Cell(1200, 1775, 148), Cell(1100, 377, 34))
    assert totals.total == Cell(2300, 2152, 94)


def test_partner_row_has_blank_ratios_not_zero(seed_rollup) -> None:  # type: ignore[no-untyped-def]
    partner = seed_rollup.rows[-1]
    assert [c.ratio for c in partner.phases] == [None, None]
    assert partner.total == Cell(0, 81, None)
    assert partner.flags == frozenset()


def test_seed_004_flags(seed_rollup) -> None:  # type: ignore[no-untyped-def]
    exceeded = ("LĐLĐ huyện Than Uyên", "LĐLĐ huyện Nậm Nhùn", "LĐLĐ huyện Tân Uyên")
    assert seed_rollup.flagged(EXCEEDED) == exceeded
    assert seed_rollup.flagged(BELOW_HALF) == ("Công đoàn ngành Y tế",)


def test_thresholds_are_parameters() -> None:
    result = rollup(
        seed004.PROGRAMME, seed004.targets(), seed004.raw_records(), exceeded_at=95, below=62
    )
    assert len(result.flagged(EXCEEDED)) == 5  # down to Công đoàn Viên chức (95.7%)
    below_62 = ("CĐN Giáo dục", "LĐLĐ huyện Tam Đường", "Công đoàn ngành Y tế")
    assert result.flagged(BELOW_HALF) == below_62  # 61.7%, 60.6%, 30.7%


def test_exceeded_compares_the_exact_fraction_not_the_rounded_percent() -> None:
    programme = Programme("P", (Phase("A", "Giai đoạn 1"),))
    units = [UnitTargets("X", "Đơn vị X", {"A": 1000})]
    result = rollup(programme, units, [ResultRecord("X", "A", 996)])
    assert result.rows[0].total.ratio == 100
    assert EXCEEDED not in result.rows[0].flags


def test_ties_are_broken_by_vietnamese_name_order() -> None:
    programme = Programme("P", (Phase("A", "Giai đoạn 1"),))
    names = ["Đơn vị Ánh", "Đơn vị Anh", "Đơn vị Ăn", "Đoàn Bê", "Đơn vị B"]
    units = [UnitTargets(str(i), name, {"A": 10}) for i, name in enumerate(names)]
    records = [ResultRecord(str(i), "A", 5) for i in range(len(names))]
    ranked = [row.unit_name for row in rollup(programme, units, records).rows]
    assert ranked == ["Đoàn Bê", "Đơn vị Anh", "Đơn vị Ánh", "Đơn vị Ăn", "Đơn vị B"]


def test_unit_without_any_target_has_blank_total_target() -> None:
    programme = Programme("P", (Phase("A", "Giai đoạn 1"), Phase("B", "Giai đoạn 2")))
    units = [UnitTargets("X", "X", {}), UnitTargets("Y", "Y", {"A": 4, "B": None})]
    result = rollup(programme, units, [ResultRecord("X", "B"), ResultRecord("Y", "A", 2)])
    assert [r.unit_code for r in result.rows] == ["Y", "X"]
    assert result.rows[1].total == Cell(None, 1, None)
    assert result.rows[0].total == Cell(4, 2, 50)
    assert result.totals.phases[1] == Cell(None, 1, None)


@pytest.mark.parametrize(
    "record, message",
    [
        (ResultRecord("ZZ", "GD1"), "Đơn vị không có"),
        (ResultRecord("TU", "GD9"), "Giai đoạn không có"),
        (ResultRecord("TU", "GD1", -1), "Số lượng âm"),
    ],
)
def test_bad_records_are_rejected(record: ResultRecord, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        rollup(seed004.PROGRAMME, seed004.targets(), [record])


@pytest.mark.parametrize(
    "result, target, expected",
    [(338, 240, 141), (171, 200, 86), (1, 2, 50), (5, 2, 250), (3, 8, 38), (1, 8, 13), (0, 5, 0)],
)
def test_ratio_rounds_half_up(result: int, target: int, expected: int) -> None:
    assert ratio(result, target) == expected


def test_ratio_is_blank_without_target() -> None:
    assert ratio(81, 0) is None
    assert ratio(81, None) is None


@given(st.integers(0, 10**12), st.integers(1, 10**12))
def test_round_half_up_matches_exact_integer_arithmetic(numerator: int, denominator: int) -> None:
    exact = (2 * numerator + denominator) // (2 * denominator)
    assert round_half_up(numerator, denominator) == exact


def test_round_half_up_is_not_bankers_rounding() -> None:
    assert round_half_up(5, 2) == 3 and round(Decimal("2.5")) == 2
    assert round_half_up(-5, 2) == -3 == int(Decimal("-2.5").quantize(1, ROUND_HALF_UP))
