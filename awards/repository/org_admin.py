"""Queries of organisation administration: children on a day, work held, members, the trail."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlmodel import Session as Session  # re-exported: services type with it, import no ORM
from sqlmodel import col

from awards.model import Dossier, OrgEvent, Person, Unit, UnitKind, UnitVersion
from states import TERMINAL_STATES


def children_on(session: Session, unit_id: int, on: date) -> list[int]:
    """Units whose version valid on `on` has `unit_id` as parent."""
    valid_to = col(UnitVersion.valid_to)
    stmt = (
        select(col(UnitVersion.unit_id))
        .where(
            col(UnitVersion.parent_id) == unit_id,
            and_(col(UnitVersion.valid_from) <= on, or_(valid_to.is_(None), valid_to > on)),
        )
        .order_by(col(UnitVersion.unit_id))
    )
    return [int(u) for u in session.execute(stmt).scalars()]


def dossiers_in_progress(session: Session, unit_id: int) -> list[str]:
    """Codes of unfinished dossiers the unit nominated or holds now."""
    finished = [s.value for s in TERMINAL_STATES]
    stmt = (
        select(col(Dossier.code))
        .where(
            or_(
                col(Dossier.current_unit_id) == unit_id, col(Dossier.nominating_unit_id) == unit_id
            ),
            col(Dossier.state).not_in(finished),
        )
        .order_by(col(Dossier.id))
    )
    return list(session.execute(stmt).scalars())


def move_members(session: Session, from_unit: int, to_unit: int) -> int:
    result: Any = session.execute(
        update(Person).where(col(Person.unit_id) == from_unit).values(unit_id=to_unit)
    )
    return int(result.rowcount or 0)


def count_members(session: Session, unit_id: int) -> int:
    stmt = select(func.count()).select_from(Person).where(col(Person.unit_id) == unit_id)
    return int(session.execute(stmt).scalar_one())


def versions_of(session: Session, unit_id: int) -> list[UnitVersion]:
    stmt = (
        select(UnitVersion)
        .where(col(UnitVersion.unit_id) == unit_id)
        .order_by(col(UnitVersion.valid_from))
    )
    return list(session.execute(stmt).scalars())


def events_of(session: Session, unit_id: int) -> list[OrgEvent]:
    stmt = select(OrgEvent).where(col(OrgEvent.unit_id) == unit_id).order_by(col(OrgEvent.id))
    return list(session.execute(stmt).scalars())


def unit_id_of(session: Session, code: str) -> int | None:
    """The unit of a code, whatever its versions' dates."""
    found = session.execute(select(col(Unit.id)).where(col(Unit.code) == code)).scalar()
    return int(found) if found is not None else None


def unit_codes(session: Session) -> dict[int, str]:
    return {int(i): str(c) for i, c in session.execute(select(col(Unit.id), col(Unit.code)))}


def kind_codes(session: Session) -> list[str]:
    return list(session.execute(select(col(UnitKind.code)).order_by(col(UnitKind.level))).scalars())
