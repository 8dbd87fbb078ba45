"""Delivering the outbox: `files` mode writes .eml files, `smtp` mode sends in batches.

Each SMTP batch goes over one connection (`notifications.send_batch`, which retries transient
failures with backoff inside the batch), then the batch's rows are marked in one transaction:
sent; still pending after a transient failure (the next run, or the Prefect task's retry, tries
again) until `mail_max_attempts` runs have failed; failed at once on a permanent refusal.
The Message-ID and Date come from the row, so a crash between sending and marking can only
re-send the very same message, which the receiving side recognises as a duplicate.
Run one delivery at a time (the Prefect deployment has a concurrency limit of 1).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from awards.model import OutboxMessage
from awards.repository import UnitOfWorkFactory
from awards.services import Progress, no_progress
from awards.services.mail.outbox import MAIL_DOMAIN, deliver_to_files, emails_of, pending
from awards.settings import Settings
from notifications import DeliveryResult, SmtpConfig, make_message_id, send_batch

BATCH = 500


@dataclass
class DeliveryRun:
    sent: int = 0
    retry: int = 0  # transient failures left pending for a later attempt
    failed: int = 0  # permanent failures, or out of attempts
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # key, recipient, why
    paths: list[Path] = field(default_factory=list)  # files mode


def smtp_config(settings: Settings) -> SmtpConfig:
    """The SMTP settings as the sender needs them; the one place they are assembled."""
    return SmtpConfig(
        host=settings.smtp_host,
        port=settings.smtp_port,
        sender=settings.mail_from,
        username=settings.smtp_username or None,
        password=settings.smtp_password.get_secret_value() or None,
        use_tls=settings.smtp_use_tls,
        start_tls=settings.smtp_start_tls,
        timeout=settings.smtp_timeout,
    )


def deliver(
    uow_factory: UnitOfWorkFactory,
    settings: Settings,
    *,
    now: datetime,
    config: SmtpConfig | None = None,
    batch: int = BATCH,
    progress: Progress = no_progress,
) -> DeliveryRun:
    """Deliver every pending message in the configured mail mode."""
    if settings.mail_mode == "files":
        report = deliver_to_files(
            uow_factory, settings.mail_dir, sender=settings.mail_from, now=now, progress=progress
        )
        return DeliveryRun(sent=report.sent, paths=report.paths)
    return deliver_smtp(
        uow_factory,
        config or smtp_config(settings),
        sender=settings.mail_from,
        now=now,
        max_attempts=settings.mail_max_attempts,
        batch=batch,
        progress=progress,
    )


def deliver_smtp(
    uow_factory: UnitOfWorkFactory,
    config: SmtpConfig,
    *,
    sender: str,
    now: datetime,
    max_attempts: int,
    batch: int = BATCH,
    progress: Progress = no_progress,
) -> DeliveryRun:
    """Send pending rows once each (in id order), batch by batch, marking after each batch."""
    run = DeliveryRun()
    after = 0
    while rows := pending(uow_factory, limit=batch, after_id=after):
        progress(run.sent + run.retry + run.failed, None)
        after = rows[-1].id or after
        ready = emails_of(uow_factory, rows, sender)
        results = asyncio.run(send_batch([(row.key, msg) for row, msg in ready], config))
        _mark(uow_factory, [row for row, _ in ready], results, now, max_attempts, run)
    done = run.sent + run.retry + run.failed
    progress(done, done)
    return run


def _mark(
    uow_factory: UnitOfWorkFactory,
    rows: list[OutboxMessage],
    results: list[DeliveryResult],
    now: datetime,
    max_attempts: int,
    run: DeliveryRun,
) -> None:
    params: list[dict[str, Any]] = []
    for row, result in zip(rows, results, strict=True):
        attempts = row.attempts + 1
        status, error = "sent", ""
        sent_at: datetime | None = now
        if result.status == "sent":
            run.sent += 1
            if result.refused:
                error = "refused: " + "; ".join(f"{a}: {r}" for a, r in result.refused.items())
        elif result.status == "transient" and attempts < max_attempts:
            status, sent_at, error = "pending", None, result.detail
            run.retry += 1
        else:
            status, sent_at, error = "failed", None, result.detail
            run.failed += 1
            run.failures.append((row.key, row.recipient, result.detail))
        params.append(
            {
                "b_id": row.id,
                "status": status,
                "attempts": attempts,
                "sent_at": sent_at,
                "last_error": error[:2000],
                "message_id": as_message_id(row) if status == "sent" else row.message_id,
            }
        )
    with uow_factory() as uow:
        uow.outbox.mark_results(params)
        uow.commit()


def as_message_id(row: OutboxMessage) -> str:
    return make_message_id(row.key, MAIL_DOMAIN)


def failed_messages(uow_factory: UnitOfWorkFactory, limit: int = 200) -> list[OutboxMessage]:
    """Messages that will not be retried, newest first, for `tdkt mail failed`."""
    with uow_factory() as uow:
        return uow.outbox.failed(limit)


def retry_failed(uow_factory: UnitOfWorkFactory) -> int:
    """Put every failed message back in the queue (after fixing an address or the server)."""
    with uow_factory() as uow:
        count = uow.outbox.retry_failed()
        uow.commit()
    return count
