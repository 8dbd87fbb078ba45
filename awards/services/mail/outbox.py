"""Delivering the outbox: pending messages become e-mails (SMTP) or .eml files (files mode).

The Message-ID comes from the outbox key, so a crash between sending and marking cannot
produce a second, different e-mail: a re-send carries the same Message-ID.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

from awards.model import OutboxMessage
from awards.repository import UnitOfWorkFactory
from awards.services import Progress, no_progress
from awards.services.mail.stored import render_stored
from notifications import RenderedMessage, build_email, make_message_id, write_eml

MAIL_DOMAIN = "tdkt.example.vn"


@dataclass(frozen=True)
class DeliveryReport:
    sent: int
    paths: list[Path]


def pending(
    uow_factory: UnitOfWorkFactory, limit: int = 1000, after_id: int = 0
) -> list[OutboxMessage]:
    """The next pending rows after `after_id`, bodies rendered and fixed (services.mail.stored)."""
    while True:
        with uow_factory() as uow:
            rows = uow.outbox.pending(limit, after_id)
            ready = render_stored(rows)
            uow.commit()
        if ready or not rows:  # a batch whose every row failed to render: take the next one
            return ready
        after_id = rows[-1].id or after_id


def as_email(row: OutboxMessage, sender: str) -> EmailMessage:
    rendered = RenderedMessage(subject=row.subject, text=row.body_text, html=row.body_html)
    message = build_email(
        rendered,
        sender=sender,
        to=[row.recipient],
        message_id=make_message_id(row.key, MAIL_DOMAIN),
        date=row.created_at,
    )
    # A boundary from the key (not random): a re-send after a crash is byte-identical.
    message.set_boundary(f"==tdkt-{hashlib.sha256(row.key.encode()).hexdigest()[:32]}==")
    return message


def deliver_to_files(
    uow_factory: UnitOfWorkFactory,
    folder: Path,
    *,
    sender: str,
    now: datetime,
    progress: Progress = no_progress,
) -> DeliveryReport:
    """Write every pending message as an .eml file, then mark it sent, batch by batch."""
    paths: list[Path] = []
    while batch := pending(uow_factory):
        progress(len(paths), None)
        emails = [(row.key, as_email(row, sender)) for row in batch]
        paths += write_eml(emails, folder)
        _mark_sent(
            uow_factory,
            [(row.id or 0, msg["Message-ID"]) for row, (_, msg) in zip(batch, emails, strict=True)],
            now,
        )
    progress(len(paths), len(paths))
    return DeliveryReport(len(paths), paths)


def _mark_sent(uow_factory: UnitOfWorkFactory, sent: list[tuple[int, str]], now: datetime) -> None:
    with uow_factory() as uow:
        uow.outbox.mark_sent(sent, now)
        uow.commit()
