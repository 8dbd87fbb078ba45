"""Programme records imported from the units' files (`uow.imports`): checked, then inserted."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from awards.model import Programme, ProgrammePhase, ProgrammeRecord
from awards.repository.bulk import insert_rows
from awards.repository.programmes import programme_by_code


class ImportRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def programme(self, code: str) -> Programme:
        return programme_by_code(self.session, code)

    def phases(self, programme_id: int) -> list[ProgrammePhase]:
        stmt = select(ProgrammePhase).where(col(ProgrammePhase.programme_id) == programme_id)
        return list(self.session.exec(stmt))

    def record_refs(self, programme_id: int) -> set[str]:
        stmt = select(col(ProgrammeRecord.ref)).where(
            col(ProgrammeRecord.programme_id) == programme_id
        )
        return set(self.session.exec(stmt))

    def insert_records(self, rows: list[dict[str, Any]]) -> int:
        return insert_rows(self.session, ProgrammeRecord, rows)
