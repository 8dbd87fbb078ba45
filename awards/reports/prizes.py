"""The danh sách chi tiền thưởng of a decision and the TĐKT fund report, as DOCX, XLSX and PNG.

Plain data in, bytes out: the services read the rows, this module lays them out (NĐ 30 for the
DOCX, a printable sheet for the XLSX, a bar-and-line chart for the fund).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.drawing.image import Image
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

from awards.reports.documents import (
    Block,
    BodyHeading,
    BodyTable,
    BodyText,
    Issuer,
    Nd30Document,
    Signature,
)
from awards.reports.xlsx import COUNT_FORMAT, FONT_NAME, safe_cell
from notifications.vn import short_date, vn_sort_key
from rules.prizes import vnd

_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(vertical="center", wrap_text=True)


@dataclass(frozen=True)
class PrizeListLine:
    full_name: str  # the person, or the collective's name
    position: str
    unit: str
    award_name: str
    coefficient: str  # "0,3"
    amount_vnd: int


@dataclass(frozen=True)
class PrizeList:
    decision_no: str
    decision_date: date
    decider_name: str
    base_salary_vnd: int
    people: tuple[PrizeListLine, ...]
    collectives: tuple[PrizeListLine, ...]

    @property
    def total_vnd(self) -> int:
        return sum(line.amount_vnd for line in (*self.people, *self.collectives))


PRIZE_COLUMNS = ("STT", "Họ và tên / Tập thể", "Đơn vị", "Hình thức", "Hệ số", "Số tiền (đồng)")
PRIZE_WIDTHS_MM = (14.0, 42.0, 40.0, 33.0, 14.0, 22.0)


def _amount(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _rows(lines: Sequence[PrizeListLine]) -> list[tuple[str, ...]]:
    ordered = sorted(lines, key=lambda line: vn_sort_key(line.full_name))
    return [
        (
            str(n),
            line.full_name + (f"\n{line.position}" if line.position else ""),
            line.unit,
            line.award_name,
            line.coefficient,
            _amount(line.amount_vnd),
        )
        for n, line in enumerate(ordered, start=1)
    ]


def prize_list_document(data: PrizeList, issuer: Issuer, signature: Signature) -> Nd30Document:
    """The list attached to the decision: people, then collectives, with the total in words."""
    kem_theo = (
        f"(Kèm theo Quyết định số {data.decision_no} ngày {short_date(data.decision_date)} "
        f"của {data.decider_name})"
    )
    body: list[Block] = [
        BodyText(
            f"Mức lương cơ sở áp dụng: {vnd(data.base_salary_vnd)}/tháng; số tiền thưởng bằng hệ "
            "số của hình thức khen thưởng nhân với mức lương cơ sở, làm tròn theo quy định."
        )
    ]
    for heading, lines in (("I. CÁ NHÂN", data.people), ("II. TẬP THỂ", data.collectives)):
        if lines:
            body.append(BodyHeading(heading))
            body.append(BodyTable(PRIZE_COLUMNS, tuple(_rows(lines)), PRIZE_WIDTHS_MM))
    count = len(data.people) + len(data.collectives)
    body.append(BodyText(f"Tổng cộng: {count} khen thưởng, {vnd(data.total_vnd)}."))
    return Nd30Document(
        issuer=issuer,
        kind=None,
        number=None,
        date=data.decision_date,
        summary="Chi tiền thưởng",
        signature=signature,
        body=tuple(body),
        title="DANH SÁCH",
        attachment=kem_theo,
    )


def _sheet_title(ws: Worksheet, lines: Sequence[str], width: int) -> int:
    for row, text in enumerate(lines, start=1):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        cell = ws.cell(row=row, column=1, value=safe_cell(text))
        cell.font = Font(name=FONT_NAME, size=13 if row == 1 else 12, bold=row == 1)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    return len(lines) + 2


def _put(ws: Worksheet, row: int, col: int, value: object, *, bold: bool = False) -> None:
    cell = ws.cell(row=row, column=col, value=safe_cell(value) if isinstance(value, str) else value)
    cell.font = Font(name=FONT_NAME, size=12, bold=bold)
    cell.border = _BORDER
    cell.alignment = _WRAP
    if isinstance(value, int) and col > 1:
        cell.number_format = COUNT_FORMAT


def _print_setup(ws: Worksheet, header_row: int, landscape: bool) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"


def prize_list_xlsx(data: PrizeList) -> bytes:
    """The same list as a sheet the accountant can total and print (numbers stay numbers)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Danh sách chi thưởng"
    header = _sheet_title(
        ws,
        [
            "DANH SÁCH CHI TIỀN THƯỞNG",
            f"Kèm theo Quyết định số {data.decision_no} ngày {short_date(data.decision_date)} "
            f"của {data.decider_name}",
            f"Mức lương cơ sở: {_amount(data.base_salary_vnd)} đồng/tháng",
        ],
        len(PRIZE_COLUMNS),
    )
    for col, name in enumerate(PRIZE_COLUMNS, start=1):
        _put(ws, header, col, name, bold=True)
    row = header + 1
    n = 0
    for kind, lines in (("Cá nhân", data.people), ("Tập thể", data.collectives)):
        for line in sorted(lines, key=lambda x: vn_sort_key(x.full_name)):
            n += 1
            values = (n, line.full_name, line.unit, f"{line.award_name} ({kind.lower()})")
            for col, value in enumerate(values, start=1):
                _put(ws, row, col, value)
            _put(ws, row, 5, float(line.coefficient.replace(",", ".")))
            ws.cell(row=row, column=5).number_format = "0.0"
            _put(ws, row, 6, line.amount_vnd)
            row += 1
    _put(ws, row, 2, "Tổng cộng", bold=True)
    ws.cell(row=row, column=6, value=f"=SUM(F{header + 1}:F{max(row - 1, header + 1)})")
    ws.cell(row=row, column=6).number_format = COUNT_FORMAT
    ws.cell(row=row, column=6).font = Font(name=FONT_NAME, size=12, bold=True)
    for letter, width in zip("ABCDEF", (6, 32, 32, 28, 8, 16), strict=True):
        ws.column_dimensions[letter].width = width
    _print_setup(ws, header, landscape=False)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class FundLine:
    seq: int
    entry_date: date
    kind: str  # "Thu", "Chi tiền thưởng", "Chi khác"
    memo: str
    reference: str
    amount_vnd: int  # signed
    balance_vnd: int


