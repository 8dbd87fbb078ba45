"""What the import files of units are checked against and written to (`uow.imports`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from sqlmodel import Session, col, select

from awards.model import Person, Programme, ProgrammePhase, ProgrammeRecord, Unit
from awards.repository.bulk import insert_rows
from awards.repository.programmes import programme_by_code

CODED = {"unit": Unit, "person": Person}


class ImportRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def ids_by_code(self, kind: Literal["unit", "person"], codes: Iterable[str]) -> dict[str, int]:
        """Ids of the units or persons among `codes` (codes already checked printable)."""
        model: Any = CODED[kind]
        stmt = select(model.code, model.id).where(model.code.in_(set(codes)))
        return {str(c): int(i) for c, i in self.session.execute(stmt)}

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
