"""Daily reminder sweep: digests and overdue notices into the outbox, then delivery.

One task does the whole sweep (one query set, one transaction); never a task per dossier.
Running it twice on a day writes nothing new (outbox keys per recipient × kind × day).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from prefect import flow, get_run_logger, task

from awards.services.reminders.sweep import clock, sweep
from flows._app import tdkt_app
from flows.deliver_mail import deliver_mail


@task(name="sweep-reminders")
def sweep_reminders(today: date | None) -> dict[str, Any]:
    with tdkt_app() as app:
        day, now = clock(app.settings.tz, today)
        report = sweep(app.uow, today=day, now=now)
    get_run_logger().info(
        "Sweep %s: %d open dossiers, %d digests, %d overdue notices, %d new messages",
        report.today,
        report.dossiers,
        report.digests,
        report.overdue_notices,
        report.written,
    )
    for who in report.no_address:
        get_run_logger().warning("No mailbox for %s", who)
    return asdict(report)


@flow(name="reminder-sweep")
def reminder_sweep(
    today: date | None = None, deliver: bool = True, retry_delays: list[float] | None = None
) -> dict[str, Any]:
    """Sweep on `today` (default: today in TDKT_TIMEZONE), then deliver the outbox."""
    report = sweep_reminders(today)
    if deliver:
        report["delivery"] = deliver_mail(retry_delays=retry_delays)
    return report
