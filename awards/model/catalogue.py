"""The award catalogue, movements (phong trào) and rounds (đợt)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, Column
from sqlmodel import Field, SQLModel

from awards.model.base import JSONType, UTCDateTime, utcnow


class Award(SQLModel, table=True):
    """A title or form of award, and who appraises and decides it (loaded from a data file)."""

    __tablename__ = "award"
    __table_args__ = (
        CheckConstraint("award_type IN ('regular', 'dot_xuat', 'chuyen_de')", name="award_type"),
    )

    code: str = Field(primary_key=True, max_length=40)
    name: str = Field(max_length=300)
    form: str = Field(max_length=40, description="danh_hieu|bang_khen|giay_khen|co_thi_dua|…")
    nominee_kinds: list[str] = Field(
        default_factory=list, sa_column=Column(JSONType), description="ca_nhan and/or tap_the"
    )
    award_type: str = Field(default="regular", max_length=10)
    decided_at_level: int = Field(description="Level of the union unit that decides or submits")
    state_body_kind: str | None = Field(
        default=None, max_length=40, description="UBND tỉnh, Thủ tướng…: decides after the union"
    )
    appraised_at_levels: list[int] = Field(default_factory=list, sa_column=Column(JSONType))
    required_attachments: list[str] = Field(default_factory=list, sa_column=Column(JSONType))
    needs_public_notice: bool = False
    notice_working_days: int = 0

    def route_levels(self) -> list[int]:
        """Union levels a dossier passes, bottom-up (level numbers fall as it rises)."""
        return sorted(set(self.appraised_at_levels), reverse=True)


class Movement(SQLModel, table=True):
    __tablename__ = "movement"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True, index=True)
    name: str = Field(max_length=300)


class Round(SQLModel, table=True):
    """A round (đợt) of a movement, run by an organising unit, with its deadlines.

    `submission_deadline` is the default hạn nộp; `level_deadlines` ({"4": "2025-11-20"}) gives a
    level of nominating unit its own. Extensions (RoundExtension) move a unit's hạn nộp later;
    once `closed_on` is set, only an extension lets a unit still submit.
    """

    __tablename__ = "round"
    __table_args__ = (
        CheckConstraint("closes_on >= opens_on", name="dates"),
        CheckConstraint("submission_deadline >= opens_on", name="deadline"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True, index=True)
    movement_id: int = Field(foreign_key="movement.id", index=True)
    organiser_unit_id: int = Field(foreign_key="unit.id")
    name: str = Field(max_length=300)
    year: int
    opens_on: date
    closes_on: date
    submission_deadline: date
    settings: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType))
    phases: list[dict[str, Any]] = Field(
        default_factory=list,
        sa_column=Column(JSONType),
        description='[{"name": "Đăng ký thi đua", "starts_on": "2025-01-01", "ends_on": …}]',
    )
    admitted_awards: list[str] = Field(
        default_factory=list, sa_column=Column(JSONType), description="Award codes; empty = all"
    )
    level_deadlines: dict[str, str] = Field(
        default_factory=dict, sa_column=Column(JSONType), description="Unit level → ISO date"
    )
    registration_required: bool = Field(default=False, description="Đăng ký thi đua bắt buộc")
    closed_on: date | None = Field(default=None, description="No submissions after this day")
    closed_by: str = Field(default="", max_length=120)


class RoundExtension(SQLModel, table=True):
    """A gia hạn: a later hạn nộp for one unit (and the units below it), or with no unit, all."""

    __tablename__ = "round_extension"

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id", index=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    new_deadline: date
    reason: str = Field(max_length=2000)
    granted_by: str = Field(max_length=120)
    granted_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class RoundEvent(SQLModel, table=True):
    """The round's own audit trail: opened, deadlines changed, extended, closed."""

    __tablename__ = "round_event"

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id", index=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    actor: str = Field(max_length=120)
    kind: str = Field(max_length=40)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType))
