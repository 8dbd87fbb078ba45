"""The council (Hội đồng Thi đua – Khen thưởng) of a level: members, delegations, sessions, votes.

A secret ballot keeps only who took part (council_ballot, no choice column) and the counters on
the agenda item; an open ballot also keeps each member's choice (council_vote). A member can take
part once per dossier: unique (item, member) in both tables.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, Column, Index, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from awards.model.base import JSONType, UTCDateTime, utcnow

ROLES = ("chu_tich", "pho_chu_tich", "thu_ky", "uy_vien")
SESSION_STATUSES = ("open", "closing", "closed")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Council(SQLModel, table=True):
    """The council of one unit (level) over [valid_from, valid_to)."""

    __tablename__ = "council"
    __table_args__ = (
        UniqueConstraint("unit_id", "valid_from", name="uq_council_unit_from"),
        CheckConstraint("valid_to IS NULL OR valid_to > valid_from", name="valid_range"),
    )

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    name: str = Field(max_length=300)
    short_code: str = Field(max_length=20, description="Ký hiệu trong số biên bản: HĐTĐKT")
    place: str = Field(max_length=100, description="Địa danh của dòng ngày tháng")
    established_by: str = Field(default="", max_length=200, description="Quyết định thành lập")
    valid_from: date
    valid_to: date | None = None


class CouncilMember(SQLModel, table=True):
    __tablename__ = "council_member"
    __table_args__ = (
        CheckConstraint(_in("role", ROLES), name="role"),
        CheckConstraint("valid_to IS NULL OR valid_to > valid_from", name="valid_range"),
    )

    id: int | None = Field(default=None, primary_key=True)
    council_id: int = Field(foreign_key="council.id", index=True)
    full_name: str = Field(max_length=200)
    title: str = Field(default="", max_length=300, description="Chức vụ")
    role: str = Field(max_length=16)
    email: str | None = Field(default=None, max_length=200)
    account: str | None = Field(
        default=None, max_length=80, description="Tài khoản đăng nhập do Thường trực gắn"
    )
    valid_from: date
    valid_to: date | None = None


class CouncilDelegation(SQLModel, table=True):
    """A substitute for an absent member over [valid_from, valid_to] (both days included)."""

    __tablename__ = "council_delegation"
    __table_args__ = (CheckConstraint("valid_to >= valid_from", name="valid_range"),)

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="council_member.id", index=True)
    substitute_name: str = Field(max_length=200)
    substitute_title: str = Field(default="", max_length=300)
    valid_from: date
    valid_to: date
    reason: str = Field(max_length=1000)
    created_by: str = Field(max_length=120)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_by: str | None = Field(default=None, max_length=120)


class CouncilSession(SQLModel, table=True):
    """A phiên họp: open (votes taken) → closing (dossiers being moved) → closed (minutes)."""

    __tablename__ = "council_session"
    __table_args__ = (
        CheckConstraint(_in("status", SESSION_STATUSES), name="status"),
        Index("ix_council_session_council_status", "council_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=60, unique=True)
    council_id: int = Field(foreign_key="council.id")
    round_id: int = Field(foreign_key="round.id", index=True)
    held_on: date
    location: str = Field(default="", max_length=300)
    status: str = Field(default="open", max_length=8)
    opened_by: str = Field(max_length=120)
    opened_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    closing_by: str | None = Field(default=None, max_length=120)
    closing_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    policy_version: str = Field(default="", max_length=60)
    minutes_number: str | None = Field(default=None, max_length=60)
    minutes_sha256: str | None = Field(default=None, max_length=64)
    minutes_docx: bytes | None = Field(default=None, sa_column=Column(LargeBinary))
    # Secret ballots: the Ban kiểm phiếu the council elected, and its biên bản kiểm phiếu.
    tellers: list[Any] | None = Field(default=None, sa_column=Column(JSONType, nullable=True))
    tally_docx: bytes | None = Field(default=None, sa_column=Column(LargeBinary))


class CouncilAgendaItem(SQLModel, table=True):
    """One dossier on a session's agenda, with its rule, quota meter, tally and outcome."""

    __tablename__ = "council_agenda_item"
    __table_args__ = (
        UniqueConstraint("session_id", "dossier_id", name="uq_council_item_dossier"),
        CheckConstraint(
            "outcome IS NULL OR outcome IN ('approved', 'not_approved')", name="outcome"
        ),
        CheckConstraint("yes_count >= 0 AND no_count >= 0", name="counts"),
    )

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="council_session.id", index=True)
    dossier_id: int = Field(foreign_key="dossier.id", index=True)
    award_code: str = Field(foreign_key="award.code")
    group_order: int
    item_order: int
    rule: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType))
    eligibility: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONType))
    quota: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONType))
    yes_count: int = 0
    no_count: int = 0
    outcome: str | None = Field(default=None, max_length=16)
    outcome_reason: str = Field(default="", max_length=2000)


class CouncilAttendance(SQLModel, table=True):
    __tablename__ = "council_attendance"
    __table_args__ = (
        UniqueConstraint("session_id", "member_id", name="uq_council_attendance_member"),
        CheckConstraint("presence IN ('present', 'substitute', 'absent')", name="presence"),
        CheckConstraint(
            "(presence = 'substitute') = (delegation_id IS NOT NULL)", name="substitute"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="council_session.id", index=True)
    member_id: int = Field(foreign_key="council_member.id")
    presence: str = Field(max_length=10)
    delegation_id: int | None = Field(default=None, foreign_key="council_delegation.id")
    written_opinion: bool = Field(default=False, description="Vắng mặt, có ý kiến bằng văn bản")


class CouncilVote(SQLModel, table=True):
    """An open-ballot vote: who, on which dossier, which way."""

    __tablename__ = "council_vote"
    __table_args__ = (
        UniqueConstraint("item_id", "member_id", name="uq_council_vote_member"),
        CheckConstraint("choice IN ('yes', 'no')", name="choice"),
        CheckConstraint("via IN ('in_person', 'substitute', 'written')", name="via"),
    )

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="council_agenda_item.id", index=True)
    member_id: int = Field(foreign_key="council_member.id")
    choice: str = Field(max_length=3)
    via: str = Field(max_length=10)
    cast_by: str = Field(max_length=200, description="Thành viên hoặc người được ủy quyền")
    cast_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CouncilBallot(SQLModel, table=True):
    """A secret-ballot participation: who took part, never how (no choice, no time)."""

    __tablename__ = "council_ballot"
    __table_args__ = (
        UniqueConstraint("item_id", "member_id", name="uq_council_ballot_member"),
        CheckConstraint("via IN ('in_person', 'substitute', 'written')", name="via"),
    )

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="council_agenda_item.id", index=True)
    member_id: int = Field(foreign_key="council_member.id")
    via: str = Field(max_length=10)


class CouncilEvent(SQLModel, table=True):
    """The council's own audit trail: setup, delegations, sessions, attendance, closing."""

    __tablename__ = "council_event"

    id: int | None = Field(default=None, primary_key=True)
    council_id: int = Field(foreign_key="council.id", index=True)
    session_id: int | None = Field(default=None, foreign_key="council_session.id")
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    actor: str = Field(max_length=120)
    kind: str = Field(max_length=40)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType))