@dataclass(frozen=True)
class FundReport:
    unit_name: str
    start: date
    end: date
    opening_vnd: int
    lines: tuple[FundLine, ...]

    @property
    def receipts_vnd(self) -> int:
        return sum(line.amount_vnd for line in self.lines if line.amount_vnd > 0)

    def spent_vnd(self, kind: str) -> int:
        return -sum(line.amount_vnd for line in self.lines if line.kind == kind)

    @property
    def closing_vnd(self) -> int:
        return self.opening_vnd + sum(line.amount_vnd for line in self.lines)


PRIZE_SPENDING, OTHER_SPENDING, RECEIPT = "Chi tiền thưởng", "Chi khác", "Thu"
FUND_COLUMNS = ("Ngày", "Nội dung", "Chứng từ", "Thu (đồng)", "Chi (đồng)", "Tồn (đồng)")
FUND_WIDTHS_MM = (24.0, 47.0, 24.0, 23.0, 23.0, 24.0)


def _summary(report: FundReport) -> list[tuple[str, str]]:
    return [
        ("Tồn đầu kỳ", _amount(report.opening_vnd)),
        ("Thu trong kỳ", _amount(report.receipts_vnd)),
        ("Chi tiền thưởng", _amount(report.spent_vnd(PRIZE_SPENDING))),
        ("Chi khác", _amount(report.spent_vnd(OTHER_SPENDING))),
        ("Tồn cuối kỳ", _amount(report.closing_vnd)),
    ]


