"""Reading the whole audit trail in dossier order, in chunks, for verification."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Table, select
from sqlmodel import Session

from awards.model import AuditEvent, Dossier

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
