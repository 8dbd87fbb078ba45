"""Scratch rows of a running appraisal: each dossier's judgement, staged between the chunks that
judge the batch and the moves that store it (so 1,000,000 nominees never sit in memory at once).

Rows belong to one run (a random key) and are deleted when the run ends; a run that died leaves
its rows, deleted by the next appraisal once they are a day old.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from awards.model.base import JSONType, UTCDateTime, utcnow


class AppraisalStage(SQLModel, table=True):
    __tablename__ = "appraisal_stage"

    run: str = Field(primary_key=True, max_length=32)
    seq: int = Field(primary_key=True, description="Position in the run's batch (dossier id order)")
    dossier_id: int  # no foreign key: scratch, written and deleted within one run
    code: str = Field(max_length=30)
    record: dict[str, Any] = Field(sa_column=Column(JSONType, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
