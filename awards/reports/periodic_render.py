"""A sơ kết / tổng kết report as NĐ 30 body blocks, an XLSX workbook, HTML and a chart."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from jinja2 import DictLoader, Environment, StrictUndefined
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from awards.reports.documents import Block, BodyImage, BodyTable, BodyText
from awards.reports.periodic import (
    DIRECT_BELOW,
    NON_LEADER_BELOW,
    PeriodReport,
    UnitShare,
    accounting_sentence,
    award_sentences,
    share,
)
from awards.reports.templated import default_template, render_template
from awards.reports.xlsx import (
    COUNT_FORMAT,
    FONT_NAME,
    PERCENT_FORMAT,
    print_setup,
    safe_cell,
)
from notifications.vn import short_date

_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
DOCX_OVERDUE_ROWS = 30
Table = tuple[tuple[str, ...], list[tuple[str | int | None, ...]]]


def _pct(value: int | None) -> str:
    return "" if value is None else f"{value}%"


def _ratio(value: int | None) -> float | None:
    """A whole percent as the number a spreadsheet formats with "0%" (30 → 0.3)."""
    return None if value is None else value / 100


# A dossier still being written by its unit is not yet a proposal: an official report leaves it
# out (the secretariat's screens show it).
UNSENT = ("draft",)


def sent_states(report: PeriodReport) -> list[tuple[str, str, int]]:
    return [s for s in report.by_state if s[0] not in UNSENT]


def state_table(report: PeriodReport) -> Table:
    rows: list[tuple[str | int | None, ...]] = [
        (n, label, c) for n, (_, label, c) in enumerate(sent_states(report), start=1)
    ]
    return ("STT", "Tình hình hồ sơ", "Số hồ sơ"), rows


def share_table(report: PeriodReport) -> Table:
    columns = (
        "STT",
        "Đơn vị",
        "Cá nhân đề nghị",
        "Trực tiếp SX (%)",
        "Không giữ chức vụ (%)",
        "Cá nhân được khen",
        "Trực tiếp SX (%)",
        "Không giữ chức vụ (%)",
        "Ghi chú",
    )
    rows: list[tuple[str | int | None, ...]] = []
    for n, u in enumerate(report.units, start=1):
        rows.append(
            (
                n,
                u.unit_name,
                u.proposed_people,
                _pct(share(u.proposed_direct, u.proposed_people)),
                _pct(share(u.proposed_non_leader, u.proposed_people)),
                u.awarded_people,
                _pct(share(u.awarded_direct, u.awarded_people)),
                _pct(share(u.awarded_non_leader, u.awarded_people)),
                "; ".join(u.flags),
            )
        )
    return columns, rows


def unit_table(report: PeriodReport) -> Table:
    columns = ("STT", "Đơn vị", "Hồ sơ đề nghị", "Cá nhân", "Tập thể", "Được khen thưởng")
    rows: list[tuple[str | int | None, ...]] = [
        (n, u.unit_name, u.proposed, u.proposed_people, u.proposed - u.proposed_people, u.awarded)
        for n, u in enumerate(report.units, start=1)
    ]
    return columns, rows


def overdue_table(report: PeriodReport, limit: int | None = None) -> Table:
    # No dossier code: an internal key, meaningless to the report's readers.
    columns = ("STT", "Hình thức", "Tình trạng", "Hạn", "Đơn vị đang giữ")
    items = report.overdue[:limit] if limit else report.overdue
    rows: list[tuple[str | int | None, ...]] = [
        (n, o.award_name, o.state_label, short_date(o.due_on), o.unit_name)
        for n, o in enumerate(items, start=1)
    ]
    return columns, rows


# Column widths (mm, 165 in all) so a unit's name takes two lines, not five.
WIDTHS_MM: dict[str, tuple[float, ...]] = {
    "state": (12, 113, 40),
    "share": (11, 44, 15, 15, 15, 15, 15, 15, 20),
    "unit": (12, 63, 22, 22, 22, 24),
    "overdue": (12, 50, 30, 23, 50),
}
EMPTY = "Trong kỳ chưa có hồ sơ đề nghị khen thưởng."


def _as_body(table: Table, widths: str) -> Block:
    """The DOCX table; an empty one says so in a sentence instead of printing a bare heading."""
    columns, rows = table
    if not rows:
        return BodyText(EMPTY)
    cells = tuple(tuple("" if v is None else str(v) for v in r) for r in rows)
    return BodyTable(columns, cells, WIDTHS_MM[widths])


def _flagged(units: Sequence[UnitShare], flag: str) -> str:
    return ", ".join(u.unit_name for u in units if flag in u.flags)


REPORT_TEMPLATE = "mau-bao-cao.j2"
# The free-text sections the secretariat writes on the report screen, in the order of seed 003.
REPORT_SECTIONS: dict[str, str] = {
    "tinh_hinh_chung": "Tình hình chung",
    "uu_diem": "Ưu điểm",
    "ton_tai": "Tồn tại, hạn chế",
    "nguyen_nhan": "Nguyên nhân",
    "phuong_huong": "Phương hướng, nhiệm vụ",
    "kien_nghi": "Kiến nghị, đề xuất",
}
CHART_CAPTION = "Biểu đồ: tỷ lệ người lao động trực tiếp trong số cá nhân được khen, theo đơn vị"


def period_words(report: PeriodReport) -> str:
    """ "6 tháng đầu năm 2025", "năm 2025"."""
    if report.kind == "tong_ket":
        return f"năm {report.year}"
    return f"6 tháng {'đầu' if report.half in (None, 1) else 'cuối'} năm {report.year}"


def awards_text(report: PeriodReport) -> str:
    sentences = award_sentences(report)
    return "; ".join(sentences) + "." if sentences else "Trong kỳ chưa có quyết định khen thưởng."


def report_tables(report: PeriodReport) -> dict[str, Callable[[], list[Block]]]:
    """What a template's [[bang: …]] and [[bieu_do]] lines stand for."""
    return {
        "ho_so": lambda: _state_blocks(report),
        "ty_le": lambda: _share_blocks(report),
        "don_vi": lambda: [_as_body(unit_table(report), "unit")],
        "qua_han": lambda: _overdue_blocks(report),
        "chuong_trinh": lambda: _programme_blocks(report),
        "bieu_do": lambda: _chart_blocks(report),
    }


