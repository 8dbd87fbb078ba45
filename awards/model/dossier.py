"""Dossiers (hồ sơ đề nghị khen thưởng), their hops through the levels, and what hangs on them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, Column, Index, UniqueConstraint
from sqlalchemy.orm import relationship
from sqlmodel import Field, Relationship, SQLModel

from awards.model.base import JSONType, UTCDateTime, utcnow

NOMINEE_MATCHES_KIND = (
    "(nominee_kind = 'ca_nhan' AND person_id IS NOT NULL AND nominee_unit_id IS NULL) OR "
    "(nominee_kind = 'tap_the' AND nominee_unit_id IS NOT NULL AND person_id IS NULL)"
)


class DossierEligibility(SQLModel, table=True):
    """What appraisal stored on a dossier: the rules.Evaluation with its outcome (~2 KB of JSON).

    Kept beside the dossier row, not in it, so each later move of the dossier rewrites a short
    row; read as Dossier.eligibility.
    """

    __tablename__ = "dossier_eligibility"

    dossier_id: int = Field(foreign_key="dossier.id", primary_key=True)
    record: dict[str, Any] = Field(sa_column=Column(JSONType, nullable=False))


class Dossier(SQLModel, table=True):
    __tablename__ = "dossier"
    __table_args__ = (
        CheckConstraint(NOMINEE_MATCHES_KIND, name="nominee_matches_kind"),
        CheckConstraint("version >= 1", name="version"),
        Index("ix_dossier_round_state", "round_id", "state"),
        # The inbox: counts, overdue and the page by deadline come from this index alone.
        Index("ix_dossier_inbox", "current_unit_id", "state", "due_on", "id"),
        Index("ix_dossier_state_due", "state", "due_on"),
        Index("ix_dossier_due_basis", "due_from", "due_days"),
        # The sơ kết / tổng kết figures per nominating unit come from these two alone.
        Index(
            "ix_dossier_period",
            "nominating_unit_id",
            "created_at",
            "state",
            "decision_date",
            "nominee_kind",
            "person_id",
        ),
        Index(
            "ix_dossier_decided",
            "decided_by_unit_id",
            "state",
            "decision_date",
            "award_code",
            "nominee_kind",
            "nominating_unit_id",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=30, unique=True, index=True)
    round_id: int = Field(foreign_key="round.id")
    award_code: str = Field(foreign_key="award.code", index=True)
    nominee_kind: str = Field(max_length=8)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    nominee_unit_id: int | None = Field(default=None, foreign_key="unit.id")
    nominating_unit_id: int = Field(foreign_key="unit.id")
    current_unit_id: int = Field(foreign_key="unit.id", description="The level holding it now")
    route: list[int] = Field(
        default_factory=list, sa_column=Column(JSONType), description="Unit ids of every hop"
    )
    ends_at_state_body: bool = Field(default=False, description="The last hop is a state body")
    hop_no: int = Field(default=0, description="Index into route of the level holding it")
    state: str = Field(default="draft", max_length=24)
    held_from: str | None = Field(default=None, max_length=24)
    version: int = 1
    audit_seq: int = Field(default=0, description="seq of the last audit event")
    audit_hash: str = Field(default="", max_length=64, description="hash of the last audit event")
    achievement_summary: str = Field(default="", max_length=4000)
    topic: str | None = Field(default=None, max_length=200)
    due_on: date | None = Field(default=None, description="Deadline of the current waiting state")
    due_from: date | None = Field(default=None, description="Day the default deadline counts from")
    due_days: int | None = Field(default=None, description="Working days of the default deadline")
    notice_ends_on: date | None = None
    decision_no: str | None = Field(default=None, max_length=60)
    decision_date: date | None = None
    decision_signer: str | None = Field(default=None, max_length=200)
    decided_by_unit_id: int | None = Field(default=None, foreign_key="unit.id")
    policy_version: str | None = Field(default=None, max_length=60)
    claims: dict[str, Any] | None = Field(
        default=None,
        sa_column=Column(JSONType),
        description="Nominee facts the nomination asserts (chức vụ…), reviewed at appraisal",
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Loaded with the dossier (one IN query per load), so a detached dossier still shows it.
    explanation: DossierEligibility | None = Relationship(
        sa_relationship=relationship(
            DossierEligibility, lazy="selectin", uselist=False, viewonly=True
        )
    )

    @property
    def eligibility(self) -> dict[str, Any] | None:
        """The stored eligibility explanation (DossierEligibility.record), if appraised."""
        return self.explanation.record if self.explanation is not None else None


class DossierHop(SQLModel, table=True):
    """One level's handling of a dossier; evidence is carried forward from hop to hop."""

    __tablename__ = "dossier_hop"
    __table_args__ = (UniqueConstraint("dossier_id", "hop_no", name="uq_dossier_hop_no"),)

    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int = Field(foreign_key="dossier.id", index=True)
    hop_no: int
    unit_id: int = Field(foreign_key="unit.id", index=True)
    is_state_body: bool = False
    entered_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    received_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    appraisal_due_on: date | None = None
    submission_id: int | None = Field(
        default=None, foreign_key="submission.id", index=True, description="The tờ trình it came by"
    )
    outcome: str | None = Field(default=None, max_length=24, description="How this level ended it")
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


