"""Programme data and the one GROUP BY that counts its records per participant and phase.

A record belongs to the participant whose subtree (on the count date) holds the record's unit,
so a CĐCS's sáng kiến counts for its LĐLĐ huyện; units outside every subtree give the partner
row. Phases are matched by date range in the same query: no row ever reaches Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, select, text
from sqlmodel import Session, col

from awards.errors import NotFoundError
from awards.model import (
    Programme,
    ProgrammePhase,
    ProgrammeRecord,
    ProgrammeTarget,
    Unit,
    UnitVersion,
)
from awards.repository.bulk import insert_rows

PARTNER = -1  # participant id of the partner row in the counts

# (participant root, unit) for every unit under a participant on :on. Participants never nest
# (checked when the programme is loaded), so each unit maps to at most one root.
_SUBTREES = """
WITH RECURSIVE down(root, unit_id, depth) AS (
    SELECT t.unit_id, t.unit_id, 0 FROM (
        SELECT DISTINCT unit_id FROM programme_target WHERE programme_id = :programme_id
    ) t
    UNION ALL
    SELECT down.root, v.unit_id, down.depth + 1
    FROM unit_version v JOIN down ON v.parent_id = down.unit_id
    WHERE v.valid_from <= :on AND (v.valid_to IS NULL OR v.valid_to > :on) AND down.depth < 20
)
"""
_COUNTS = text(
    _SUBTREES
    + """
SELECT COALESCE(down.root, -1) AS root, ph.code AS phase, COUNT(*) AS n
FROM programme_record r
JOIN programme_phase ph
  ON ph.programme_id = r.programme_id AND r.recorded_on BETWEEN ph.starts_on AND ph.ends_on
LEFT JOIN down ON down.unit_id = r.unit_id
WHERE r.programme_id = :programme_id AND r.recorded_on <= :on
GROUP BY COALESCE(down.root, -1), ph.code
"""
)


@dataclass(frozen=True)
class ProgrammeData:
    programme: Programme
    phases: list[ProgrammePhase]
    targets: dict[int, dict[str, int]]  # unit id → phase code → target
    participants: dict[int, tuple[str, str]]  # unit id → (code, name on the count date)


def programme_by_code(session: Session, code: str) -> Programme:
    found = session.scalars(select(Programme).where(col(Programme.code) == code)).first()
    if found is None:
        raise NotFoundError(f"Không có chương trình mã '{code}'; nạp chương trình trước.")
    return found


def programme_data(session: Session, code: str, on: date) -> ProgrammeData:
    programme = programme_by_code(session, code)
    phases = list(
        session.scalars(
            select(ProgrammePhase)
            .where(col(ProgrammePhase.programme_id) == programme.id)
            .order_by(col(ProgrammePhase.seq))
        )
    )
    by_phase = {p.id: p.code for p in phases}
    targets: dict[int, dict[str, int]] = {}
    for t in session.scalars(
        select(ProgrammeTarget).where(col(ProgrammeTarget.programme_id) == programme.id)
    ):
        targets.setdefault(t.unit_id, {})[by_phase[t.phase_id]] = t.target
    return ProgrammeData(programme, phases, targets, unit_labels(session, list(targets), on))


def unit_labels(session: Session, unit_ids: Sequence[int], on: date) -> dict[int, tuple[str, str]]:
    """Code and name valid on `on` (a renamed unit shows the name it had then)."""
    valid_to = col(UnitVersion.valid_to)
    stmt = (
        select(col(UnitVersion.unit_id), col(Unit.code), col(UnitVersion.name))
        .join(Unit, col(Unit.id) == col(UnitVersion.unit_id))
        .where(
            col(UnitVersion.unit_id).in_(unit_ids),
            col(UnitVersion.valid_from) <= on,
            valid_to.is_(None) | (valid_to > on),
        )
    )
    return {int(u): (str(c), str(n)) for u, c, n in session.execute(stmt)}


def record_counts(session: Session, programme_id: int, on: date) -> dict[tuple[int, str], int]:
    """(participant unit id or PARTNER, phase code) → records dated up to `on`."""
    rows = session.execute(_COUNTS, {"programme_id": programme_id, "on": on})
    return {(int(root), str(phase)): int(n) for root, phase, n in rows}


def replace_programme(
    session: Session,
    programme: Programme,
    phases: list[dict[str, Any]],
    targets: list[dict[str, Any]],
) -> int:
    """Insert or update a programme with its phases and targets (records are kept)."""
    existing = session.scalars(
        select(Programme).where(col(Programme.code) == programme.code)
    ).first()
    if existing is not None:
        programme.id = existing.id
        programme = session.merge(programme)
        session.execute(
            delete(ProgrammeTarget).where(col(ProgrammeTarget.programme_id) == programme.id)
        )
        session.execute(
            delete(ProgrammePhase).where(col(ProgrammePhase.programme_id) == programme.id)
        )
    else:
        session.add(programme)
    session.flush()
    assert programme.id is not None
    insert_rows(session, ProgrammePhase, [{**p, "programme_id": programme.id} for p in phases])
    ids = {
        p.code: p.id
        for p in session.scalars(
            select(ProgrammePhase).where(col(ProgrammePhase.programme_id) == programme.id)
        )
    }
    insert_rows(
        session,
        ProgrammeTarget,
        [
            {
                "programme_id": programme.id,
                "unit_id": t["unit_id"],
                "phase_id": ids[t["phase"]],
                "target": t["target"],
            }
            for t in targets
        ],
    )
    return programme.id


def insert_records(session: Session, rows: list[dict[str, Any]]) -> int:
    return insert_rows(session, ProgrammeRecord, rows)
