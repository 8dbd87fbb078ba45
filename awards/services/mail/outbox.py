"""Delivering the outbox: pending messages become e-mails (SMTP) or .eml files (files mode).

The Message-ID comes from the outbox key, so a crash between sending and marking cannot
produce a second, different e-mail: a re-send carries the same Message-ID.
"""

from __future__ import annotations

import hashlib
import re
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
    message.set_boundary(f"==tdkt-{_digest(row.key)}==")
    return message


# A report's e-mail ("report:<id>:…") carries the report's DOCX, as its text says.
_REPORT_KEY = re.compile(r"^report:(\d+):")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def emails_of(
    uow_factory: UnitOfWorkFactory, rows: list[OutboxMessage], sender: str
) -> list[tuple[OutboxMessage, EmailMessage]]:
    """The e-mails of these rows, with their attachments. A report e-mail whose file is gone is
    left out (it stays pending, so it is never sent saying "attached" without the file)."""
    report_ids = {int(m[1]) for row in rows if (m := _REPORT_KEY.match(row.key))}
    files: dict[int, Path] = {}
    if report_ids:
        with uow_factory(write=False) as uow:
            for rid in report_ids:
                report = uow.reports.issued(rid)
                docx = (
                    next((f for f in report.files if f.endswith(".docx")), None) if report else None
                )
                if docx is not None and Path(docx).is_file():
                    files[rid] = Path(docx)
    out = []
    for row in rows:
        message = as_email(row, sender)
        found = _REPORT_KEY.match(row.key)
        if found:
            path = files.get(int(found[1]))
            if path is None:
                continue
            main, sub = DOCX.split("/")
            message.add_attachment(
                path.read_bytes(), maintype=main, subtype=sub, filename=path.name
            )
            message.set_boundary(f"==tdkt-mixed-{_digest(row.key)}==")
        out.append((row, message))
    return out


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:32]


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
    after = 0
    while batch := pending(uow_factory, after_id=after):
        progress(len(paths), None)
        after = batch[-1].id or after
        emails = emails_of(uow_factory, batch, sender)
        paths += write_eml([(row.key, msg) for row, msg in emails], folder)
        _mark_sent(uow_factory, [(row.id or 0, msg["Message-ID"]) for row, msg in emails], now)
    progress(len(paths), len(paths))
    return DeliveryReport(len(paths), paths)


def _mark_sent(uow_factory: UnitOfWorkFactory, sent: list[tuple[int, str]], now: datetime) -> None:
    with uow_factory() as uow:
        uow.outbox.mark_sent(sent, now)
        uow.commit()