def fund_report_document(report: FundReport, issuer: Issuer, signature: Signature) -> Nd30Document:
    """Báo cáo thu, chi Quỹ thi đua, khen thưởng of a level over a period (unnumbered draft)."""
    period = f"từ ngày {short_date(report.start)} đến ngày {short_date(report.end)}"
    summary_rows = tuple((str(n), k, v) for n, (k, v) in enumerate(_summary(report), start=1))
    lines = tuple(
        (
            short_date(line.entry_date),
            line.memo,
            line.reference,
            _amount(line.amount_vnd) if line.amount_vnd > 0 else "",
            _amount(-line.amount_vnd) if line.amount_vnd < 0 else "",
            _amount(line.balance_vnd),
        )
        for line in report.lines
    )
    body: list[Block] = [
        BodyText(
            f"{report.unit_name} báo cáo tình hình thu, chi Quỹ thi đua, khen thưởng {period}:"
        ),
        BodyHeading("I. TỔNG HỢP"),
        BodyTable(("STT", "Nội dung", "Số tiền (đồng)"), summary_rows, (15.0, 95.0, 55.0)),
        BodyHeading("II. CHI TIẾT THU, CHI"),
    ]
    if lines:
        body.append(BodyTable(FUND_COLUMNS, lines, FUND_WIDTHS_MM))
    else:
        body.append(BodyText("Trong kỳ không phát sinh khoản thu, chi nào."))
    return Nd30Document(
        issuer=issuer,
        kind="BC",
        number=None,
        date=report.end,
        summary=f"Tình hình thu, chi Quỹ thi đua, khen thưởng {period}",
        signature=signature,
        body=tuple(body),
    )


def fund_chart_png(report: FundReport) -> bytes:
    """Receipts and spending per month (bars) with the balance at each month's end (line)."""
    import matplotlib
    from matplotlib.figure import Figure

    months: dict[tuple[int, int], list[int]] = {}
    balance = report.opening_vnd
    ends: dict[tuple[int, int], int] = {}
    for line in report.lines:
        key = (line.entry_date.year, line.entry_date.month)
        cell = months.setdefault(key, [0, 0])
        cell[0 if line.amount_vnd > 0 else 1] += abs(line.amount_vnd)
        balance += line.amount_vnd
        ends[key] = balance
    keys = sorted(months)
    labels = [f"{m:02d}/{y}" for y, m in keys]
    million = 1_000_000
    with matplotlib.rc_context({"font.family": "DejaVu Sans"}):
        figure = Figure(figsize=(8, 3.6), layout="constrained")
        axes = figure.add_subplot()
        positions = list(range(len(keys)))
        axes.bar(
            [p - 0.2 for p in positions],
            [months[k][0] / million for k in keys],
            0.4,
            label="Thu",
            color="#2e7d32",
        )
        axes.bar(
            [p + 0.2 for p in positions],
            [months[k][1] / million for k in keys],
            0.4,
            label="Chi",
            color="#c62828",
        )
        axes.plot(
            positions,
            [ends[k] / million for k in keys],
            marker="o",
            color="#1565c0",
            label="Tồn cuối tháng",
        )
        axes.set_xticks(positions, labels=labels)
        axes.set_ylabel("Triệu đồng")
        axes.set_title(f"Quỹ thi đua, khen thưởng: {report.unit_name}", fontsize=11)
        axes.legend(fontsize=9)
        axes.spines[["top", "right"]].set_visible(False)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=120, metadata={"Software": "tdkt"})
    return buffer.getvalue()


