"""Names for codes, read in one query each: what screens show instead of an award or unit code."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import and_, or_, select
from sqlmodel import Session, col

from awards.model import Award, Unit, UnitVersion


def award_names(s: Session, codes: Iterable[str] | None = None) -> dict[str, str]:
    """{award code: name}, for `codes` or the whole catalogue."""
    stmt = select(col(Award.code), col(Award.name))
    if codes is not None:
        stmt = stmt.where(col(Award.code).in_(sorted(set(codes))))
    return {str(code): str(name) for code, name in s.execute(stmt).tuples()}


def unit_names(s: Session, codes: Iterable[str], on: date) -> dict[str, str]:
    """{unit code: its name on `on`} for the codes that are units (others are left out)."""
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    valid_to = col(UnitVersion.valid_to)
    stmt = (
        select(col(Unit.code), col(UnitVersion.name))
        .join(UnitVersion, col(UnitVersion.unit_id) == col(Unit.id))
        .where(
            col(Unit.code).in_(wanted),
            and_(col(UnitVersion.valid_from) <= on, or_(valid_to.is_(None), valid_to > on)),
        )
    )
    return {str(code): str(name) for code, name in s.execute(stmt).tuples()}


def unit_choices(s: Session, on: date, ids: Iterable[int] | None = None) -> list[tuple[str, str]]:
    """(code, name) of the units valid on `on` (those of `ids`, if given), by name: pickers."""
    valid_to = col(UnitVersion.valid_to)
    stmt = (
        select(col(Unit.code), col(UnitVersion.name))
        .join(UnitVersion, col(UnitVersion.unit_id) == col(Unit.id))
        .where(col(UnitVersion.valid_from) <= on, or_(valid_to.is_(None), valid_to > on))
        .order_by(col(UnitVersion.name), col(Unit.code))
    )
    if ids is not None:
        stmt = stmt.where(col(Unit.id).in_(sorted(set(ids))))
    return [(code, name) for code, name in s.execute(stmt)]
