"""The free-text sections of a sơ kết / tổng kết (tình hình chung, đánh giá, phương hướng…).

The secretariat writes them on the report screen (or `tdkt report text set`); they are stored
per report kind, level and period, every write audited (document_event), and editable until the
report of that period is issued. The template (awards/data/mau-bao-cao.j2) places them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from awards.errors import NotFoundError, TransitionNotAllowed, ValidationError
from awards.model import DocumentEvent, ReportText
from awards.reports.periodic_render import REPORT_SECTIONS, REPORT_TEMPLATE
from awards.repository import UnitOfWorkFactory
from awards.repository.periodic import Period
from awards.services.reporting.templates import load_template

MAX_TEXT = 20000  # the column's size: a resource limit, not a legal number
CONSOLE = "máy chủ (dòng lệnh)"


@dataclass(frozen=True)
class SectionText:
    section: str
    label: str
    text: str
    updated_by: str = ""
    updated_at: datetime | None = None


def _level_id(uow_factory: UnitOfWorkFactory, level_code: str) -> int:
    with uow_factory(write=False) as uow:
        found = uow.reports.unit_id(level_code)
    if found is None:
        raise NotFoundError(f"Không có đơn vị mã '{level_code}'; chọn đơn vị trong danh sách.")
    return found


def report_texts(
    uow_factory: UnitOfWorkFactory, level_code: str, kind: str, period: Period
) -> dict[str, str]:
    """section → text, for the template."""
    return {s.section: s.text for s in section_texts(uow_factory, level_code, kind, period)}


def section_texts(
    uow_factory: UnitOfWorkFactory, level_code: str, kind: str, period: Period
) -> list[SectionText]:
    """Every section in the report's order, empty where nothing was written yet."""
    level_id = _level_id(uow_factory, level_code)
    with uow_factory(write=False) as uow:
        rows = uow.reports.texts(kind, level_id, period)
    return [
        SectionText(key, label, rows[key].text, rows[key].updated_by, rows[key].updated_at)
        if key in rows
        else SectionText(key, label, "")
        for key, label in REPORT_SECTIONS.items()
    ]


def is_issued(uow_factory: UnitOfWorkFactory, level_code: str, kind: str, period: Period) -> bool:
    level_id = _level_id(uow_factory, level_code)
    with uow_factory(write=False) as uow:
        return uow.reports.issued_for(kind, level_id, period) is not None


def set_report_text(
    uow_factory: UnitOfWorkFactory,
    *,
    level_code: str,
    kind: str,
    period: Period,
    section: str,
    text: str,
    actor: str,
    now: datetime,
) -> int:
    """Write one section (the row and its audit event in one transaction); refused once the
    report of the period is issued."""
    if section not in REPORT_SECTIONS:
        choices = ", ".join(f"{k} ({v})" for k, v in REPORT_SECTIONS.items())
        raise ValidationError(f"Mục '{section}' không có trong báo cáo; chọn một trong: {choices}.")
    text = text.replace("\r\n", "\n").strip()
    if len(text) > MAX_TEXT:
        raise ValidationError(
            f"Mục {REPORT_SECTIONS[section]} dài {len(text):,} ký tự; tối đa {MAX_TEXT:,} ký tự, "
            "hãy rút gọn.".replace(",", ".")
        )
    level_id = _level_id(uow_factory, level_code)
    with uow_factory() as uow:
        issued = uow.reports.issued_for(kind, level_id, period)
        if issued is not None:
            raise TransitionNotAllowed(
                f"Báo cáo kỳ này đã ban hành (số {issued.document_no}); không sửa được mục "
                f"{REPORT_SECTIONS[section]} nữa."
            )
        row = uow.reports.texts(kind, level_id, period).get(section)
        before = row.text if row is not None else ""
        row = row or ReportText(
            kind=kind,
            level_unit_id=level_id,
            period_start=period.start,
            period_end=period.end,
            section=section,
            updated_by=actor,
        )
        row.text, row.updated_by, row.updated_at = text, actor, now
        row_id = uow.reports.save_text(row)
        uow.reports.add_event(
            DocumentEvent(
                at=now,
                actor=actor,
                subject=f"report_text:{row_id}",
                action="written",
                data={"section": section, "before": before, "after": text},
            )
        )
        uow.commit()
    return row_id


def report_template(data_dir: Path | None) -> tuple[str, str]:
    return load_template(REPORT_TEMPLATE, data_dir)
