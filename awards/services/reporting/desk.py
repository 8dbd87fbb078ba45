"""Sơ kết / tổng kết of a level on behalf of a user: the grant is checked on the level's unit.

The figures are built by awards.services.reporting.periodic (grouped queries) on every request: a
level's
report is a few dozen grouped rows, so nothing is cached; issuing stores the numbered files.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from awards.errors import NotFoundError, ValidationError
from awards.model import IssuedReport
from awards.permissions import Action
from awards.reports.documents import Nd30Document
from awards.reports.docx_nd30 import docx_bytes
from awards.reports.periodic import PeriodReport
from awards.reports.periodic_render import body_blocks
from awards.repository import UnitOfWorkFactory
from awards.repository.periodic import Period
from awards.services.accounts.access import Principal, authorize, levels_in_reach
from awards.services.escalation.documents import SubmissionDocs, write_round_documents
from awards.services.reporting.issuers import issuer_of_code
from awards.services.reporting.office_docs import notice_docx, plan_docx
from awards.services.reporting.periodic import (
    INTERIM_REPORT,
    Issued,
    build_period_report,
    issue_period_report,
    report_period,
)
from awards.services.reporting.texts import (
    SectionText,
    is_issued,
    report_template,
    report_texts,
    section_texts,
    set_report_text,
)
from awards.services.rounds.desk import round_desk
from awards.settings import Settings


@dataclass(frozen=True)
class ReportAsk:
    level_code: str
    kind: str  # so_ket | tong_ket
    year: int
    half: int | None = None


def _level_id(uow_factory: UnitOfWorkFactory, code: str) -> int:
    with uow_factory(write=False) as uow:
        found = uow.reports.unit_id(code)
    if found is None:
        raise NotFoundError(f"Không có đơn vị mã '{code}'; chọn đơn vị trong danh sách.")
    return found


def report_as(
    uow_factory: UnitOfWorkFactory, settings: Settings, principal: Principal, ask: ReportAsk
) -> PeriodReport:
    """The report of a level, when the user may see reports of that unit."""
    level_id = _level_id(uow_factory, ask.level_code)
    authorize(principal, Action.view_reports, [level_id], f"của đơn vị {ask.level_code}")
    if not 2000 <= ask.year <= 2100:
        raise ValidationError(f"Năm {ask.year} không hợp lệ; nhập năm dạng 2025.")
    half = ask.half if ask.kind == INTERIM_REPORT else None
    period = report_period(
        ask.kind, ask.year, half, settings.so_ket_cutoff, settings.tong_ket_cutoff
    )
    return build_period_report(
        uow_factory,
        level_code=ask.level_code,
        kind=ask.kind,
        year=ask.year,
        half=half,
        period=period,
    )


def issue_as(
    uow_factory: UnitOfWorkFactory,
    settings: Settings,
    principal: Principal,
    ask: ReportAsk,
    *,
    issued_on: date,
    now: datetime,
) -> Issued:
    """Number (from the register), store and queue the e-mails of a level's report."""
    level_id = _level_id(uow_factory, ask.level_code)
    authorize(principal, Action.issue_report, [level_id], f"của đơn vị {ask.level_code}")
    report = report_as(uow_factory, settings, principal, ask)
    return issue_period_report(
        uow_factory,
        report,
        level_code=ask.level_code,
        folder=settings.report_dir,
        issued_on=issued_on,
        recipients=settings.report_recipient_list,
        now=now,
        data_dir=settings.data_dir,
    )


def ask_period(settings: Settings, ask: ReportAsk) -> Period:
    half = ask.half if ask.kind == INTERIM_REPORT else None
    return report_period(ask.kind, ask.year, half, settings.so_ket_cutoff, settings.tong_ket_cutoff)


def texts_as(
    uow_factory: UnitOfWorkFactory, settings: Settings, principal: Principal, ask: ReportAsk
) -> tuple[list[SectionText], bool]:
    """The sections of a level's report and whether this user may still write them."""
    level_id = _level_id(uow_factory, ask.level_code)
    authorize(principal, Action.view_reports, [level_id], f"của đơn vị {ask.level_code}")
    period = ask_period(settings, ask)
    sections = section_texts(uow_factory, ask.level_code, ask.kind, period)
    reach = principal.reach(Action.issue_report)
    may_write = (reach is None or level_id in reach) and not is_issued(
        uow_factory, ask.level_code, ask.kind, period
    )
    return sections, may_write


