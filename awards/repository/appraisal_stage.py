"""The appraisal stage: a running appraisal's judgements, written per chunk, read back per chunk."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlmodel import Session, col

from awards.model import AppraisalStage
from awards.repository.bulk import insert_rows

STALE = timedelta(days=1)  # no appraisal runs this long: older rows are a dead run's


class AppraisalStageRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, run: str, rows: Sequence[tuple[int, int, str, dict[str, Any]]]) -> None:
        """(seq, dossier id, code, record) of a chunk."""
        at = datetime.now(UTC)
        insert_rows(
            self.session,
            AppraisalStage,
            (
                {"run": run, "seq": s, "dossier_id": i, "code": c, "record": r, "created_at": at}
                for s, i, c, r in rows
            ),
        )

    def read(self, run: str, seqs: Sequence[int]) -> list[tuple[int, str, dict[str, Any]]]:
        """(seq, code, record) of the given positions, by seq."""
        stmt = (
            select(col(AppraisalStage.seq), col(AppraisalStage.code), col(AppraisalStage.record))
            .where(col(AppraisalStage.run) == run, col(AppraisalStage.seq).in_(list(seqs)))
            .order_by(col(AppraisalStage.seq))
        )
        return [(int(s), str(c), r) for s, c, r in self.session.execute(stmt)]

    def clear(self, run: str) -> None:
        """The run's rows, and any left by a run that died more than a day ago."""
        old = datetime.now(UTC) - STALE
        self.session.execute(
            delete(AppraisalStage).where(
                (col(AppraisalStage.run) == run) | (col(AppraisalStage.created_at) < old)
            )
        )
