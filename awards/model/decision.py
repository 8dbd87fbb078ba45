"""A numbered quyết định khen thưởng issued by the level that holds the authority."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from awards.model.base import JSONType, UTCDateTime, utcnow


class Decision(SQLModel, table=True):
    """One quyết định: its register number, date, signer, the DOCX as signed and the dossiers it
    awarded (moved to awarded in the same transaction that took the number)."""

    __tablename__ = "decision"
    __table_args__ = (
        UniqueConstraint("level_unit_id", "document_no", name="uq_decision_level_no"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True, description="QĐ-<round>-<n>")
    round_id: int = Field(foreign_key="round.id", index=True)
    level_unit_id: int = Field(foreign_key="unit.id", index=True)
    award_code: str = Field(foreign_key="award.code", max_length=40)
    number: int
    document_no: str = Field(max_length=60, description="15/QĐ-LĐLĐ")
    issued_on: date
    signer_name: str = Field(max_length=200)
    signer_title: str = Field(max_length=200)
    dossier_codes: list[Any] = Field(default_factory=list, sa_column=Column(JSONType))
    docx: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    sha256: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_by: str = Field(max_length=200)
