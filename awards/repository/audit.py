"""The audit trail: read whole in dossier order (verification), or as a filtered page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Table, and_, select
from sqlmodel import Session, col
from sqlmodel import select as orm_select

from awards.model import AuditEvent, Dossier
from awards.repository.dossiers import audit_trail
from awards.repository.listing import AuditLine, any_of, audit_lines

AUDIT: Table = AuditEvent.__table__  # type: ignore[attr-defined]
DOSSIER: Table = Dossier.__table__  # type: ignore[attr-defined]
HEAD = ("id", "code", "state", "audit_seq", "audit_hash")


def dossier_heads(session: Session, after_id: int, limit: int) -> list[dict[str, Any]]:
    """The next `limit` dossiers by id: their code, state and the head of their chain."""
    stmt = (
        select(*(DOSSIER.c[n] for n in HEAD))
        .where(DOSSIER.c.id > after_id)
        .order_by(DOSSIER.c.id)
        .limit(limit)
    )
    return [dict(r._mapping) for r in session.execute(stmt)]


def events_of(session: Session, first_id: int, last_id: int) -> Iterator[dict[str, Any]]:
    """Every audit event of dossiers first_id..last_id, ordered by dossier then seq."""
    stmt = (
        select(AUDIT)
        .where(AUDIT.c.dossier_id.between(first_id, last_id))
        .order_by(AUDIT.c.dossier_id, AUDIT.c.seq)
    )
    for row in session.execute(stmt):
        yield dict(row._mapping)


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def dossier_heads(self, after_id: int, limit: int) -> list[dict[str, Any]]:
        return dossier_heads(self.session, after_id, limit)

    def events_of(self, first_id: int, last_id: int) -> Iterator[dict[str, Any]]:
        return events_of(self.session, first_id, last_id)

    def dossier_by_code(self, code: str) -> Dossier | None:
        return self.session.exec(orm_select(Dossier).where(col(Dossier.code) == code)).first()

    def trail(self, dossier_id: int) -> list[AuditEvent]:
        """The events of one dossier in order."""
        return audit_trail(self.session, dossier_id)

    def lines(
        self,
        *,
        units: set[int] | None,
        dossier_code: str | None = None,
        actor: str | None = None,
        trigger: str | None = None,
        since: datetime | None = None,
        before: datetime | None = None,
        limit: int,
        offset: int,
    ) -> tuple[list[AuditLine], int]:
        """A page of events (newest first) and how many match: of dossiers nominated by, or
        events done at, one of `units` (None: everywhere), filtered; `actor` is part of a name."""
        where: list[ColumnElement[bool]] = []
        if units is not None:
            ids = sorted(units)
            where.append(any_of([DOSSIER.c.nominating_unit_id.in_(ids), AUDIT.c.unit_id.in_(ids)]))
        a = AUDIT.c
        match: list[ColumnElement[bool]] = []
        if dossier_code:
            match.append(DOSSIER.c.code == dossier_code)
        if actor:
            match.append(a.actor.contains(actor, autoescape=True))
        if trigger:
            match.append(a.trigger == trigger)
        if since:
            match.append(a.at >= since)
        if before:
            match.append(a.at < before)
        if match:
            where.append(and_(*match))
        return audit_lines(self.session, where, limit=limit, offset=offset)
