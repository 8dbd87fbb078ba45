"""The organisation: kinds of unit, units, and their effective-dated place in the tree.

A unit's name and parent change over time (the 2025 reorganisation), so they live in
UnitVersion rows valid over [valid_from, valid_to); kinds are data, not code.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from awards.model.base import JSONType, UTCDateTime, utcnow


class UnitKind(SQLModel, table=True):
    __tablename__ = "unit_kind"

    code: str = Field(primary_key=True, max_length=40)
    name: str = Field(max_length=200)
    level: int = Field(description="1 TLĐ, 2 LĐLĐ tỉnh, 3 CĐ cấp trên trực tiếp cơ sở, 4 CĐCS")
    is_state_body: bool = Field(default=False, description="UBND tỉnh, Thủ tướng, Chính phủ…")
    doc_symbol: str | None = Field(
        default=None, max_length=20, description="Issuer part of document numbers: 12/TTr-LĐLĐ"
    )


class Unit(SQLModel, table=True):
    __tablename__ = "unit"
    __table_args__ = (
        CheckConstraint("sector IS NULL OR sector IN ('hcsn', 'sxkd')", name="sector"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True, index=True)
    kind_code: str = Field(foreign_key="unit_kind.code", index=True)
    sector: str | None = Field(default=None, max_length=4)
    email: str | None = Field(default=None, max_length=200, description="Hộp thư văn phòng")
    head_email: str | None = Field(default=None, max_length=200, description="Thư của chủ tịch")
    place: str | None = Field(default=None, max_length=200, description="Địa bàn hoạt động")
    liaison_unit_id: int | None = Field(
        default=None,
        foreign_key="unit.id",
        description="For a state body: the union unit that submits to it (LĐLĐ tỉnh → UBND).",
    )


class UnitVersion(SQLModel, table=True):
    __tablename__ = "unit_version"
    __table_args__ = (
        UniqueConstraint("unit_id", "valid_from", name="uq_unit_version_unit_from"),
        CheckConstraint("valid_to IS NULL OR valid_to > valid_from", name="valid_range"),
        CheckConstraint("parent_id IS NULL OR parent_id <> unit_id", name="not_own_parent"),
        Index("ix_unit_version_parent", "parent_id", "valid_from"),
    )

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    parent_id: int | None = Field(default=None, foreign_key="unit.id")
    name: str = Field(max_length=300)
    valid_from: date
    valid_to: date | None = None


class OrgEvent(SQLModel, table=True):
    """The organisation's audit trail: units added, renamed, moved, merged, closed (and when)."""

    __tablename__ = "org_event"

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    actor: str = Field(max_length=120)
    kind: str = Field(max_length=40)
    effective_on: date
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType))
