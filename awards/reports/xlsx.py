"""A rollup as an XLSX sheet laid out like seed 004's BIỂU TỔNG HỢP.

Counts in the totals row are ``SUM`` formulas (the sheet stays right when someone edits a unit's
figure); ratios are stored values, so the file reads right without recalculation. Every text cell
goes through `safe_cell`, because unit names come from users and a spreadsheet runs formulas.
"""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from awards.reports.programme import Cell, ProgrammeRollup, RollupRow
from notifications.vn import short_date

FONT_NAME = "Times New Roman"
# [$-42A] is Vietnamese: "2.300", "66,67%" whatever the reader's locale (Excel, LibreOffice).
VN = "[$-42A]"
COUNT_FORMAT = f"{VN}#,##0"
RATIO_FORMAT = "0"  # the seed prints whole percents under a "%" heading
PERCENT_FORMAT = f"{VN}0%"
HEADER_ROW = 4  # two header rows: 4 and 5
FIRST_DATA_ROW = HEADER_ROW + 2
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def safe_cell(text: str) -> str:
    """Text that a spreadsheet will not run as a formula (OWASP CSV/formula injection)."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def default_subtitle(rollup: ProgrammeRollup) -> str:
    programme = rollup.programme
    when = f" đến ngày {short_date(programme.as_of)}" if programme.as_of else ""
    return f"Kết quả thực hiện {programme.name}{when}"


def _column_count(rollup: ProgrammeRollup) -> int:
    return 3 + 3 * len(rollup.programme.phases) + 2


def _put(ws: Worksheet, row: int, col: int, value: str | int | None, bold: bool = False) -> None:
    cell = ws.cell(row=row, column=col, value=safe_cell(value) if isinstance(value, str) else value)
    cell.font = Font(name=FONT_NAME, size=12, bold=bold)
    cell.border = _BORDER


def _title(ws: Worksheet, rollup: ProgrammeRollup, title: str, subtitle: str) -> None:
    last = _column_count(rollup)
    for row, text, font in (
        (1, title, Font(name=FONT_NAME, size=14, bold=True)),
        (2, subtitle, Font(name=FONT_NAME, size=13, italic=True)),
    ):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
        cell = ws.cell(row=row, column=1, value=safe_cell(text))
        cell.font = font
        cell.alignment = _CENTER
    ws.row_dimensions[2].height = 33


def _header(ws: Worksheet, rollup: ProgrammeRollup) -> None:
    top, sub = HEADER_ROW, HEADER_ROW + 1
    phases = rollup.programme.phases
    last = _column_count(rollup)
    tall = {
        1: "TT",
        2: "TÊN ĐƠN VỊ",
        3: f"CHỈ TIÊU {len(phases)} GIAI ĐOẠN",
        last - 1: f"TỔNG KẾT QUẢ {len(phases)} GIAI ĐOẠN",
        last: "%",
    }
    for col, text in tall.items():
        _put(ws, top, col, text, bold=True)
        _put(ws, sub, col, None)
        ws.merge_cells(start_row=top, start_column=col, end_row=sub, end_column=col)
    for index, phase in enumerate(phases):
        first = 4 + 3 * index
        for offset, text in enumerate(("Chỉ tiêu", "Kết quả", "Tỷ lệ %")):
            _put(ws, top, first + offset, phase.name.upper() if offset == 0 else None, bold=True)
            _put(ws, sub, first + offset, text, bold=True)
        ws.merge_cells(start_row=top, start_column=first, end_row=top, end_column=first + 2)
    for row in (top, sub):
        for col in range(1, last + 1):
            ws.cell(row=row, column=col).alignment = _CENTER
    ws.row_dimensions[top].height = 30


def _figures(row: RollupRow) -> list[tuple[int | None, str]]:
    """A row's numbers in column order, each with its number format."""
    figures: list[tuple[int | None, str]] = [(row.total.target, COUNT_FORMAT)]
    for cell in row.phases:
        figures += _cell_figures(cell)
    return figures + [(row.total.result, COUNT_FORMAT), (row.total.ratio, RATIO_FORMAT)]


def _cell_figures(cell: Cell) -> list[tuple[int | None, str]]:
    return [(cell.target, COUNT_FORMAT), (cell.result, COUNT_FORMAT), (cell.ratio, RATIO_FORMAT)]


def _data_row(ws: Worksheet, at: int, number: int, row: RollupRow) -> None:
    _put(ws, at, 1, number)
    _put(ws, at, 2, row.unit_name)
    ws.cell(row=at, column=1).alignment = _CENTER
    for col, (value, number_format) in enumerate(_figures(row), start=3):
        _put(ws, at, col, value)
        ws.cell(row=at, column=col).number_format = number_format


def _totals(ws: Worksheet, at: int, rollup: ProgrammeRollup) -> None:
    _put(ws, at, 1, None, bold=True)
    _put(ws, at, 2, rollup.totals.unit_name, bold=True)
    ws.cell(row=at, column=2).alignment = _CENTER
    last_data = at - 1
    for col, (value, number_format) in enumerate(_figures(rollup.totals), start=3):
        letter = get_column_letter(col)
        is_count = number_format == COUNT_FORMAT and value is not None and bool(rollup.rows)
        formula = f"=SUM({letter}{FIRST_DATA_ROW}:{letter}{last_data})"
        # Written directly: a formula we build, which safe_cell would (rightly) neutralise.
        ws.cell(row=at, column=col, value=formula if is_count else value)
        ws.cell(row=at, column=col).font = Font(name=FONT_NAME, size=12, bold=True)
        ws.cell(row=at, column=col).border = _BORDER
        ws.cell(row=at, column=col).number_format = number_format


def _widths(ws: Worksheet, rollup: ProgrammeRollup) -> None:
    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = 28
    for col in range(3, _column_count(rollup) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 10


def write_rollup(
    rollup: ProgrammeRollup,
    *,
    title: str = "BIỂU TỔNG HỢP",
    subtitle: str | None = None,
    sheet_title: str = "Biểu tổng hợp",
) -> Workbook:
    """The workbook; `rollup_xlsx` gives its bytes."""
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None  # a new Workbook always has one sheet
    ws.title = sheet_title[:31]
    _title(ws, rollup, title, subtitle or default_subtitle(rollup))
    _header(ws, rollup)
    for number, row in enumerate(rollup.rows, start=1):
        _data_row(ws, FIRST_DATA_ROW + number - 1, number, row)
    _totals(ws, FIRST_DATA_ROW + len(rollup.rows), rollup)
    _widths(ws, rollup)
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=3)
    print_setup(ws, f"{HEADER_ROW}:{HEADER_ROW + 1}")
    return workbook


def print_setup(ws: Worksheet, title_rows: str) -> None:
    """A4 landscape, every column on one page width (as many pages down as needed), the
    heading rows repeated on each page, the print area the filled range."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = title_rows
    ws.print_area = ws.dimensions
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5


def rollup_xlsx(
    rollup: ProgrammeRollup,
    path: Path | None = None,
    *,
    title: str = "BIỂU TỔNG HỢP",
    subtitle: str | None = None,
) -> bytes:
    """XLSX bytes of the rollup; also written to ``path`` when one is given."""
    buffer = io.BytesIO()
    write_rollup(rollup, title=title, subtitle=subtitle).save(buffer)
    data = buffer.getvalue()
    if path is not None:
        path.write_bytes(data)
    return data
