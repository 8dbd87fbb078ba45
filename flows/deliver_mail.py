"""Deliver the outbox: .eml files or SMTP, per TDKT_MAIL_MODE.

The SMTP task retries with growing delays while messages stay pending after a transient
failure (server down, 4xx); each retry sends only what is still pending, with the same
Message-IDs. Permanent failures are marked failed and listed by `tdkt mail failed`.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from prefect import flow, get_run_logger, task

from awards.services.mail.delivery import deliver
from flows._app import tdkt_app

RETRY_DELAYS = [30.0, 120.0, 600.0]


class MailPending(Exception):
    """Some messages failed transiently; raising lets Prefect retry the task later."""


@task(name="deliver-outbox", tags=["smtp"])
def deliver_outbox() -> dict[str, Any]:
    with tdkt_app() as app:
        run = deliver(app.uow, app.settings, now=datetime.now(UTC))
    log = get_run_logger()
    log.info("Delivered %d, %d to retry, %d failed", run.sent, run.retry, run.failed)
    for key, recipient, why in run.failures:
        log.warning("Failed %s to %s: %s", key, recipient, why)
    if run.retry:
        raise MailPending(f"{run.retry} messages failed transiently; retrying later")
    return {k: v for k, v in asdict(run).items() if k != "paths"}


@flow(name="deliver-mail")
def deliver_mail(retry_delays: list[float] | None = None) -> dict[str, Any]:
    """Send every pending outbox message; retry transient failures after `retry_delays`."""
    delays = RETRY_DELAYS if retry_delays is None else retry_delays
    task_ = deliver_outbox.with_options(retries=len(delays), retry_delay_seconds=delays)
    result: dict[str, Any] = task_()
    return result
