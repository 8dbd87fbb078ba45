"""The batches test_batch_crashes.py kills with SIGKILL: reminder sweep, e-mail delivery, closing.

Each run prints "ready" once wired, then "commit" as every database transaction commits, so the
test can kill it at a random transaction boundary plus a few milliseconds, i.e. inside the next
transaction whatever the machine's speed. Every run finishes whatever the last one left.
Usage: batch_worker.py KIND DATABASE_URL DATA_DIR ARG (the SMTP port, or the sweep's week)
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlmodel import col, select

from awards.bootstrap import App, build
from awards.model import CouncilSession
from awards.services.council import Decision, close_session
from awards.services.lifecycle.plan import Actor
from awards.services.mail.delivery import deliver_smtp
from awards.services.reminders.sweep import clock, sweep
from awards.settings import Settings
from notifications import SmtpConfig
from tests.support.batches import MAIL_BATCH, SENDER, SWEEP_DAYS

NOW = datetime(2025, 12, 10, 8, 0, tzinfo=UTC)
SECRETARY = Actor("Tòng Văn Minh", "secretariat")
DECISION = Decision("25/QĐ-LĐLĐ", date(2025, 12, 12), "Lò Văn Thắng")


def run_sweeps(app: App, week: int) -> None:
    """The daily sweep for a working week (`week` weeks on), one transaction per day."""
    for day in SWEEP_DAYS:
        today, now = clock(app.settings.tz, day + timedelta(weeks=week))
        sweep(app.uow, today=today, now=now)


def run_delivery(app: App, port: int) -> None:
    config = SmtpConfig(
        host="127.0.0.1",
        port=port,
        sender=SENDER,
        timeout=5,
        total_timeout=10,
        max_attempts=3,
        backoff_base=0.01,
        backoff_max=0.05,
    )
    deliver_smtp(app.uow, config, sender=SENDER, now=NOW, max_attempts=5, batch=MAIL_BATCH)


def run_close(app: App, _: int) -> None:
    """Close every session not closed yet, resuming an interrupted close."""
    with app.uow() as uow:
        stmt = select(CouncilSession.code).where(col(CouncilSession.status) != "closed")
        codes = list(uow.session.exec(stmt.order_by(col(CouncilSession.id))))
    for code in codes:
        close_session(app.uow, code, SECRETARY, NOW, decision=DECISION, resume=True)


RUNS: dict[str, Callable[[App, int], None]] = {
    "sweep": run_sweeps,
    "deliver": run_delivery,
    "close": run_close,
}


def main(kind: str, url: str, data_dir: str, arg: int) -> None:
    app = build(Settings(database_url=url, data_dir=Path(data_dir)))

    def committed(*_: Any) -> None:
        print("commit", flush=True)

    event.listen(app.engine, "commit", committed)
    print("ready", flush=True)
    RUNS[kind](app, arg)
    print("done", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
