"""The flows run for real under the Prefect test harness, against aiosmtpd (SQLite and PG)."""

from __future__ import annotations

import threading
import time

import pytest
from prefect.client.schemas.schedules import CronSchedule, IntervalSchedule
from sqlmodel import col, select

from awards.bootstrap import App
from awards.model import Dossier, OutboxMessage
from flows.deliver_mail import deliver_mail
from flows.recompute_deadlines import recompute_deadlines
from flows.reminder_sweep import reminder_sweep
from flows.schedules import deployments, scheduled
from notifications import SmtpConfig
from tests.integration.reminder_fixtures import HEAD, OFFICER, SECRETARIAT, SWEEP_DAY
from tests.smtp_server import RecordingHandler, start

pytestmark = [pytest.mark.prefect, pytest.mark.usefixtures("prefect_harness")]


def test_sweep_flow_sends_each_digest_once(ready: App, smtp: tuple[RecordingHandler, int]) -> None:
    handler, _ = smtp
    first = reminder_sweep(today=SWEEP_DAY)
    assert first["written"] == 3 and first["delivery"]["sent"] == 3
    again = reminder_sweep(today=SWEEP_DAY)
    assert again["written"] == 0 and again["delivery"]["sent"] == 0
    assert sorted(r[0][0] for r in handler.received) == sorted([SECRETARIAT, OFFICER, HEAD])


def _waiting_for_retry(app: App) -> int:
    with app.uow() as uow:
        rows = uow.session.exec(
            select(OutboxMessage).where(
                col(OutboxMessage.status) == "pending", col(OutboxMessage.attempts) >= 1
            )
        ).all()
    return len(rows)


def test_delivery_task_retries_until_the_server_is_back(
    ready: App, smtp: tuple[RecordingHandler, int]
) -> None:
    handler, port = smtp
    reminder_sweep(today=SWEEP_DAY, deliver=False)
    handler.stop_after = 1

    def restart() -> None:  # the server comes back while the task waits for its retry
        deadline = time.monotonic() + 120
        while _waiting_for_retry(ready) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)  # until the first attempt gave up and left two messages pending
        assert handler.stopper is not None
        handler.stopper.join()
        handler.stop_after, handler.closing, handler.stopper = None, False, None
        start(handler, port)

    back = threading.Thread(target=restart)
    back.start()
    result = deliver_mail(retry_delays=[3.0, 3.0])
    back.join()
    assert result["sent"] == 2  # the retry sent what was left
    ids = handler.message_ids()
    assert len(ids) == 3 and set(ids.values()) == {1}


def test_recompute_flow_reports_what_moved(ready: App) -> None:
    assert recompute_deadlines() == {"bases": 2, "changed": 0}
    with ready.uow() as uow:
        open_ = uow.session.exec(select(Dossier).where(col(Dossier.due_days).is_not(None))).all()
    assert len(open_) == 3


def test_schedules_live_in_one_place_and_build_deployments() -> None:
    entries = {s.flow.name: s for s in scheduled()}
    assert set(entries) == {
        "reminder-sweep",
        "deliver-mail",
        "recompute-deadlines",
        "so-ket",
        "tong-ket",
    }
    built = {d.name: d for d in deployments()}
    sweep = built["reminder-sweep"].schedules[0].schedule
    assert isinstance(sweep, CronSchedule) and sweep.timezone == "Asia/Ho_Chi_Minh"
    assert isinstance(built["deliver-mail"].schedules[0].schedule, IntervalSchedule)
    assert [d.name for d in deployments(["deliver-mail"])] == ["deliver-mail"]
    assert SmtpConfig().max_attempts >= 1
