"""Programmes with per-unit targets (seed 004), their records, and the reports tdkt has issued.

A programme ("01 triệu sáng kiến") has phases with dates; a record (one sáng kiến, one
registration…) carries a unit and a date, and its phase is the one whose dates cover it. Targets
are per participating unit and phase; records from units outside every participant's subtree
count in the programme's partner row ("Đơn vị phối hợp").
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from awards.model.base import JSONType, UTCDateTime, utcnow


class Programme(SQLModel, table=True):
    __tablename__ = "programme"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True)
    name: str = Field(max_length=300)
    record_kind: str = Field(default="sang_kien", max_length=40, description="sang_kien|dang_ky…")
    organiser_unit_id: int | None = Field(default=None, foreign_key="unit.id")
    partner_label: str = Field(default="Đơn vị phối hợp", max_length=200)
    exceeded_at: int = Field(default=100, description="% of the whole target flagged 'vượt'")
    below: int = Field(default=50, description="% under which a unit is flagged")


class ProgrammePhase(SQLModel, table=True):
    __tablename__ = "programme_phase"
    __table_args__ = (
        UniqueConstraint("programme_id", "code", name="uq_programme_phase_code"),
        CheckConstraint("ends_on >= starts_on", name="dates"),
    )

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    seq: int
    code: str = Field(max_length=20)
    name: str = Field(max_length=100)
    starts_on: date
    ends_on: date


class ProgrammeTarget(SQLModel, table=True):
    __tablename__ = "programme_target"
    __table_args__ = (CheckConstraint("target >= 0", name="target"),)

    programme_id: int = Field(foreign_key="programme.id", primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", primary_key=True)
    phase_id: int = Field(foreign_key="programme_phase.id", primary_key=True)
    target: int


class ProgrammeRecord(SQLModel, table=True):
    __tablename__ = "programme_record"
    __table_args__ = (
        CheckConstraint("value_vnd >= 0", name="value"),
        Index("ix_programme_record_prog_day", "programme_id", "recorded_on", "unit_id"),
        UniqueConstraint("programme_id", "ref", name="uq_programme_record_ref"),
    )

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id")
    unit_id: int = Field(foreign_key="unit.id")
    recorded_on: date
    ref: str = Field(max_length=60, description="The unit's own number for the record; unique")
    title: str = Field(default="", max_length=500)
    author: str = Field(default="", max_length=200)
    # BIGINT: làm lợi values pass 2.1 billion đồng (PostgreSQL int4 refused them).
    value_vnd: int = Field(default=0, sa_type=BigInteger)


class IssuedReport(SQLModel, table=True):
    """A sơ kết / tổng kết report as issued: its number and the files written for it."""

    __tablename__ = "issued_report"
    __table_args__ = (
        UniqueConstraint("kind", "level_unit_id", "period_start", "period_end", name="uq_report"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=12, description="so_ket|tong_ket")
    level_unit_id: int = Field(foreign_key="unit.id")
    period_start: date
    period_end: date
    document_no: str = Field(max_length=60)
    issued_on: date
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    files: list[str] = Field(default_factory=list, sa_column=Column(JSONType))
    figures: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType))


class ReportText(SQLModel, table=True):
    """A free-text section of a sơ kết / tổng kết (tình hình chung, đánh giá…) the secretariat
    writes on the report screen, per report kind, level and period; editable until issued."""

    __tablename__ = "report_text"
    __table_args__ = (
        UniqueConstraint(
            "kind", "level_unit_id", "period_start", "period_end", "section", name="uq_report_text"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=12, description="so_ket|tong_ket")
    level_unit_id: int = Field(foreign_key="unit.id")
    period_start: date
    period_end: date
    section: str = Field(max_length=40, description="tinh_hinh_chung|uu_diem|…")
    text: str = Field(default="", max_length=20000)
    updated_by: str = Field(max_length=120)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class DocumentEvent(SQLModel, table=True):
    """The audit of office writes that are not dossier moves: a report section written, an
    objection recorded or settled. `subject` names what was written ("report_text:12")."""

    __tablename__ = "document_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    actor: str = Field(max_length=120)
    subject: str = Field(max_length=80, index=True)
    action: str = Field(max_length=40)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType))
