"""Audit events, the outbox of messages, and the register of document numbers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, Column, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from awards.model.base import JSONType, UTCDateTime, utcnow


class AuditEvent(SQLModel, table=True):
    """One move of one dossier; seq is per dossier and hash chains each event to the previous."""

    __tablename__ = "audit_event"
    __table_args__ = (
        UniqueConstraint("dossier_id", "seq", name="uq_audit_dossier_seq"),
        # A report's "state at the period's end" reads the last event before it from here alone.
        Index("ix_audit_state_then", "dossier_id", "seq", "at", "to_state"),
        Index("ix_audit_escalations", "trigger", "unit_id", "at", "dossier_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int = Field(foreign_key="dossier.id")
    seq: int
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    actor: str = Field(max_length=120)
    role: str = Field(max_length=40)
    trigger: str = Field(max_length=40)
    from_state: str = Field(max_length=24)
    to_state: str = Field(max_length=24)
    reason: str = Field(default="", max_length=4000)
    hop_no: int = 0
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    policy_version: str | None = Field(default=None, max_length=60)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType))
    prev_hash: str = Field(default="", max_length=64)
    hash: str = Field(default="", max_length=64)


# The reminder sweep's two kinds (awards.services.reminders.sweep: DIGEST, OVERDUE); the panel's
# query names them as the same literals (tests/integration/test_inbox_scale.py checks the plan).
_REMINDERS = text("kind IN ('reminder_digest', 'overdue_digest')")


class OutboxMessage(SQLModel, table=True):
    """A message written in the same transaction as the change that caused it."""

    __tablename__ = "outbox_message"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'sent', 'failed')", name="status"),
        Index("ix_outbox_status_id", "status", "id"),
        # The inbox's "Nhắc việc" panel: a user's newest reminders without scanning the outbox
        # (over 300,000 outbox rows: a 287 ms parallel seq scan; 0.06 ms through this index).
        Index(
            "ix_outbox_reminders_to",
            text("lower(recipient)"),
            text("created_at DESC"),
            text("id DESC"),
            postgresql_where=_REMINDERS,
            sqlite_where=_REMINDERS,
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200, unique=True, description="Idempotency: recipient, kind, day…")
    kind: str = Field(max_length=40)
    recipient: str = Field(max_length=200)
    subject: str = Field(max_length=400)
    body_text: str
    body_html: str
    dossier_id: int | None = Field(default=None, foreign_key="dossier.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    status: str = Field(default="pending", max_length=8)
    attempts: int = 0
    last_error: str = Field(default="", max_length=2000)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    message_id: str = Field(default="", max_length=200)
    # A message stored as data (notices, invitations, reminder digests; `kind` names the template):
    # its context as JSON, and empty bodies until its first delivery renders and fixes them
    # (awards.services.mail.stored).
    data: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONType, nullable=True))


class NumberRegister(SQLModel, table=True):
    """Per issuer, per kind, per year counter: restarts at 1 each year and never repeats."""

    __tablename__ = "number_register"

    issuer: str = Field(primary_key=True, max_length=40)
    kind: str = Field(primary_key=True, max_length=20)
    year: int = Field(primary_key=True)
    last_no: int = 0


# The series of an issuer that numbers all its kinds in one sequence (IssuedNumber.series).
ALL_KINDS = "*"


class IssuedNumber(SQLModel, table=True):
    """One number taken from a register, for one document (``ref``) in one year.

    ``series`` is the document's kind, or ``*`` for an issuer numbering all its kinds in one
    sequence (NĐ 30 Điều 15; LĐLĐ Lai Châu's 403/KH, 423/KH, 714/BC of 2023). The constraints
    make a number unique within its series and year, and a document numbered once per year: a
    re-issue in a new year (by its date) takes a new number.
    """

    __tablename__ = "issued_number"
    __table_args__ = (
        UniqueConstraint("issuer", "series", "year", "number", name="uq_issued_number"),
        UniqueConstraint("issuer", "year", "ref", name="uq_issued_number_ref"),
        CheckConstraint("number >= 1", name="positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    issuer: str = Field(max_length=40)
    series: str = Field(max_length=20)
    year: int
    number: int
    kind: str = Field(max_length=20)
    ref: str = Field(max_length=120, description="report:…, submission:…, minutes:…")
    issued_on: date
