"""The XLSX reopens with the seed's layout, numbers, merges, fonts and no runnable user text."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from awards.reports.programme import Phase, Programme, ResultRecord, UnitTargets, rollup
from awards.reports.xlsx import rollup_xlsx, safe_cell
from tests.unit.reports import seed004

SUBTITLE = (
    "Các đơn vị cập nhật sáng kiến tham gia dự thi Chương trình “01 triệu sáng kiến” "
    "đến ngày 10/11/2022"
)


def _open(data: bytes) -> Worksheet:
    ws = load_workbook(io.BytesIO(data)).active
    assert isinstance(ws, Worksheet)
    return ws


@pytest.fixture(scope="module")
def sheet() -> Worksheet:
    result = rollup(seed004.PROGRAMME, seed004.targets(), seed004.raw_records())
    return _open(rollup_xlsx(result, subtitle=SUBTITLE))


def test_title_lines(sheet: Worksheet) -> None:
    assert sheet["A1"].value == "BIỂU TỔNG HỢP"
    assert sheet["A1"].font.bold
    assert sheet["A2"].value == SUBTITLE
    assert {"A1:K1", "A2:K2"} <= {str(r) for r in sheet.merged_cells.ranges}


def test_two_level_header(sheet: Worksheet) -> None:
    merges = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A4:A5", "B4:B5", "C4:C5", "D4:F4", "G4:I4", "J4:J5", "K4:K5"} <= merges
    assert [sheet.cell(4, c).value for c in (1, 2, 3, 4, 7, 10, 11)] == [
        "TT",
        "TÊN ĐƠN VỊ",
        "CHỈ TIÊU 2 GIAI ĐOẠN",
        "GIAI ĐOẠN 1",
        "GIAI ĐOẠN 2",
        "TỔNG KẾT QUẢ 2 GIAI ĐOẠN",
        "%",
    ]
    assert [sheet.cell(5, c).value for c in range(4, 10)] == ["Chỉ tiêu", "Kết quả", "Tỷ lệ %"] * 2


def test_rows_match_the_seed_table(sheet: Worksheet) -> None:
    for offset, line in enumerate(seed004.PRINTED):
        values = [sheet.cell(6 + offset, c).value for c in range(1, 12)]
        assert tuple(values) == line


def test_totals_row_sums_counts_and_stores_ratios(sheet: Worksheet) -> None:
    totals = [sheet.cell(18, c).value for c in range(2, 12)]
    assert totals == [
        "Tổng",
        "=SUM(C6:C17)",
        "=SUM(D6:D17)",
        "=SUM(E6:E17)",
        148,
        "=SUM(G6:G17)",
        "=SUM(H6:H17)",
        34,
        "=SUM(J6:J17)",
        94,
    ]
    assert sheet["C18"].number_format == "[$-42A]#,##0"  # Vietnamese grouping: 2.300
    assert sheet.max_row == 18


def test_formatting(sheet: Worksheet) -> None:
    assert sheet["B6"].font.name == "Times New Roman"
    assert sheet["E6"].border.left.style == "thin"
    assert sheet["E6"].number_format == "[$-42A]#,##0"  # Vietnamese grouping: 2.300
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["C"].width
    assert sheet["F17"].value is None  # the partner row's blank ratio


def test_formula_like_unit_name_is_stored_as_text(tmp_path: Path) -> None:
    programme = Programme("P", (Phase("A", "Giai đoạn 1"),))
    units = [UnitTargets("X", '=HYPERLINK("x")', {"A": 2}), UnitTargets("Y", "@SUM(1)", {})]
    path = tmp_path / "bieu.xlsx"
    rollup_xlsx(rollup(programme, units, [ResultRecord("X", "A")]), path)
    ws = _open(path.read_bytes())
    assert ws["B6"].value == '\'=HYPERLINK("x")'
    assert ws["B6"].data_type == "s"
    assert ws["B7"].value == "'@SUM(1)"


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"])
def test_safe_cell_prefixes_formula_starts(text: str) -> None:
    assert safe_cell(text) == "'" + text


def test_safe_cell_leaves_ordinary_text() -> None:
    assert safe_cell("LĐLĐ huyện Sìn Hồ") == "LĐLĐ huyện Sìn Hồ"
    assert safe_cell("") == ""
