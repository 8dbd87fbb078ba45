"""A policy simulation as an XLSX workbook: summary, flips, quota changes (text cells made safe)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from awards.reports.xlsx import safe_cell
from rules.quota import QuotaMeter
from rules.simulation import SimulationReport

Cell = str | int | float | None


def _rows(ws: Worksheet, header: list[str], rows: list[list[Cell]]) -> None:
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([safe_cell(v) if isinstance(v, str) else v for v in row])
    for column in ws.columns:
        width = max(len(str(c.value or "")) for c in column)
        ws.column_dimensions[column[0].column_letter].width = min(60, max(10, width + 2))


def _meter(m: QuotaMeter | None) -> list[Cell]:
    return [None, None, None] if m is None else [m.candidates, m.cap, "có" if m.binds else "không"]


def simulation_workbook(report: SimulationReport, round_code: str) -> Workbook:
    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = "Tóm tắt"
    _rows(
        summary,
        ["Mục", "Bộ đang áp dụng", "Bộ dự thảo"],
        [
            ["Đợt", round_code, round_code],
            ["Phiên bản bộ chính sách", report.current_version, report.draft_version],
            ["Số hồ sơ xét", report.evaluated, report.evaluated],
            ["Đủ điều kiện (tiêu chí)", report.eligible_before, report.eligible_after],
            [
                "Tỷ lệ người lao động trực tiếp trong số được chọn",
                round(report.direct_worker_share_before, 4),
                round(report.direct_worker_share_after, 4),
            ],
        ],
    )
    _rows(
        book.create_sheet("Đổi kết quả"),
        ["Mã hồ sơ", "Hình thức", "Trước", "Sau", "Không đạt (trước)", "Không đạt (sau)"],
        [
            [
                f.dossier_code,
                f.award_code,
                "đủ" if f.eligible_before else "không đủ",
                "đủ" if f.eligible_after else "không đủ",
                ", ".join(f.failed_before),
                ", ".join(f.failed_after),
            ]
            for f in report.flips
        ],
    )
    _rows(
        book.create_sheet("Chỉ tiêu"),
        ["Hình thức", "Nhóm", "Hồ sơ (trước)", "Trần (trước)", "Vượt (trước)"]
        + ["Hồ sơ (sau)", "Trần (sau)", "Vượt (sau)"],
        [
            [q.award_code, q.group, *_meter(q.before), *_meter(q.after)]
            for q in report.quota_changes
        ],
    )
    return book


def write_simulation_xlsx(report: SimulationReport, round_code: str, path: Path) -> Path:
    simulation_workbook(report, round_code).save(path)
    return path
