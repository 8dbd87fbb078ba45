"""The outbox: e-mails written with the change that caused them, delivered later.

Writing is one idempotent bulk insert (a key already present is skipped); delivery reads
pending rows in id order and marks a whole batch with one executemany.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, update
from sqlmodel import Session, col, select

from awards.model import OutboxMessage
from awards.repository.dossiers import insert_outbox

OUTBOX: Table = OutboxMessage.__table__  # type: ignore[attr-defined]


class OutboxRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, messages: list[dict[str, Any]]) -> int:
        """Insert `outbox_row`s, skipping keys already present; returns how many were new."""
        return insert_outbox(self.session, messages)

    def pending(self, limit: int, after_id: int = 0) -> list[OutboxMessage]:
        stmt = (
            select(OutboxMessage)
            .where(col(OutboxMessage.status) == "pending", col(OutboxMessage.id) > after_id)
            .order_by(col(OutboxMessage.id))
            .limit(limit)
        )
        return list(self.session.exec(stmt))

    def pending_with_prefix(self, prefix: str) -> list[OutboxMessage]:
        """Pending rows whose key starts with `prefix` (a report's e-mails)."""
        stmt = select(OutboxMessage).where(
            col(OutboxMessage.key).startswith(prefix), col(OutboxMessage.status) == "pending"
        )
        return list(self.session.exec(stmt))

    def failed(self, limit: int) -> list[OutboxMessage]:
        """Messages that will not be retried, newest first."""
        stmt = (
            select(OutboxMessage)
            .where(col(OutboxMessage.status) == "failed")
            .order_by(col(OutboxMessage.id).desc())
            .limit(limit)
        )
        return list(self.session.exec(stmt))

    def mark_sent(self, sent: list[tuple[int, str]], now: datetime) -> None:
        """(id, Message-ID) pairs written as files: sent now, one attempt more."""
        for outbox_id, message_id in sent:
            self.session.execute(
                update(OutboxMessage)
                .where(col(OutboxMessage.id) == outbox_id)
                .values(
                    status="sent",
                    sent_at=now,
                    message_id=message_id,
                    attempts=col(OutboxMessage.attempts) + 1,
                )
            )

    def mark_results(self, params: list[dict[str, Any]]) -> None:
        """One executemany over a batch: `b_id` picks the row, the other keys are its values."""
        stmt = (
            update(OUTBOX)
            .where(OUTBOX.c.id == bindparam("b_id"))
            .values({k: bindparam(k) for k in params[0] if k != "b_id"})
        )
        self.session.connection().execute(stmt, params)

    def mark_by_key(self, status: dict[str, str], now: datetime) -> None:
        """Set each key's status, one attempt more; `sent_at` only for the sent ones."""
        for key, value in status.items():
            self.session.execute(
                update(OutboxMessage)
                .where(col(OutboxMessage.key) == key)
                .values(
                    status=value,
                    attempts=col(OutboxMessage.attempts) + 1,
                    sent_at=now if value == "sent" else None,
                )
            )

    def retry_failed(self) -> int:
        """Every failed message back to pending with its attempts reset; returns how many."""
        result = self.session.connection().execute(
            update(OUTBOX)
            .where(OUTBOX.c.status == "failed")
            .values(status="pending", attempts=0, last_error="")
        )
        return int(result.rowcount)
