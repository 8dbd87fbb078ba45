"""Persons and their achievement history, the raw material of eligibility facts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from awards.model.base import JSONType, UTCDateTime, utcnow

_ONE_SUBJECT = "(person_id IS NULL) <> (unit_id IS NULL)"


class Person(SQLModel, table=True):
    __tablename__ = "person"
    __table_args__ = (CheckConstraint("gender IN ('nam', 'nu')", name="gender"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True, index=True)
    full_name: str = Field(max_length=200)
    gender: str = Field(max_length=3)
    birth_year: int
    unit_id: int = Field(foreign_key="unit.id", index=True)
    position: str = Field(default="", max_length=200, description="Chức vụ")
    holds_leadership_post: bool = False
    is_direct_worker: bool = False
    qualification: str = Field(
        default="dai_hoc", max_length=20, description="duoi_cao_dang|cao_dang|dai_hoc|tren_dai_hoc"
    )
    union_years_dedicated: float = 0.0
    union_years_non_dedicated: float = 0.0
    union_years_non_state: float = 0.0
    direct_production_years: int = 0
    email: str | None = Field(default=None, max_length=200)


class Recognition(SQLModel, table=True):
    """A title or award received (danh hiệu, hình thức khen thưởng) with its decision."""

    __tablename__ = "recognition"
    __table_args__ = (
        CheckConstraint(_ONE_SUBJECT, name="one_subject"),
        CheckConstraint("award_type IN ('regular', 'dot_xuat', 'chuyen_de')", name="award_type"),
        Index("ix_recognition_person_year", "person_id", "year"),
        Index("ix_recognition_unit_year", "unit_id", "year"),
    )

    id: int | None = Field(default=None, primary_key=True)
    person_id: int | None = Field(default=None, foreign_key="person.id")
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    year: int
    award_code: str = Field(max_length=40)
    award_type: str = Field(default="regular", max_length=10)
    decision_no: str = Field(default="", max_length=60)
    decision_date: date | None = None


class Initiative(SQLModel, table=True):
    """A recognised sáng kiến."""

    __tablename__ = "initiative"
    __table_args__ = (
        CheckConstraint("scope IN ('co_so', 'tinh', 'toan_quoc')", name="scope"),
        CheckConstraint("value_vnd >= 0", name="value"),
        Index("ix_initiative_person_year", "person_id", "year"),
    )

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id")
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    year: int
    title: str = Field(max_length=500)
    scope: str = Field(default="co_so", max_length=10)
    # BIGINT: làm lợi values pass 2.1 billion đồng (PostgreSQL int4 refused them).
    value_vnd: int = Field(default=0, sa_type=BigInteger)
    recognised_on: date | None = None


class TaskRating(SQLModel, table=True):
    """Task-completion rating of a person or a collective for a year."""

    __tablename__ = "task_rating"
    __table_args__ = (
        CheckConstraint(_ONE_SUBJECT, name="one_subject"),
        CheckConstraint(
            "rating IN ('hoan_thanh_xuat_sac', 'hoan_thanh_tot', 'hoan_thanh', 'khong_hoan_thanh')",
            name="rating",
        ),
        UniqueConstraint("person_id", "year", name="uq_task_rating_person_year"),
        UniqueConstraint("unit_id", "year", name="uq_task_rating_unit_year"),
    )

    id: int | None = Field(default=None, primary_key=True)
    person_id: int | None = Field(default=None, foreign_key="person.id")
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    year: int
    rating: str = Field(max_length=24)


class Discipline(SQLModel, table=True):
    """A discipline period (kỷ luật); it blocks and resets streaks."""

    __tablename__ = "discipline"
    __table_args__ = (CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="range"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    level: str = Field(max_length=20, description="khien_trach|canh_cao|cach_chuc|khai_tru")
    starts_on: date
    ends_on: date | None = None
    reason: str = Field(default="", max_length=500)


class PersonEvent(SQLModel, table=True):
    """The trail of a member's facts: added, changed (field: [before, after]), moved, rated;
    by whom, on behalf of which unit. A member's facts never change without one."""

    __tablename__ = "person_event"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    actor: str = Field(max_length=120)
    kind: str = Field(max_length=40)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType))
