"""Queries of round administration: rounds with their counts, extensions, events, mail targets."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select, update
from sqlmodel import Session as Session  # re-exported: services type with it, import no ORM
from sqlmodel import col

from awards.errors import NotFoundError
from awards.model import (
    Award,
    Dossier,
    Movement,
    Round,
    RoundEvent,
    RoundExtension,
    Unit,
    UnitKind,
)
from awards.repository.org import ancestor_ids, descendant_ids
from states import DossierState

# Dossiers a unit still has to send: what an extension or a new deadline is about.
UNSENT = (DossierState.draft.value,)


def round_by_code(session: Session, code: str, *, lock: bool = False) -> Round:
    stmt = select(Round).where(col(Round.code) == code)
    if lock and session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    found = session.execute(stmt).scalars().first()
    if found is None:
        known = ", ".join(
            session.execute(select(col(Round.code)).order_by(col(Round.id))).scalars()
        )
        raise NotFoundError(
            f"Không có đợt thi đua mã '{code}'"
            + (f"; các đợt hiện có: {known}." if known else "; chưa mở đợt nào (tdkt round open).")
        )
    return found


def round_exists(session: Session, code: str) -> bool:
    stmt = select(col(Round.id)).where(col(Round.code) == code)
    return session.execute(stmt).first() is not None


def movement_by_code(session: Session, code: str) -> Movement | None:
    stmt = select(Movement).where(col(Movement.code) == code)
    return session.execute(stmt).scalars().first()


def unit_by_code_any(session: Session, code: str) -> Unit | None:
    """The unit of a code, whatever the dates of its versions."""
    return session.execute(select(Unit).where(col(Unit.code) == code)).scalars().first()


def award_names(session: Session, codes: Iterable[str] | None = None) -> dict[str, str]:
    """Award names by code (every award of the catalogue when `codes` is None)."""
    stmt = select(col(Award.code), col(Award.name))
    if codes is not None:
        stmt = stmt.where(col(Award.code).in_(set(codes)))
    return {str(c): str(n) for c, n in session.execute(stmt)}


def all_rounds(session: Session) -> list[Round]:
    return list(
        session.execute(select(Round).order_by(col(Round.year).desc(), col(Round.code))).scalars()
    )


def movement_names(session: Session, ids: Iterable[int]) -> dict[int, str]:
    rows = session.execute(
        select(col(Movement.id), col(Movement.name)).where(col(Movement.id).in_(set(ids)))
    )
    return {int(i): str(n) for i, n in rows}


def dossier_counts(session: Session, round_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """Dossiers per round and state."""
    out: dict[int, dict[str, int]] = {r: {} for r in round_ids}
    rows = session.execute(
        select(col(Dossier.round_id), col(Dossier.state), func.count())
        .where(col(Dossier.round_id).in_(round_ids))
        .group_by(col(Dossier.round_id), col(Dossier.state))
    )
    for round_id, state, n in rows:
        out[int(round_id)][str(state)] = int(n)
    return out


def extensions_of(session: Session, round_ids: Iterable[int]) -> list[RoundExtension]:
    ids = set(round_ids)
    if not ids:
        return []
    return list(
        session.execute(
            select(RoundExtension)
            .where(col(RoundExtension.round_id).in_(ids))
            .order_by(col(RoundExtension.id))
        ).scalars()
    )


def events_of(session: Session, round_id: int) -> list[RoundEvent]:
    return list(
        session.execute(
            select(RoundEvent)
            .where(col(RoundEvent.round_id) == round_id)
            .order_by(col(RoundEvent.id))
        ).scalars()
    )


def unit_levels(session: Session, unit_ids: Iterable[int]) -> dict[int, int]:
    rows = session.execute(
        select(col(Unit.id), col(UnitKind.level))
        .join(UnitKind, col(UnitKind.code) == col(Unit.kind_code))
        .where(col(Unit.id).in_(set(unit_ids)))
    )
    return {int(u): int(level) for u, level in rows}


def ancestors_of(session: Session, unit_ids: Iterable[int], on: date) -> dict[int, set[int]]:
    """Each unit with itself and every unit above it on `on` (one CTE per distinct unit)."""
    return {u: set(ancestor_ids(session, u, on)) for u in set(unit_ids)}


@dataclass(frozen=True)
class Addressee:
    unit_id: int
    email: str | None


def addressees(session: Session, round_id: int, unit_id: int | None, on: date) -> list[Addressee]:
    """Units concerned by an extension: the unit named (if any) and every unit, within its
    scope, that nominated dossiers of the round it has not sent yet."""
    stmt = select(col(Dossier.nominating_unit_id)).where(
        col(Dossier.round_id) == round_id, col(Dossier.state).in_(UNSENT)
    )
    if unit_id is not None:
        stmt = stmt.where(col(Dossier.nominating_unit_id).in_(descendant_ids(session, unit_id, on)))
    ids = {int(u) for u in session.execute(stmt.distinct()).scalars()}
    if unit_id is not None:
        ids.add(unit_id)
    rows = session.execute(
        select(col(Unit.id), col(Unit.email)).where(col(Unit.id).in_(ids)).order_by(col(Unit.id))
    )
    return [Addressee(int(u), e) for u, e in rows]


def unsent_units(session: Session, round_id: int) -> set[int]:
    """Nominating units with dossiers of the round not sent yet."""
    stmt = select(col(Dossier.nominating_unit_id)).where(
        col(Dossier.round_id) == round_id, col(Dossier.state).in_(UNSENT)
    )
    return {int(u) for u in session.execute(stmt.distinct()).scalars()}


def set_unsent_due(session: Session, round_id: int, due_by_unit: dict[int, date]) -> int:
    """Set the due date of the round's unsent dossiers, unit by unit (one UPDATE per date), so
    the inbox counts days from each unit's own hạn nộp."""
    by_day: dict[date, list[int]] = {}
    for unit_id, day in due_by_unit.items():
        by_day.setdefault(day, []).append(unit_id)
    changed = 0
    for day, units in sorted(by_day.items()):
        result: Any = session.execute(
            update(Dossier)
            .where(
                col(Dossier.round_id) == round_id,
                col(Dossier.state).in_(UNSENT),
                col(Dossier.nominating_unit_id).in_(units),
            )
            .values(due_on=day)
        )
        changed += int(result.rowcount or 0)
    return changed
