"""Prize money, the TĐKT fund of each level, and exemplar seats at a round's conference."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from awards.model.base import JSONType, UTCDateTime, utcnow


class PrizePayment(SQLModel, table=True):
    """What one awardee receives for one decision, computed when the decision is recorded.

    The coefficient and the lương cơ sở are stored as they were, so a later change of the
    schedule never rewrites a paid prize.
    """

    __tablename__ = "prize_payment"
    __table_args__ = (
        UniqueConstraint("dossier_id", name="uq_prize_dossier"),
        Index("ix_prize_decision", "decision_no", "decision_date"),
        Index("ix_prize_payer_date", "payer_unit_id", "decision_date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int = Field(foreign_key="dossier.id")
    round_id: int = Field(foreign_key="round.id")
    award_code: str = Field(foreign_key="award.code", max_length=40)
    nominee_kind: str = Field(max_length=10)
    decision_no: str = Field(max_length=60)
    decision_date: date
    payer_unit_id: int = Field(foreign_key="unit.id", description="The level whose decision it is")
    coefficient: str = Field(max_length=12, description="Decimal as written, e.g. 1.5")
    base_salary_vnd: int = Field(sa_column=Column(BigInteger, nullable=False))
    amount_vnd: int = Field(sa_column=Column(BigInteger, nullable=False))
    basis: str = Field(max_length=400)
    schedule: str = Field(max_length=60, description="prizes@1.0.0: the schedule used")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class FundEntry(SQLModel, table=True):
    """One line of a level's TĐKT fund ledger: append-only, hash-chained per unit.

    ``amount_vnd`` is positive for a receipt and negative for spending; a mistake is corrected by
    a reversing entry, never by an edit, so the ledger is its own audit trail. The prizes of one
    decision are one line (``kind`` prize, ``reference`` the decision number), as a sổ quỹ has it.
    """

    __tablename__ = "fund_entry"
    __table_args__ = (
        UniqueConstraint("unit_id", "seq", name="uq_fund_unit_seq"),
        CheckConstraint("kind IN ('receipt', 'prize', 'other')", name="fund_kind"),
        Index("ix_fund_unit_date", "unit_id", "entry_date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id")
    seq: int
    entry_date: date
    kind: str = Field(max_length=10)
    amount_vnd: int = Field(sa_column=Column(BigInteger, nullable=False))
    memo: str = Field(max_length=400)
    reference: str = Field(default="", max_length=60, description="Decision or voucher number")
    round_id: int | None = Field(default=None, foreign_key="round.id")
    actor: str = Field(max_length=120)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType))
    prev_hash: str = Field(default="", max_length=64)
    hash: str = Field(default="", max_length=64)


class ExemplarSeat(SQLModel, table=True):
    """Seats for exemplars (đại biểu điển hình tiên tiến) of a round's conference, per unit.

    Shared among the units directly under the organising level by largest remainder over their
    member counts on ``members_as_of``, with a minimum per unit; allocating again replaces the
    round's rows in one transaction and records who did it.
    """

    __tablename__ = "exemplar_seat"
    __table_args__ = (UniqueConstraint("round_id", "unit_id", name="uq_seat_round_unit"),)

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id", index=True)
    unit_id: int = Field(foreign_key="unit.id")
    members: int
    seats: int
    total_seats: int = Field(description="Delegates of the conference, guests included")
    guest_seats: int
    minimum: int
    members_as_of: date
    actor: str = Field(max_length=120)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
