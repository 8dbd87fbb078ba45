"""Đăng ký thi đua: at the start of the year a unit registers the titles it will strive for.

One row per nominee × award × round; withdrawing or recording "không đạt" closes the row (the
status and who closed it), never deletes it. Whether a registered title was achieved is read from
the round's dossiers, not stored here. The round's trail (round_event) audits every change.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index
from sqlmodel import Field, SQLModel

from awards.model.base import UTCDateTime, utcnow


class Registration(SQLModel, table=True):
    __tablename__ = "registration"
    __table_args__ = (
        CheckConstraint("(person_id IS NULL) <> (nominee_unit_id IS NULL)", name="one_nominee"),
        CheckConstraint("nominee_kind IN ('ca_nhan', 'tap_the')", name="nominee_kind"),
        CheckConstraint(
            "status IN ('registered', 'withdrawn', 'not_achieved')", name="registration_status"
        ),
        Index("ix_registration_round_unit", "round_id", "unit_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id")
    unit_id: int = Field(foreign_key="unit.id", description="The registering unit")
    award_code: str = Field(max_length=40)
    nominee_kind: str = Field(max_length=10)
    person_id: int | None = Field(default=None, foreign_key="person.id")
    nominee_unit_id: int | None = Field(default=None, foreign_key="unit.id")
    status: str = Field(default="registered", max_length=20)
    actor: str = Field(max_length=120)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    closed_by: str = Field(default="", max_length=120)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    reason: str = Field(default="", max_length=2000, description="Why withdrawn or not achieved")
