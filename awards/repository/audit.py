"""The audit trail: read whole in dossier order (verification), or as a filtered page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Table, and_, select
from sqlmodel import Session, col
from sqlmodel import select as orm_select

from awards.model import (
    AuditEvent,
    Award,
    Council,
    CouncilAgendaItem,
    CouncilSession,
    Dossier,
    Person,
    Unit,
    UnitKind,
)
from awards.repository.dossiers import audit_trail
from awards.repository.listing import AuditLine, any_of, audit_lines
from awards.repository.org import descendant_ids

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


# --- what `tdkt audit verify --invariants` reads (awards.services.audit.invariants) ---

PERSON_FACTS = (
    "full_name",
    "gender",
    "birth_year",
    "unit_id",
    "position",
    "holds_leadership_post",
    "is_direct_worker",
    "qualification",
    "union_years_dedicated",
    "union_years_non_dedicated",
    "union_years_non_state",
    "direct_production_years",
)


def _rows(session: Session, stmt: Any) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in session.execute(stmt)]


class InvariantQueries:
    """The approval path as stored: approvals and their council items, decisions, nominees,
    the grants recorded on moves, person facts. Mixed into AuditRepository (`uow.audit`)."""

    session: Session

    def approvals(self) -> list[dict[str, Any]]:
        """Every approve event: the dossier and the level (unit) that approved it."""
        stmt = (
            select(DOSSIER.c.id, DOSSIER.c.code, AUDIT.c.unit_id, AUDIT.c.seq)
            .join(DOSSIER, DOSSIER.c.id == AUDIT.c.dossier_id)
            .where(AUDIT.c.trigger == "approve")
            .order_by(DOSSIER.c.id, AUDIT.c.seq)
        )
        return _rows(self.session, stmt)

    def approving_items(self, dossier_ids: list[int]) -> list[dict[str, Any]]:
        """Agenda items that approved these dossiers, with their session and council."""
        if not dossier_ids:
            return []
        item = CouncilAgendaItem.__table__  # type: ignore[attr-defined]
        sess = CouncilSession.__table__  # type: ignore[attr-defined]
        council = Council.__table__  # type: ignore[attr-defined]
        stmt = (
            select(
                item.c.dossier_id,
                item.c.yes_count,
                item.c.no_count,
                item.c.rule,
                sess.c.code.label("session_code"),
                sess.c.status,
                council.c.unit_id,
            )
            .join(sess, sess.c.id == item.c.session_id)
            .join(council, council.c.id == sess.c.council_id)
            .where(item.c.dossier_id.in_(dossier_ids), item.c.outcome == "approved")
        )
        return _rows(self.session, stmt)

    def awarded(self) -> list[dict[str, Any]]:
        """Awarded dossiers with their decision, route and award, and the move that awarded."""
        award = Award.__table__  # type: ignore[attr-defined]
        stmt = (
            select(
                DOSSIER.c.id,
                DOSSIER.c.code,
                DOSSIER.c.award_code,
                DOSSIER.c.decided_by_unit_id,
                DOSSIER.c.decision_no,
                DOSSIER.c.decision_date,
                DOSSIER.c.decision_signer,
                DOSSIER.c.ends_at_state_body,
                award.c.decided_at_level,
                AUDIT.c.trigger,
                AUDIT.c.role,
            )
            .join(award, award.c.code == DOSSIER.c.award_code)
            .join(
                AUDIT,
                (AUDIT.c.dossier_id == DOSSIER.c.id) & (AUDIT.c.seq == DOSSIER.c.audit_seq),
                isouter=True,
            )
            .where(DOSSIER.c.state == "awarded")
            .order_by(DOSSIER.c.id)
        )
        return _rows(self.session, stmt)

    def unit_kinds(self) -> dict[int, tuple[str, int, bool]]:
        """Unit id → (code, level of its kind, whether a state body)."""
        unit, kind = Unit.__table__, UnitKind.__table__  # type: ignore[attr-defined]
        stmt = select(unit.c.id, unit.c.code, kind.c.level, kind.c.is_state_body).join(
            kind, kind.c.code == unit.c.kind_code
        )
        return {i: (c, lv, bool(sb)) for i, c, lv, sb in self.session.execute(stmt).tuples()}

    def nominees(self) -> list[dict[str, Any]]:
        """Dossiers for a person: nominating unit, the person's unit, the day of nomination."""
        person = Person.__table__  # type: ignore[attr-defined]
        stmt = (
            select(
                DOSSIER.c.code,
                DOSSIER.c.nominating_unit_id,
                DOSSIER.c.created_at,
                person.c.code.label("person_code"),
                person.c.unit_id.label("person_unit_id"),
            )
            .join(person, person.c.id == DOSSIER.c.person_id)
            .order_by(DOSSIER.c.id)
        )
        return _rows(self.session, stmt)

    def account_moves(self) -> list[dict[str, Any]]:
        """Moves an account made through a screen (they record the grant's unit)."""
        stmt = (
            select(
                DOSSIER.c.code,
                DOSSIER.c.nominating_unit_id,
                AUDIT.c.seq,
                AUDIT.c.trigger,
                AUDIT.c.role,
                AUDIT.c.unit_id,
                AUDIT.c.at,
                AUDIT.c.data,
            )
            .join(DOSSIER, DOSSIER.c.id == AUDIT.c.dossier_id)
            .order_by(DOSSIER.c.id, AUDIT.c.seq)
        )
        return [r for r in _rows(self.session, stmt) if (r["data"] or {}).get("grant_unit_id")]

    def liaisons(self) -> dict[int, int]:
        unit = Unit.__table__  # type: ignore[attr-defined]
        stmt = select(unit.c.id, unit.c.liaison_unit_id).where(unit.c.liaison_unit_id.isnot(None))
        return {int(i): int(u) for i, u in self.session.execute(stmt).tuples()}

    def descendants(self, unit_id: int, on: date) -> set[int]:
        return descendant_ids(self.session, unit_id, on)

    def person_facts(self) -> list[dict[str, Any]]:
        """Every person's code and the facts the rules read about them."""
        person = Person.__table__  # type: ignore[attr-defined]
        stmt = select(person.c.code, *(person.c[n] for n in PERSON_FACTS)).order_by(person.c.code)
        return _rows(self.session, stmt)


class AuditRepository(InvariantQueries):
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
