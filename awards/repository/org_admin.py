"""Queries of organisation administration (`uow.org_admin`): children on a day, work held,
members, the trail of changes. The tree itself is OrgRepository's (`uow.org`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from awards.model import Dossier, OrgEvent, Person, Unit, UnitKind, UnitVersion
from states import TERMINAL_STATES


class OrgAdminRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def children_on(self, unit_id: int, on: date) -> list[int]:
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
        return [int(u) for u in self.session.execute(stmt).scalars()]

    def dossiers_in_progress(self, unit_id: int) -> list[str]:
        """Codes of unfinished dossiers the unit nominated or holds now."""
        finished = [s.value for s in TERMINAL_STATES]
        stmt = (
            select(col(Dossier.code))
            .where(
                or_(
                    col(Dossier.current_unit_id) == unit_id,
                    col(Dossier.nominating_unit_id) == unit_id,
                ),
                col(Dossier.state).not_in(finished),
            )
            .order_by(col(Dossier.id))
        )
        return list(self.session.execute(stmt).scalars())

    def move_members(self, from_unit: int, to_unit: int) -> int:
        result: Any = self.session.execute(
            update(Person).where(col(Person.unit_id) == from_unit).values(unit_id=to_unit)
        )
        return int(result.rowcount or 0)

    def count_members(self, unit_id: int) -> int:
        stmt = select(func.count()).select_from(Person).where(col(Person.unit_id) == unit_id)
        return int(self.session.execute(stmt).scalar_one())

    def save_version(self, version: UnitVersion) -> None:
        self.session.add(version)

    def versions(self, unit_id: int) -> list[UnitVersion]:
        stmt = (
            select(UnitVersion)
            .where(col(UnitVersion.unit_id) == unit_id)
            .order_by(col(UnitVersion.valid_from))
        )
        return list(self.session.execute(stmt).scalars())

    def events(self, unit_id: int) -> list[OrgEvent]:
        stmt = select(OrgEvent).where(col(OrgEvent.unit_id) == unit_id).order_by(col(OrgEvent.id))
        return list(self.session.execute(stmt).scalars())

    def add_event(self, event: OrgEvent) -> None:
        self.session.add(event)

    def unit_codes(self) -> dict[int, str]:
        rows = self.session.execute(select(col(Unit.id), col(Unit.code)))
        return {int(i): str(c) for i, c in rows}

    def update_unit(self, unit_id: int, values: dict[str, Any]) -> None:
        self.session.execute(update(Unit).where(col(Unit.id) == unit_id).values(**values))

    def kind_names(self, *, union_only: bool = False) -> dict[str, str]:
        """Each unit kind's name by code, highest level first (union_only: no state bodies)."""
        stmt = select(col(UnitKind.code), col(UnitKind.name)).order_by(col(UnitKind.level))
        if union_only:
            stmt = stmt.where(col(UnitKind.is_state_body).is_(False))
        return {str(c): str(n) for c, n in self.session.execute(stmt)}

    def search(
        self, text: str, on: date, unit_ids: set[int] | None, *, limit: int
    ) -> list[tuple[str, str, str, str | None]]:
        """(code, name, kind name, parent code) of the units valid on `on` whose code or name
        contains `text` (any case), among `unit_ids` (None: all), by name."""
        parent = aliased(Unit)
        valid_to = col(UnitVersion.valid_to)
        stmt = (
            select(col(Unit.code), col(UnitVersion.name), col(UnitKind.name), col(parent.code))
            .join(UnitVersion, col(UnitVersion.unit_id) == col(Unit.id))
            .join(UnitKind, col(UnitKind.code) == col(Unit.kind_code))
            .outerjoin(parent, col(parent.id) == col(UnitVersion.parent_id))
            .where(col(UnitVersion.valid_from) <= on, or_(valid_to.is_(None), valid_to > on))
        )
        if text:
            like = f"%{text.casefold()}%"
            stmt = stmt.where(
                or_(
                    func.lower(col(Unit.code)).like(like),
                    func.lower(col(UnitVersion.name)).like(like),
                )
            )
        if unit_ids is not None:
            stmt = stmt.where(col(Unit.id).in_(sorted(unit_ids)))
        rows = self.session.execute(stmt.order_by(col(UnitVersion.name)).limit(limit))
        return [(str(c), str(n), str(k), p) for c, n, k, p in rows]

    def kind_codes(self) -> list[str]:
        stmt = select(col(UnitKind.code)).order_by(col(UnitKind.level))
        return list(self.session.execute(stmt).scalars())
