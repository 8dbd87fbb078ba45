"""Queries over the effective-dated organisation tree (recursive CTEs, no per-unit queries)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Select, and_, or_, select, text
from sqlmodel import Session, col

from awards.errors import NotFoundError, ValidationError
from awards.model import Unit, UnitKind, UnitVersion


@dataclass(frozen=True)
class UnitRow:
    id: int
    code: str
    name: str
    kind_code: str
    level: int
    is_state_body: bool
    parent_id: int | None
    sector: str | None


def _valid_on(on: date) -> ColumnElement[bool]:
    valid_to = col(UnitVersion.valid_to)
    return and_(col(UnitVersion.valid_from) <= on, or_(valid_to.is_(None), valid_to > on))


def units_on(session: Session, on: date) -> list[UnitRow]:
    """Every unit valid on `on`, with its name, kind, level and parent on that day."""
    return [UnitRow(*row) for row in session.execute(_unit_stmt(on).order_by(col(Unit.id)))]


def unit_by_code(session: Session, code: str, on: date) -> UnitRow:
    for row in session.execute(_unit_stmt(on).where(col(Unit.code) == code)):
        return UnitRow(*row)
    raise NotFoundError(f"Không có đơn vị mã '{code}' hiệu lực ngày {on:%d/%m/%Y}.")


def unit_by_id(session: Session, unit_id: int, on: date) -> UnitRow:
    for row in session.execute(_unit_stmt(on).where(col(Unit.id) == unit_id)):
        return UnitRow(*row)
    raise NotFoundError(f"Không có đơn vị số {unit_id} hiệu lực ngày {on:%d/%m/%Y}.")


def _unit_stmt(
    on: date,
) -> Select[tuple[int | None, str, str, str, int, bool, int | None, str | None]]:
    return (
        select(
            col(Unit.id),
            col(Unit.code),
            col(UnitVersion.name),
            col(Unit.kind_code),
            col(UnitKind.level),
            col(UnitKind.is_state_body),
            col(UnitVersion.parent_id),
            col(Unit.sector),
        )
        .join(UnitVersion, col(UnitVersion.unit_id) == col(Unit.id))
        .join(UnitKind, col(UnitKind.code) == col(Unit.kind_code))
        .where(_valid_on(on))
    )


_ANCESTORS = text(
    """
    WITH RECURSIVE up(unit_id, depth) AS (
        SELECT CAST(:unit_id AS INTEGER), 0
        UNION ALL
        SELECT v.parent_id, up.depth + 1 FROM unit_version v JOIN up ON v.unit_id = up.unit_id
        WHERE v.parent_id IS NOT NULL AND v.valid_from <= :on
          AND (v.valid_to IS NULL OR v.valid_to > :on) AND up.depth < 20
    )
    SELECT unit_id FROM up ORDER BY depth
    """
)

_DESCENDANTS = text(
    """
    WITH RECURSIVE down(unit_id, depth) AS (
        SELECT CAST(:unit_id AS INTEGER), 0
        UNION ALL
        SELECT v.unit_id, down.depth + 1 FROM unit_version v JOIN down ON v.parent_id = down.unit_id
        WHERE v.valid_from <= :on AND (v.valid_to IS NULL OR v.valid_to > :on) AND down.depth < 20
    )
    SELECT unit_id FROM down
    """
)


def ancestor_ids(session: Session, unit_id: int, on: date) -> list[int]:
    """The unit itself, then its parent, up to the root (bottom-up)."""
    return [r[0] for r in session.execute(_ANCESTORS, {"unit_id": unit_id, "on": on})]


def descendant_ids(session: Session, unit_id: int, on: date) -> set[int]:
    """The unit itself and every unit below it on `on`."""
    return {r[0] for r in session.execute(_DESCENDANTS, {"unit_id": unit_id, "on": on})}


def check_new_version(session: Session, unit_id: int, valid_from: date) -> UnitVersion | None:
    """Refuse a version starting inside a closed one; return the open version to close, if any."""
    versions = session.execute(
        select(UnitVersion).where(col(UnitVersion.unit_id) == unit_id)
    ).scalars()
    open_version = None
    for v in versions:
        if v.valid_to is None and v.valid_from < valid_from:
            open_version = v
        elif v.valid_from <= valid_from and (v.valid_to is None or valid_from < v.valid_to):
            raise ValidationError(
                f"Phiên bản mới của đơn vị số {unit_id} từ {valid_from:%d/%m/%Y} chồng lên phiên "
                f"bản {v.valid_from:%d/%m/%Y}–{_fmt(v.valid_to)}; chọn ngày hiệu lực khác."
            )
        elif v.valid_from > valid_from:
            raise ValidationError(
                f"Đơn vị số {unit_id} đã có phiên bản từ {v.valid_from:%d/%m/%Y}, sau ngày "
                f"{valid_from:%d/%m/%Y}; các phiên bản phải nối tiếp nhau theo thời gian."
            )
    return open_version


def _fmt(d: date | None) -> str:
    return "nay" if d is None else f"{d:%d/%m/%Y}"