def body_blocks(
    report: PeriodReport,
    texts: Mapping[str, str] | None = None,
    template: tuple[str, str] | None = None,
) -> tuple[Block, ...]:
    """The whole báo cáo from its template (source, name): the figures filled in, the sections
    the secretariat wrote (`texts`, by REPORT_SECTIONS key) in their places."""
    source, name = template or (default_template(REPORT_TEMPLATE), REPORT_TEMPLATE)
    context = {
        "bao_cao": report,
        "ky": period_words(report),
        "ket_qua": awards_text(report),
        "doi_chieu": accounting_sentence(report),
        "co_chuong_trinh": report.programme is not None,
    }
    sections = {key: (texts or {}).get(key, "") for key in REPORT_SECTIONS}
    return render_template(source, name, context, sections=sections, tables=report_tables(report))


def _share_blocks(report: PeriodReport) -> list[Block]:
    blocks: list[Block] = [
        BodyText(
            f"Chỉ tiêu: người lao động trực tiếp từ {report.direct_target_pct}%, người không giữ "
            f"chức vụ lãnh đạo, quản lý từ {report.non_leader_target_pct}% số cá nhân được khen."
        ),
        _as_body(share_table(report), "share"),
    ]
    for flag, what in (
        (DIRECT_BELOW, "người lao động trực tiếp"),
        (NON_LEADER_BELOW, "người không giữ chức vụ"),
    ):
        names = _flagged(report.units, flag)
        if names:
            blocks.append(BodyText(f"Đơn vị có tỷ lệ {what} dưới chỉ tiêu: {names}."))
    return blocks