def fund_report_xlsx(report: FundReport) -> bytes:
    """The ledger of the period with its running balance, the summary and the chart."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Sổ quỹ"
    period = f"từ ngày {short_date(report.start)} đến ngày {short_date(report.end)}"
    header = _sheet_title(
        ws, ["SỔ QUỸ THI ĐUA, KHEN THƯỞNG", f"{report.unit_name}, {period}"], 1 + len(FUND_COLUMNS)
    )
    for col, name in enumerate(("STT", *FUND_COLUMNS), start=1):
        _put(ws, header, col, name, bold=True)
    row = header + 1
    _put(ws, row, 3, "Tồn đầu kỳ", bold=True)
    _put(ws, row, 7, report.opening_vnd)
    for n, line in enumerate(report.lines, start=1):
        row += 1
        _put(ws, row, 1, n)
        ws.cell(row=row, column=1).number_format = "0"
        cell = ws.cell(row=row, column=2, value=line.entry_date)
        cell.number_format = "DD/MM/YYYY"
        cell.border = _BORDER
        _put(ws, row, 3, line.memo)
        _put(ws, row, 4, line.reference)
        _put(ws, row, 5, line.amount_vnd if line.amount_vnd > 0 else None)
        _put(ws, row, 6, -line.amount_vnd if line.amount_vnd < 0 else None)
        _put(ws, row, 7, line.balance_vnd)
        for col in (5, 6):
            ws.cell(row=row, column=col).number_format = COUNT_FORMAT
    for letter, width in zip("ABCDEFG", (6, 12, 44, 16, 15, 15, 16), strict=True):
        ws.column_dimensions[letter].width = width
    _print_setup(ws, header, landscape=True)
    summary = wb.create_sheet("Tổng hợp")
    for r, (name, _) in enumerate(_summary(report), start=1):
        _put(summary, r, 1, name, bold=r in (1, 5))
    values = [
        report.opening_vnd,
        report.receipts_vnd,
        report.spent_vnd(PRIZE_SPENDING),
        report.spent_vnd(OTHER_SPENDING),
        report.closing_vnd,
    ]
    for r, value in enumerate(values, start=1):
        _put(summary, r, 2, value)
    summary.column_dimensions["A"].width = 24
    summary.column_dimensions["B"].width = 18
    if report.lines:
        summary.add_image(Image(io.BytesIO(fund_chart_png(report))), "D1")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


SEAT_COLUMNS = ("STT", "Đơn vị", "Số đoàn viên", "Số đại biểu điển hình", "Đã đề nghị")
SEAT_WIDTHS_MM = (14.0, 75.0, 25.0, 28.0, 23.0)


@dataclass(frozen=True)
class SeatRow:
    unit_name: str
    members: int
    seats: int
    proposed: int


@dataclass(frozen=True)
class SeatDocument:
    round_name: str
    as_of: date
    total: int
    guests: int
    minimum: int
    rows: tuple[SeatRow, ...]


def seat_document(data: SeatDocument, issuer: Issuer, signature: Signature) -> Nd30Document:
    """Phân bổ số lượng đại biểu điển hình tiên tiến, attached to the conference's plan."""
    exemplars = data.total - data.guests
    rows = [
        (str(n), r.unit_name, _amount(r.members), str(r.seats), str(r.proposed))
        for n, r in enumerate(data.rows, start=1)
    ]
    rows.append(
        (
            "",
            "Tổng cộng",
            _amount(sum(r.members for r in data.rows)),
            str(sum(r.seats for r in data.rows)),
            str(sum(r.proposed for r in data.rows)),
        )
    )
    body: tuple[Block, ...] = (
        BodyText(
            f"Tổng số đại biểu: {data.total} đại biểu, gồm {data.guests} đại biểu khách mời và "
            f"{exemplars} đại biểu điển hình tiên tiến. Số đại biểu điển hình được phân bổ theo "
            f"tỷ lệ số đoàn viên của từng đơn vị tính đến ngày {short_date(data.as_of)} (phương "
            f"pháp số dư lớn nhất), mỗi đơn vị tối thiểu {data.minimum} đại biểu."
        ),
        BodyTable(SEAT_COLUMNS, tuple(rows), SEAT_WIDTHS_MM),
    )
    return Nd30Document(
        issuer=issuer,
        kind=None,
        number=None,
        date=data.as_of,
        summary="Phân bổ số lượng đại biểu điển hình tiên tiến",
        signature=signature,
        body=body,
        title="BẢNG PHÂN BỔ",
        attachment=f"(Kèm theo Kế hoạch tổ chức {data.round_name})",
    )


def seat_xlsx(data: SeatDocument) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Phân bổ đại biểu"
    header = _sheet_title(
        ws,
        [
            "PHÂN BỔ SỐ LƯỢNG ĐẠI BIỂU ĐIỂN HÌNH TIÊN TIẾN",
            f"{data.round_name}; số đoàn viên tính đến ngày {short_date(data.as_of)}",
        ],
        len(SEAT_COLUMNS),
    )
    for col, name in enumerate(SEAT_COLUMNS, start=1):
        _put(ws, header, col, name, bold=True)
    for n, r in enumerate(data.rows, start=1):
        for col, value in enumerate((n, r.unit_name, r.members, r.seats, r.proposed), start=1):
            _put(ws, header + n, col, value)
    last = header + len(data.rows)
    _put(ws, last + 1, 2, "Tổng cộng", bold=True)
    for col in (3, 4, 5):
        letter = "ABCDE"[col - 1]
        ws.cell(row=last + 1, column=col, value=f"=SUM({letter}{header + 1}:{letter}{last})")
        ws.cell(row=last + 1, column=col).number_format = COUNT_FORMAT
    for letter, width in zip("ABCDE", (6, 44, 14, 16, 12), strict=True):
        ws.column_dimensions[letter].width = width
    _print_setup(ws, header, landscape=False)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