# Attachment kinds and what a person reads for them (never the code).
ATTACHMENT_LABELS: dict[str, str] = {
    "to_trinh": "Tờ trình",
    "bao_cao_thanh_tich": "Báo cáo thành tích",
    "bien_ban_hoi_dong": "Biên bản họp Hội đồng",
    "ket_qua_phieu_kin": "Kết quả bỏ phiếu kín",
    "xac_nhan_sang_kien": "Xác nhận sáng kiến",
    "danh_sach": "Danh sách kèm theo",
    "khac": "Tài liệu khác",
}


class Attachment(SQLModel, table=True):
    __tablename__ = "attachment"

    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int = Field(foreign_key="dossier.id", index=True)
    kind: str = Field(max_length=40, description="to_trinh|bao_cao_thanh_tich|bien_ban_hoi_dong…")
    filename: str = Field(max_length=300)
    size_bytes: int = 0
    sha256: str = Field(default="", max_length=64)
    uploaded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    uploaded_by: str | None = Field(default=None, max_length=120, description="Tài khoản tải lên")


class Objection(SQLModel, table=True):
    """An objection received during the công khai window."""

    __tablename__ = "objection"

    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int = Field(foreign_key="dossier.id", index=True)
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    author: str = Field(max_length=200)
    content: str = Field(max_length=4000)
    resolved: bool = False
    resolution: str = Field(default="", max_length=4000)
    # Who recorded it and who settled it (the secretariat, `tdkt dossier objection …`).
    recorded_by: str = Field(default="", max_length=120)
    resolved_by: str = Field(default="", max_length=120)
    resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Submission(SQLModel, table=True):
    """A tờ trình: one per round × deciding authority × award, listing its dossiers.

    Its dossiers are the hops it opened (DossierHop.submission_id). A later batch of the same
    group is a supplementary tờ trình (bổ sung) with the next seq, never an edit of a sent one.
    """

    __tablename__ = "submission"
    __table_args__ = (
        UniqueConstraint(
            "round_id", "from_unit_id", "to_unit_id", "award_code", "seq", name="uq_submission_seq"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True)
    round_id: int = Field(foreign_key="round.id")
    from_unit_id: int = Field(foreign_key="unit.id")
    to_unit_id: int = Field(foreign_key="unit.id")
    award_code: str = Field(foreign_key="award.code")
    seq: int = Field(default=1, description="1 for the tờ trình, 2… for supplementary ones")
    dossier_count: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    issued_on: date | None = None
    document_no: str | None = Field(default=None, max_length=60, description="05/TTr-LĐLĐ")
    created_by: str = Field(default="", max_length=200)


class DossierVersion(SQLModel, table=True):
    """One correction of a dossier by its unit (draft or returned): what changed, who, when.

    `changes` maps each corrected field to {"from": …, "to": …}; the same correction is an audit
    event of the dossier's hash chain (trigger "correct").
    """

    __tablename__ = "dossier_version"
    __table_args__ = (UniqueConstraint("dossier_id", "seq", name="uq_dossier_version_seq"),)

    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int = Field(foreign_key="dossier.id", index=True)
    seq: int = Field(description="1, 2, … per dossier")
    dossier_version: int = Field(description="The dossier's version after the correction")
    state: str = Field(max_length=24, description="The state it was corrected in")
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    actor: str = Field(max_length=120)
    username: str | None = Field(default=None, max_length=80)
    changes: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType))
    note: str = Field(default="", max_length=4000)