def _chart_blocks(report: PeriodReport) -> list[Block]:
    """The chart of share_chart, embedded; none when nobody was awarded (an empty chart)."""
    if not any(u.awarded_people for u in report.units):
        return []
    return [BodyImage(share_chart(report), 150, CHART_CAPTION)]


def _state_blocks(report: PeriodReport) -> list[Block]:
    total = sum(n for _, _, n in sent_states(report))
    if not total:
        return [BodyText(EMPTY)]
    return [
        BodyText(f"Trong kỳ có {total} hồ sơ đề nghị khen thưởng, cụ thể:"),
        _as_body(state_table(report), "state"),
    ]


def _overdue_blocks(report: PeriodReport) -> list[Block]:
    total = sum(n for _, _, n in report.overdue_by_state)
    if not total:
        return [BodyText("Không có hồ sơ quá hạn.")]
    detail = ", ".join(f"{label}: {n}" for _, label, n in report.overdue_by_state)
    return [
        BodyText(f"Có {total} hồ sơ quá hạn ({detail})."),
        _as_body(overdue_table(report, DOCX_OVERDUE_ROWS), "overdue"),
    ]


def _programme_blocks(report: PeriodReport) -> list[Block]:
    if report.programme is None:
        return []
    rollup = report.programme
    rows = tuple(
        (str(n), r.unit_name, _n(r.total.target), _n(r.total.result), _pct(r.total.ratio))
        for n, r in enumerate(rollup.rows, start=1)
    )
    t = rollup.totals.total
    rows += (("", "Tổng", _n(t.target), _n(t.result), _pct(t.ratio)),)
    return [
        BodyText(f"Kết quả {rollup.programme.name}:"),
        BodyTable(("TT", "Đơn vị", "Chỉ tiêu", "Kết quả", "Tỷ lệ"), rows, (12, 63, 30, 30, 30)),
    ]


def _n(value: int | None) -> str:
    return "" if value is None else f"{value:,}".replace(",", ".")


def _sheet(ws: Worksheet, title: str, subtitle: str, table: Table, sums: Sequence[int]) -> None:
    """A titled, bordered table; the columns in `sums` get a SUM row under the data."""
    columns, rows = table
    for r, text in ((1, title), (2, subtitle)):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(columns))
        cell = ws.cell(row=r, column=1, value=safe_cell(text))
        cell.font = Font(name=FONT_NAME, size=14 if r == 1 else 12, bold=r == 1, italic=r == 2)
        cell.alignment = _CENTER
    for c, heading in enumerate(columns, start=1):
        _cell(ws, 4, c, heading, bold=True).alignment = _CENTER
        ws.column_dimensions[get_column_letter(c)].width = 28 if c == 2 else 14
    for r, values in enumerate(rows, start=5):
        for c, value in enumerate(values, start=1):
            _cell(ws, r, c, value)
    if rows and sums:
        last = 4 + len(rows)
        _cell(ws, last + 1, 2, "Tổng", bold=True)
        for c in sums:
            letter = get_column_letter(c)
            _cell(ws, last + 1, c, f"=SUM({letter}5:{letter}{last})", bold=True, formula=True)
    ws.freeze_panes = "C5"
    print_setup(ws, "4:4")


_PERCENT = re.compile(r"^(\d+)%$")


def _cell(
    ws: Worksheet, row: int, col: int, value: Any, *, bold: bool = False, formula: bool = False
) -> Any:
    """Numbers stay numbers: a count "#.##0", a "30%" of the tables the number 0,3 shown "30%"."""
    number_format = COUNT_FORMAT if isinstance(value, int) or formula else None
    if isinstance(value, str) and (found := _PERCENT.match(value)):
        value, number_format = int(found[1]) / 100, PERCENT_FORMAT
    shown = value if formula or not isinstance(value, str) else safe_cell(value)
    cell = ws.cell(row=row, column=col, value=shown)
    cell.font = Font(name=FONT_NAME, size=12, bold=bold)
    cell.border = _BORDER
    if number_format and col > 1:
        cell.number_format = number_format
    return cell


