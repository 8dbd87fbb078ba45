"""Reporting: the figures of interim and annual reports, issued reports, programmes.

The grouped figures themselves are in awards.repository.periodic and .programmes (module
functions, used by benchmarks and tests too); this class gives the reporting services every
read and write they need on one object, `uow.reports`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from awards.model import (
    AuditEvent,
    Award,
    DocumentEvent,
    Dossier,
    IssuedReport,
    OutboxMessage,
    Person,
    Programme,
    ProgrammePhase,
    ReportText,
    Unit,
)
from awards.repository import org, periodic, programmes
from awards.repository.awardees import Awardee, awardees_of
from awards.repository.org import UnitRow
from awards.repository.periodic import OverdueRow, Period, UnitFigures
from awards.repository.programmes import ProgrammeData


@dataclass(frozen=True)
class NoticeRow:
    code: str
    nominee_kind: str
    full_name: str | None
    position: str | None
    person_unit_id: int | None
    nominee_unit_id: int | None
    award_code: str
    notice_ends_on: date | None
    opened_at: datetime | None


class ReportRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def awardees(self, decision_no: str) -> list[Awardee]:
        """Every awarded dossier of a decision (its certificates), in dossier-code order."""
        return awardees_of(self.session, decision_no)

    # -- units (the level of a report) ---------------------------------------------------
    def unit_by_code(self, code: str, on: date) -> UnitRow:
        return org.unit_by_code(self.session, code, on)

    def unit_by_id(self, unit_id: int, on: date) -> UnitRow:
        return org.unit_by_id(self.session, unit_id, on)

    def unit_id(self, code: str) -> int | None:
        """The id of a unit code, whatever its validity (None when unknown)."""
        return self.session.scalars(select(col(Unit.id)).where(col(Unit.code) == code)).first()

    def unit_ids(self, codes: Sequence[str]) -> dict[str, int]:
        stmt = select(col(Unit.code), col(Unit.id)).where(col(Unit.code).in_(codes))
        return {str(code): int(uid) for code, uid in self.session.execute(stmt)}

    def all_unit_ids(self) -> set[int]:
        return {int(i) for i in self.session.scalars(select(col(Unit.id))) if i is not None}

    def unit_labels(self, unit_ids: Sequence[int], on: date) -> dict[int, tuple[str, str]]:
        return programmes.unit_labels(self.session, unit_ids, on)

    def ancestor_ids(self, unit_id: int, on: date) -> list[int]:
        return org.ancestor_ids(self.session, unit_id, on)

    def awards(self) -> dict[str, Award]:
        return {a.code: a for a in self.session.scalars(select(Award))}

    # -- figures of a period -------------------------------------------------------------
    def count_by_state(self, level_id: int, period: Period) -> dict[str, int]:
        return periodic.count_by_state(self.session, level_id, period)

    def decided_by(self, level_id: int, period: Period) -> dict[tuple[str, str], int]:
        return periodic.decided_by(self.session, level_id, period)

    def awarded_by_tier(self, level_id: int, period: Period) -> dict[tuple[str, str, str], int]:
        return periodic.awarded_by_tier(self.session, level_id, period)

    def proposed_upwards(self, level_id: int, period: Period) -> dict[tuple[str, str], int]:
        return periodic.proposed_upwards(self.session, level_id, period)

    def unit_figures(self, level_id: int, period: Period) -> list[UnitFigures]:
        return periodic.unit_figures(self.session, level_id, period)

    def overdue(
        self, level_id: int, on: date, waiting: tuple[str, ...]
    ) -> tuple[dict[str, int], list[OverdueRow]]:
        return periodic.overdue(self.session, level_id, on, waiting)

    def programme_of(self, level_id: int, period: Period) -> str | None:
        """A programme this level organises whose phases overlap the period, if any."""
        stmt = (
            select(col(Programme.code))
            .join(ProgrammePhase, col(ProgrammePhase.programme_id) == col(Programme.id))
            .where(
                col(Programme.organiser_unit_id) == level_id,
                col(ProgrammePhase.starts_on) <= period.end,
                col(ProgrammePhase.ends_on) >= period.start,
            )
            .order_by(col(Programme.code))
            .limit(1)
        )
        found = self.session.execute(stmt).scalar()
        return str(found) if found else None

    # -- issued reports ------------------------------------------------------------------
    def issued(self, report_id: int) -> IssuedReport | None:
        return self.session.get(IssuedReport, report_id)

    def issued_for(self, kind: str, level_id: int, period: Period) -> IssuedReport | None:
        """The report already issued for this kind, level and period (re-issuing keeps it)."""
        stmt = select(IssuedReport).where(
            col(IssuedReport.kind) == kind,
            col(IssuedReport.level_unit_id) == level_id,
            col(IssuedReport.period_start) == period.start,
            col(IssuedReport.period_end) == period.end,
        )
        return self.session.scalars(stmt).first()

    def save_issued(self, row: IssuedReport) -> int:
        self.session.add(row)
        self.session.flush()
        assert row.id is not None
        return row.id

    def queued_mails(self, report_id: int) -> int:
        """Outbox rows of a report, whatever their status."""
        stmt = select(func.count()).where(col(OutboxMessage.key).startswith(f"report:{report_id}:"))
        return int(self.session.execute(stmt).scalar_one())

    # -- thông báo công khai ---------------------------------------------------------------
    def notice_rows(self, round_id: int, level_id: int) -> list[NoticeRow]:
        """Dossiers of a round in their công khai window at a level, with who they name and the
        day the window opened (its audit event)."""
        opened = (
            select(col(AuditEvent.dossier_id), func.max(col(AuditEvent.at)).label("at"))
            .where(col(AuditEvent.trigger) == "open_public_notice")
            .group_by(col(AuditEvent.dossier_id))
            .subquery()
        )
        stmt = (
            select(
                col(Dossier.code),
                col(Dossier.nominee_kind),
                col(Person.full_name),
                col(Person.position),
                col(Person.unit_id),
                col(Dossier.nominee_unit_id),
                col(Dossier.award_code),
                col(Dossier.notice_ends_on),
                opened.c.at,
            )
            .outerjoin(Person, col(Person.id) == col(Dossier.person_id))
            .outerjoin(opened, opened.c.dossier_id == col(Dossier.id))
            .where(
                col(Dossier.round_id) == round_id,
                col(Dossier.current_unit_id) == level_id,
                col(Dossier.state) == "public_notice",
            )
            .order_by(col(Dossier.code))
        )
        return [NoticeRow(*row) for row in self.session.execute(stmt)]

    # -- free-text sections of a report, and the audit of office writes ------------------
    def texts(self, kind: str, level_id: int, period: Period) -> dict[str, ReportText]:
        stmt = select(ReportText).where(
            col(ReportText.kind) == kind,
            col(ReportText.level_unit_id) == level_id,
            col(ReportText.period_start) == period.start,
            col(ReportText.period_end) == period.end,
        )
        return {row.section: row for row in self.session.scalars(stmt)}

    def save_text(self, row: ReportText) -> int:
        self.session.add(row)
        self.session.flush()
        assert row.id is not None
        return row.id

    def add_event(self, event: DocumentEvent) -> None:
        self.session.add(event)

    def events(self, subject: str) -> list[DocumentEvent]:
        stmt = (
            select(DocumentEvent)
            .where(col(DocumentEvent.subject) == subject)
            .order_by(col(DocumentEvent.id))
        )
        return list(self.session.scalars(stmt))

    # -- programmes ----------------------------------------------------------------------
    def programme_by_code(self, code: str) -> Programme:
        return programmes.programme_by_code(self.session, code)

    def programme_data(self, code: str, on: date) -> ProgrammeData:
        return programmes.programme_data(self.session, code, on)

    def record_counts(self, programme_id: int, on: date) -> dict[tuple[int, str], int]:
        return programmes.record_counts(self.session, programme_id, on)

    def replace_programme(
        self, programme: Programme, phases: list[dict[str, Any]], targets: list[dict[str, Any]]
    ) -> int:
        return programmes.replace_programme(self.session, programme, phases, targets)

    def insert_records(self, rows: list[dict[str, Any]]) -> int:
        return programmes.insert_records(self.session, rows)
