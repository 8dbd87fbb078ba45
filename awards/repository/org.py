"""Queries over the effective-dated organisation tree (recursive CTEs, no per-unit queries)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, Table, and_, func, or_, select, text
from sqlmodel import Session, col

from awards.errors import NotFoundError, ValidationError
from awards.model import Unit, UnitKind, UnitVersion
from awards.repository.bulk import insert_returning_ids, insert_rows
from awards.repository.programmes import unit_labels


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


class OrgRepository:
    """The organisation tree (`uow.org`): units, their kinds and effective-dated versions."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def units_on(self, on: date) -> list[UnitRow]:
        return units_on(self.session, on)

    def by_code(self, code: str, on: date) -> UnitRow:
        return unit_by_code(self.session, code, on)

    def by_id(self, unit_id: int, on: date) -> UnitRow:
        return unit_by_id(self.session, unit_id, on)

    def ancestor_ids(self, unit_id: int, on: date) -> list[int]:
        return ancestor_ids(self.session, unit_id, on)

    def descendant_ids(self, unit_id: int, on: date) -> set[int]:
        return descendant_ids(self.session, unit_id, on)

    def unit(self, code: str) -> Unit | None:
        """The unit row by code, whatever its versions (codes never change)."""
        return self.session.scalars(select(Unit).where(col(Unit.code) == code)).first()

    def unit_id(self, code: str) -> int | None:
        return self.session.scalars(select(col(Unit.id)).where(col(Unit.code) == code)).first()

    def require_id(self, code: str) -> int:
        unit_id = self.unit_id(code)
        if unit_id is None:
            raise NotFoundError(f"Không có đơn vị mã '{code}'.")
        return unit_id

    def get(self, unit_id: int) -> Unit | None:
        return self.session.get(Unit, unit_id)

    def ids_by_code(self, codes: Iterable[str] | None = None) -> dict[str, int]:
        """Unit ids by code: of `codes`, or of every unit."""
        stmt = select(col(Unit.code), col(Unit.id))
        if codes is not None:
            stmt = stmt.where(col(Unit.code).in_(set(codes)))
        return {str(code): int(uid) for code, uid in self.session.execute(stmt)}

    def codes_by_id(self, ids: Iterable[int]) -> dict[int, str]:
        stmt = select(col(Unit.id), col(Unit.code)).where(col(Unit.id).in_(set(ids)))
        return {int(uid): str(code) for uid, code in self.session.execute(stmt)}

    def codes_within(self, ids: Iterable[int] | None) -> list[str]:
        """Codes of the given units (None: every unit), in code order."""
        stmt = select(col(Unit.code))
        if ids is not None:
            stmt = stmt.where(col(Unit.id).in_(sorted(ids)))
        return list(self.session.scalars(stmt.order_by(col(Unit.code))))

    def add_unit(self, unit: Unit, *, parent_id: int | None, name: str, valid_from: date) -> int:
        """A new unit and its first version; returns the unit's id."""
        self.session.add(unit)
        self.session.flush()
        assert unit.id is not None
        self.session.add(
            UnitVersion(unit_id=unit.id, parent_id=parent_id, name=name, valid_from=valid_from)
        )
        return unit.id

    def open_version_before(self, unit_id: int, valid_from: date) -> UnitVersion | None:
        return check_new_version(self.session, unit_id, valid_from)

    def add_version(self, version: UnitVersion) -> None:
        self.session.add(version)
        self.session.flush()  # the next version of the same unit may be checked against it

    def save_kind(self, kind: UnitKind) -> None:
        self.session.merge(kind)

    def kind(self, code: str) -> UnitKind | None:
        return self.session.get(UnitKind, code)

    def doc_symbol(self, kind_code: str, unit_code: str) -> str:
        """The issuer part of document numbers (12/TTr-LĐLĐ): the kind's symbol, else the code."""
        kind = self.kind(kind_code)
        return (kind.doc_symbol if kind else None) or unit_code

    def levels(self, unit_ids: Iterable[int]) -> dict[int, int]:
        """The level of each unit (read per batch of moves: Core columns, no ORM loading)."""
        unit: Table = Unit.__table__  # type: ignore[attr-defined]
        kind: Table = UnitKind.__table__  # type: ignore[attr-defined]
        stmt = (
            select(unit.c.id, kind.c.level)
            .join(kind, kind.c.code == unit.c.kind_code)
            .where(unit.c.id.in_(set(unit_ids)))
        )
        return {int(u): int(level) for u, level in self.session.execute(stmt)}

    def state_body(self, kind_code: str, liaison_id: int) -> int | None:
        """The state body of a kind that the union unit `liaison_id` submits to."""
        stmt = select(col(Unit.id)).where(
            col(Unit.kind_code) == kind_code, col(Unit.liaison_unit_id) == liaison_id
        )
        return self.session.scalars(stmt).first()

    def state_bodies(self) -> dict[tuple[str, int], int]:
        """Every state body by (kind, liaison union unit)."""
        stmt = select(col(Unit.kind_code), col(Unit.liaison_unit_id), col(Unit.id)).where(
            col(Unit.liaison_unit_id).is_not(None)
        )
        return {(kind, int(liaison)): int(uid) for kind, liaison, uid in self.session.execute(stmt)}

    def liaison_of(self, unit_id: int) -> int | None:
        """The union unit liaising with a state body (None for a union unit)."""
        stmt = select(col(Unit.liaison_unit_id)).where(col(Unit.id) == unit_id)
        return self.session.execute(stmt).scalar_one_or_none()

    def latest_names(self, unit_ids: Iterable[int]) -> dict[int, str]:
        """Each unit's name in its latest version (for notices, which name today's unit)."""
        names: dict[int, str] = {}
        stmt = (
            select(col(UnitVersion.unit_id), col(UnitVersion.name))
            .where(col(UnitVersion.unit_id).in_(set(unit_ids)))
            .order_by(col(UnitVersion.valid_from))
        )
        for unit_id, name in self.session.execute(stmt):
            names[unit_id] = name  # the latest version wins
        return names

    def emails(self, unit_ids: Iterable[int]) -> dict[int, str | None]:
        stmt = select(col(Unit.id), col(Unit.email)).where(col(Unit.id).in_(set(unit_ids)))
        return {int(uid): email for uid, email in self.session.execute(stmt)}

    def labels(self, unit_ids: Sequence[int], on: date) -> dict[int, tuple[str, str]]:
        """Code and name valid on `on` (a renamed unit shows the name it had then)."""
        return unit_labels(self.session, unit_ids, on)

    def count_by_kind_name(self) -> dict[str, int]:
        stmt = (
            select(col(UnitKind.name), func.count(col(Unit.id)))
            .join(Unit, col(Unit.kind_code) == col(UnitKind.code))
            .group_by(col(UnitKind.name))
        )
        return {str(name): int(n) for name, n in self.session.execute(stmt)}

    def count_by_sector(self, kind_code: str) -> dict[str, int]:
        stmt = (
            select(col(Unit.sector), func.count())
            .where(col(Unit.kind_code) == kind_code)
            .group_by(col(Unit.sector))
        )
        return {str(sector): int(n) for sector, n in self.session.execute(stmt)}

    # --- bulk loads (demo population): Core executemany ---
    def insert_units(self, rows: Sequence[dict[str, Any]]) -> dict[str, int]:
        """Insert units; returns their ids by code."""
        return insert_returning_ids(self.session, Unit, rows, "code")

    def insert_versions(self, rows: Sequence[dict[str, Any]]) -> int:
        return insert_rows(self.session, UnitVersion, rows)
