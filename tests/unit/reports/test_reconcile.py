"""The data-cleaning check finds the OCR misreadings of seed 004 and passes the corrected table."""

from __future__ import annotations

from dataclasses import replace

from awards.reports.programme import Cell
from awards.reports.reconcile import TOTALS, Discrepancy, check_table
from tests.support import seed004


def _totals():  # type: ignore[no-untyped-def]
    return seed004.as_row("", seed004.PRINTED_TOTALS)


def test_corrected_table_reconciles() -> None:
    assert check_table(seed004.printed_rows(), _totals(), seed004.PHASE_NAMES) == []


def test_ocr_row_11_with_phase_2_result_5_is_reported() -> None:
    rows = seed004.printed_rows()
    rows[10] = replace(rows[10], phases=(rows[10].phases[0], Cell(140, 5, 1)))
    found = check_table(rows, _totals(), seed004.PHASE_NAMES)
    assert Discrepancy(11, "Công đoàn ngành Y tế", "tổng kết quả", 89, 86) in found
    assert Discrepancy(TOTALS, "Tổng", "Giai đoạn 2 - kết quả", 380, 377) in found
    assert {d.row for d in found} == {11, TOTALS}
    assert "Dòng 11 (Công đoàn ngành Y tế), tổng kết quả: tính được 89, bảng ghi 86" in map(
        str, found
    )


def test_ocr_ratio_misreadings_are_reported() -> None:
    rows = seed004.printed_rows()
    rows[3] = replace(rows[3], total=Cell(250, 245, 8))  # "08" for 98
    rows[7] = replace(rows[7], total=Cell(200, 171, 36))  # "36" for 86
    found = check_table(rows, _totals(), seed004.PHASE_NAMES)
    assert [(d.row, d.column, d.expected, d.found) for d in found] == [
        (4, "cả chương trình - tỷ lệ %", 98, 8),
        (8, "cả chương trình - tỷ lệ %", 86, 36),
    ]


def test_phase_targets_must_add_up_and_blank_ratio_must_stay_blank() -> None:
    rows = seed004.printed_rows()
    rows[0] = replace(rows[0], total=Cell(250, 338, 135))
    rows[11] = replace(rows[11], total=Cell(0, 81, 0))
    found = {(d.row, d.column) for d in check_table(rows, _totals(), seed004.PHASE_NAMES)}
    assert (1, "chỉ tiêu cả chương trình") in found
    assert (12, "cả chương trình - tỷ lệ %") in found
    assert (TOTALS, "chỉ tiêu cả chương trình") in found
    assert str(Discrepancy(12, "X", "c", None, 0)) == "Dòng 12 (X), c: tính được trống, bảng ghi 0"