def set_text_as(
    uow_factory: UnitOfWorkFactory,
    settings: Settings,
    principal: Principal,
    ask: ReportAsk,
    section: str,
    text: str,
    now: datetime,
) -> int:
    """The secretariat of the level writes one section of its report."""
    level_id = _level_id(uow_factory, ask.level_code)
    authorize(principal, Action.issue_report, [level_id], f"của đơn vị {ask.level_code}")
    return set_report_text(
        uow_factory,
        level_code=ask.level_code,
        kind=ask.kind,
        period=ask_period(settings, ask),
        section=section,
        text=text,
        actor=principal.username,
        now=now,
    )


def report_levels(
    uow_factory: UnitOfWorkFactory, principal: Principal, on: date
) -> list[tuple[str, str]]:
    """(code, name) of the units whose reports the user may see: their own units first."""
    return levels_in_reach(uow_factory, principal, Action.view_reports, on)


def draft_docx(
    uow_factory: UnitOfWorkFactory,
    report: PeriodReport,
    level_code: str,
    on: date,
    data_dir: Path | None = None,
) -> bytes:
    """The NĐ 30 báo cáo as an unnumbered draft (the number comes only when it is issued), with
    the sections written so far."""
    profile = issuer_of_code(uow_factory, level_code, on)
    texts = report_texts(uow_factory, level_code, report.kind, Period(report.start, report.end))
    doc = Nd30Document(
        issuer=profile.issuer,
        kind="BC",
        number=None,
        date=on,
        summary=report.title,
        signature=profile.signature,
        body=body_blocks(report, texts, report_template(data_dir)),
        recipients=profile.recipients,
        archive_note=profile.archive_note,
    )
    return docx_bytes(doc)


def issued_file_as(
    uow_factory: UnitOfWorkFactory, principal: Principal, report_id: int, suffix: str
) -> Path:
    """A stored file of an issued report, for a user who may see reports of its level."""
    row = issued_as(uow_factory, principal, report_id)
    for name in row.files:
        if name.endswith(f".{suffix}"):
            return Path(name)
    raise NotFoundError(f"Báo cáo {row.document_no} không có tệp .{suffix}.")


def issued_as(uow_factory: UnitOfWorkFactory, principal: Principal, report_id: int) -> IssuedReport:
    with uow_factory(write=False) as uow:
        row = uow.reports.issued(report_id)
    if row is None:
        raise NotFoundError(f"Không có báo cáo số hiệu nội bộ {report_id}.")
    authorize(principal, Action.view_reports, [row.level_unit_id], f"số {row.document_no}")
    return row


def submission_docs_as(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    round_code: str,
    level_code: str,
    folder: Path,
) -> list[SubmissionDocs]:
    """Tờ trình, danh sách and draft quyết định of the submissions a level sent in a round."""
    level_id = _level_id(uow_factory, level_code)
    authorize(principal, Action.view_reports, [level_id], f"của đơn vị {level_code}")
    return write_round_documents(uow_factory, round_code, folder, from_unit_code=level_code)


def plan_docx_as(
    uow_factory: UnitOfWorkFactory, settings: Settings, principal: Principal, code: str, on: date
) -> tuple[str, bytes]:
    """The kế hoạch of a round, for the secretariat of its organiser (as the round screen)."""
    round_desk(uow_factory, principal, code)
    return plan_docx(uow_factory, code, on, settings.data_dir)


def notice_docx_as(
    uow_factory: UnitOfWorkFactory,
    settings: Settings,
    principal: Principal,
    round_code: str,
    level_code: str,
    on: date,
) -> tuple[str, bytes]:
    """The thông báo công khai of a level, for those who open công khai there."""
    level_id = _level_id(uow_factory, level_code)
    authorize(principal, Action.open_public_notice, [level_id], f"của đơn vị {level_code}")
    return notice_docx(uow_factory, round_code, level_code, on, settings.data_dir)
