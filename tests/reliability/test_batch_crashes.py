"""The reminder sweep, e-mail delivery and council session close killed with SIGKILL, then resumed.

A worker process (batch_worker.py) runs one batch and is killed at a random transaction
boundary plus a random few milliseconds, again and again, until a run finishes by itself;
then the next batch of fresh work is prepared, until TDKT_CRASH_KILLS kills have landed (CI: 6;
the full run in docs/reliability.md: 100). After every kill the database must hold only whole
steps, and after the last run everything must be done exactly once:
- sweep: each day's digests are all written or none, a re-sweep writes nothing more;
- delivery: a row marked sent was received; in the end every Message-ID arrived, and a message
  arrived twice only when it is byte-identical (a kill between the server's "250" and the commit
  that marks the batch; see docs/reliability.md);
- close: the session is open with no outcome, or closing/closed with every outcome; a dossier
  only ever in its outcome's states; one set of minutes numbered without gaps.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import select

from awards.bootstrap import App
from awards.model import OutboxMessage
from awards.services.audit.verify import verify_audit
from awards.services.mail.delivery import as_message_id
from awards.services.reminders.sweep import clock, sweep
from tests.support.batches import (
    MAIL_BATCH,
    SENDER,
    SWEEP_DAYS,
    mail_queue,
    scalar,
    sweep_round,
    voted_session,
)
from tests.support.smtp import RecordingHandler, running_server

# One xdist group: the kill loops would not compete for the CPU (docs/contributing.md).
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("crash")]
ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("batch_worker.py")
KILLS = int(os.environ.get("TDKT_CRASH_KILLS", "6"))
RNG_SEED = 20251113


@dataclass
class Tally:
    """What the kills did, printed for the figures of docs/reliability.md."""

    kind: str
    kills: int = 0
    batches: int = 0  # batches resumed to the end after their kills
    duplicates: int = 0
    started: float = field(default_factory=time.monotonic)

    def __str__(self) -> str:
        return (
            f"{self.kind}: {self.kills} SIGKILLs, {self.batches} batches resumed to the end, "
            f"0 mismatches, {self.duplicates} identical re-sends, "
            f"{time.monotonic() - self.started:.0f} s"
        )


def run_batch(kind: str, app: App, kill_at: tuple[int, float] | None, arg: int = 0) -> bool:
    """Run the worker; with kill_at (k, delay) SIGKILL it `delay` s after its k-th mark
    ("ready" or "commit"). True when it finished by itself."""
    url = app.settings.effective_database_url
    cmd = [sys.executable, str(WORKER), kind, url, str(app.settings.data_dir), str(arg)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    if kill_at is not None:
        marks = 0
        for line in proc.stdout:
            marks += line.startswith(("ready", "commit"))
            if marks == kill_at[0]:
                time.sleep(kill_at[1])
                proc.send_signal(signal.SIGKILL)
                break
    proc.stdout.read()
    code = proc.wait(timeout=300)
    assert code in (0, -signal.SIGKILL), f"the {kind} worker failed by itself (exit {code})"
    return code == 0


def kill_until_done(
    kind: str,
    app: App,
    tally: Tally,
    marks: int,
    check: Callable[[], None],
    arg: int = 0,
    delay: float = 0.04,
) -> None:
    """Kill one batch at random points (checking after each kill) until a run finishes."""
    rng = random.Random(f"{RNG_SEED}-{tally.batches}")  # a new draw for every batch
    while not run_batch(kind, app, (rng.randint(1, marks), rng.uniform(0.0, delay)), arg):
        tally.kills += 1
        check()
    tally.batches += 1
    check()


def _assert_audit(app: App) -> None:
    report = verify_audit(app.uow)
    assert report.ok, report.problems[:5]


# --- reminder sweep --------------------------------------------------------------------------


def _day_rows(app: App, day: str) -> int:
    return scalar(app, "SELECT count(*) FROM outbox_message WHERE key LIKE :k", k=f"%:{day}")


def test_reminder_sweep_killed_writes_each_day_whole(tdkt: App) -> None:
    sweep_round(tdkt, 80)
    tally, seen = Tally("reminder sweep"), Counter[tuple[str, int]]()
    while tally.kills < KILLS:
        week = tally.batches % 26  # half a year, then the same weeks again from scratch
        days = [d + timedelta(weeks=week) for d in SWEEP_DAYS]
        _forget(tdkt, days, seen)

        def check(days: list[date] = days) -> None:
            for d in days:
                seen[(d.isoformat(), _day_rows(tdkt, d.isoformat()))] += 1

        # a day's sweep is one transaction of ~0.1-0.5 s: land anywhere inside it
        kill_until_done("sweep", tdkt, tally, 2 + len(days), check, arg=week, delay=0.5)
        for d in days:
            today, now = clock(tdkt.settings.tz, d)
            again = sweep(tdkt.uow, today=today, now=now)
            whole = _day_rows(tdkt, d.isoformat())
            assert again.written == 0 and whole == again.digests + again.overdue_notices > 0
            partial = {n for (day, n) in seen if day == d.isoformat()} - {0, whole}
            assert not partial, f"{d}: {partial} of {whole} digests written"
    print(tally)


def _forget(app: App, days: list[date], seen: Counter[tuple[str, int]]) -> None:
    """Undo earlier sweeps of these days (the full run of 100 kills reuses the calendar)."""
    with app.engine.begin() as conn:
        for d in days:
            conn.execute(text("DELETE FROM outbox_message WHERE key LIKE :k"), {"k": f"%:{d}"})
            for key in [k for k in seen if k[0] == d.isoformat()]:
                del seen[key]


# --- e-mail delivery -------------------------------------------------------------------------


def _rows(app: App) -> list[OutboxMessage]:
    with app.uow() as uow:
        return list(uow.session.exec(select(OutboxMessage)))


def _check_delivery(app: App, handler: RecordingHandler) -> None:
    received = {m.strip() for m in handler.message_ids()}
    rows = _rows(app)
    assert {r.status for r in rows} <= {"pending", "sent"}
    lost = [r.key for r in rows if r.status == "sent" and as_message_id(r) not in received]
    assert not lost, f"marked sent but never received: {lost[:5]}"


def _duplicates(handler: RecordingHandler) -> int:
    copies: dict[str, set[bytes]] = {}
    for _, message, _ in handler.received:
        copies.setdefault(str(message["Message-ID"]).strip(), set()).add(message.as_bytes())
    assert all(len(c) == 1 for c in copies.values()), "a re-send differs from the first copy"
    return len(handler.received) - len(copies)


def test_delivery_killed_loses_no_mail_and_resends_only_identical(tdkt: App) -> None:
    tally = Tally("e-mail delivery")
    with running_server(SENDER) as (handler, config):
        while tally.kills < KILLS:
            pending = mail_queue(tdkt, 80, tally.batches)
            marks = 2 + pending // MAIL_BATCH
            kill_until_done(
                "deliver", tdkt, tally, marks, lambda: _check_delivery(tdkt, handler), config.port
            )
            rows = _rows(tdkt)
            assert {r.status for r in rows} == {"sent"}
            assert {m.strip() for m in handler.message_ids()} == {as_message_id(r) for r in rows}
        tally.duplicates = _duplicates(handler)
    assert tally.duplicates <= tally.kills * MAIL_BATCH
    _assert_audit(tdkt)
    print(tally)


# --- council session close -------------------------------------------------------------------

ALLOWED = {"approved": {"on_agenda", "approved", "awarded"}, "other": {"on_agenda", "not_approved"}}


def _check_session(app: App, code: str) -> None:
    _assert_audit(app)
    ((status, minutes),) = _select(
        app, "SELECT status, minutes_number FROM council_session WHERE code = :c", c=code
    )
    items = _select(
        app,
        "SELECT i.outcome, d.state FROM council_agenda_item i "
        "JOIN council_session s ON s.id = i.session_id JOIN dossier d ON d.id = i.dossier_id "
        "WHERE s.code = :c",
        c=code,
    )
    decided = [outcome for outcome, _ in items if outcome is not None]
    assert len(decided) in (0, len(items)), f"{len(decided)} of {len(items)} outcomes written"
    assert (status == "open") == (not decided)
    for outcome, state in items:
        key = "approved" if outcome == "approved" else "other"
        assert state in ALLOWED[key], (outcome, state)
        assert status != "open" or state == "on_agenda"
    if status == "closed":
        assert minutes is not None
        assert {state for _, state in items} <= {"awarded", "not_approved"}


def _select(app: App, sql: str, **params: object) -> list[tuple[Any, ...]]:
    with app.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text(sql), params)]


def test_session_close_killed_moves_every_dossier_once(tdkt: App) -> None:
    tally = Tally("council session close")
    while tally.kills < KILLS:
        code, _ = voted_session(tdkt, 40, tally.batches)
        # "ready", then commits: start closing, approve, reject, decide (bulk each), the minutes
        marks = 6
        kill_until_done("close", tdkt, tally, marks, lambda code=code: _check_session(tdkt, code))
    numbers = _select(tdkt, "SELECT minutes_number FROM council_session ORDER BY id")
    # every session closed, one minutes number each, none skipped or repeated by a kill
    assert [n for (n,) in numbers] == [f"{k:02d}/BB-HĐTĐKT" for k in range(1, tally.batches + 1)]
    assert scalar(tdkt, "SELECT count(*) FROM attachment WHERE kind = 'bien_ban_hoi_dong'") == (
        scalar(tdkt, "SELECT count(*) FROM council_agenda_item")
    )
    print(tally)
