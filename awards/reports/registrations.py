"""Registered vs achieved (đăng ký thi đua và kết quả) per unit and per title, as XLSX.

Plain data in, bytes out: awards.services.registrations.views counts the rows.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook

from awards.reports.prizes import _print_setup, _put, _sheet_title

COLUMNS = (
    "STT",
    "Đơn vị / danh hiệu",
    "Đăng ký",
    "Đạt",
    "Không đạt",
    "Đang xét",
    "Chưa đề nghị",
    "Đã rút",
    "Tỷ lệ đạt",
)


@dataclass(frozen=True)
class TallyRow:
    name: str
    registered: int  # not withdrawn
    achieved: int
    not_achieved: int
    pending: int
    not_proposed: int
    withdrawn: int
    rate: str  # "66,67%" of the registered, "—" when none


@dataclass(frozen=True)
class RegistrationReport:
    round_code: str
    round_name: str
    level_name: str
    by_unit: tuple[TallyRow, ...]
    by_award: tuple[TallyRow, ...]
    total: TallyRow


def _values(r: TallyRow) -> tuple[object, ...]:
    return (
        r.name,
        r.registered,
        r.achieved,
        r.not_achieved,
        r.pending,
        r.not_proposed,
        r.withdrawn,
        r.rate,
    )


def _sheet(wb: Workbook, title: str, report: RegistrationReport, rows: Sequence[TallyRow]) -> None:
    ws = wb.create_sheet(title)
    header = _sheet_title(
        ws,
        [
            "ĐĂNG KÝ THI ĐUA VÀ KẾT QUẢ ĐẠT ĐƯỢC",
            f"{report.round_name} ({report.round_code}); {report.level_name}; {title.lower()}",
        ],
        len(COLUMNS),
    )
    for col, name in enumerate(COLUMNS, start=1):
        _put(ws, header, col, name, bold=True)
    for n, r in enumerate([*rows, report.total], start=1):
        last = n == len(rows) + 1
        _put(ws, header + n, 1, "" if last else n)
        for col, value in enumerate(_values(r), start=2):
            _put(ws, header + n, col, value, bold=last)
    for letter, width in zip("ABCDEFGHI", (6, 44, 10, 10, 11, 10, 13, 10, 11), strict=True):
        ws.column_dimensions[letter].width = width
    _print_setup(ws, header, landscape=True)


def registration_xlsx(report: RegistrationReport) -> bytes:
    wb = Workbook()
    default = wb.active
    assert default is not None
    wb.remove(default)
    _sheet(wb, "Theo đơn vị", report, report.by_unit)
    _sheet(wb, "Theo danh hiệu", report, report.by_award)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