def report_xlsx(report: PeriodReport) -> bytes:
    """One sheet per table; counts add up with SUM formulas, every text cell is injection-safe."""
    wb = Workbook()
    first = wb.active
    assert first is not None
    sheets = [
        ("Trạng thái hồ sơ", state_table(report), [3]),
        ("Tỷ lệ trực tiếp", share_table(report), [3, 6]),
        ("Theo đơn vị", unit_table(report), [3, 4, 5, 6]),
        ("Quá hạn", overdue_table(report), []),
    ]
    for index, (name, table, sums) in enumerate(sheets):
        ws = first if index == 0 else wb.create_sheet()
        ws.title = name
        title = f"{name.upper()} - {report.title}"
        _sheet(ws, title, f"{report.level_name}, kỳ {report.period_text}", table, sums)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


_HTML = """\
<section class="period-report">
<h1>{{ r.title }}</h1>
<p>{{ r.level_name }}, kỳ {{ r.period_text }}</p>
<h2>Kết quả công tác khen thưởng</h2>
<ul>{% for s in sentences %}<li>{{ s }}</li>{% endfor %}</ul>
<p class="accounting">{{ accounting }}</p>
{% for name, table in tables %}
<h2>{{ name }}</h2>
<table class="report"><thead><tr>{% for c in table[0] %}<th>{{ c }}</th>{% endfor %}</tr></thead>
<tbody>{% for row in table[1] %}<tr>{% for v in row %}<td>{{ "" if v is none else v }}</td>
{% endfor %}</tr>{% endfor %}</tbody></table>
{% endfor %}
</section>
"""
_ENV = Environment(
    loader=DictLoader({"period.html": _HTML}), autoescape=True, undefined=StrictUndefined
)


def report_html(report: PeriodReport) -> str:
    """An HTML fragment (autoescaped: unit names come from users)."""
    tables = [
        ("Tình hình hồ sơ", state_table(report)),
        ("Người lao động trực tiếp, người không giữ chức vụ", share_table(report)),
        ("Kết quả theo đơn vị", unit_table(report)),
        ("Hồ sơ quá hạn", overdue_table(report)),
    ]
    return _ENV.get_template("period.html").render(
        r=report,
        sentences=award_sentences(report),
        accounting=accounting_sentence(report),
        tables=tables,
    )


def share_chart(report: PeriodReport, fmt: str = "png") -> bytes:
    """Per unit: share of direct workers among awarded individuals, with the target line."""
    import matplotlib
    from matplotlib.figure import Figure

    units = [u for u in report.units if u.awarded_people]
    figure = Figure(figsize=(9, 1.4 + 0.42 * max(len(units), 1)), layout="constrained")
    axes = figure.add_subplot()
    values = [share(u.awarded_direct, u.awarded_people) or 0 for u in units]
    colours = ["#c62828" if v < report.direct_target_pct else "#1565c0" for v in values]
    bars = axes.barh(range(len(units)), values, color=colours)
    axes.set_yticks(range(len(units)), labels=[u.unit_name for u in units])
    axes.invert_yaxis()
    axes.bar_label(bars, labels=[f"{v}%" for v in values], padding=3, fontsize=9)
    axes.axvline(report.direct_target_pct, color="#424242", linestyle="--", label="Chỉ tiêu")
    axes.set_xlim(0, 110)
    axes.set_xlabel("Tỷ lệ người lao động trực tiếp trong số cá nhân được khen (%)")
    axes.set_title(report.title, fontsize=11)
    axes.legend(loc="lower right", fontsize=9)
    buffer = io.BytesIO()
    with matplotlib.rc_context(
        {"font.family": "DejaVu Sans", "svg.fonttype": "none", "svg.hashsalt": "tdkt"}
    ):
        meta = {"Date": None} if fmt == "svg" else {"Software": "tdkt"}
        figure.savefig(buffer, format=fmt, dpi=150, metadata=meta)
    return buffer.getvalue()
