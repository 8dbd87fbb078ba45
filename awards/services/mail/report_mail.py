"""Delivering one report's queued e-mails now, the report's DOCX attached (files or SMTP);
`tdkt mail deliver` attaches it the same way (services.mail.outbox.emails_of).

The outbox rows were written with the report (same transaction); here they are sent and
marked, so a re-run sends only what is still pending and a re-send keeps its Message-ID.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

from awards.repository import UnitOfWorkFactory
from awards.services.mail.delivery import smtp_config
from awards.services.mail.outbox import emails_of
from awards.settings import Settings
from notifications import write_eml
from notifications.send import send_batch


def deliver_report_mail(
    uow_factory: UnitOfWorkFactory, settings: Settings, report_id: int, now: datetime
) -> dict[str, int]:
    """Send the pending e-mails of one report; returns counts by outcome."""
    with uow_factory() as uow:
        report = uow.reports.issued(report_id)
        assert report is not None
        rows = uow.outbox.pending_with_prefix(f"report:{report_id}:")
    emails = [(row.key, msg) for row, msg in emails_of(uow_factory, rows, settings.mail_from)]
    if settings.mail_mode == "files":
        write_eml(emails, settings.mail_dir)
        status = {key: "sent" for key, _ in emails}
    else:
        results = asyncio.run(send_batch(emails, smtp_config(settings)))
        status = {
            r.key: "sent"
            if r.status == "sent"
            else ("failed" if r.status == "permanent" else "pending")
            for r in results
        }
    _mark(uow_factory, status, now)
    counts: dict[str, int] = {}
    for value in status.values():
        counts[value] = counts.get(value, 0) + 1
    return counts


def _mark(uow_factory: UnitOfWorkFactory, status: dict[str, str], now: datetime) -> None:
    with uow_factory() as uow:
        uow.outbox.mark_by_key(status, now)
        uow.commit()
