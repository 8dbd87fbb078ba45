"""The scale-out path for real: a Prefect server, a process work pool, `python -m flows deploy`,
a worker process against the tdkt database (PostgreSQL when configured), and runs triggered
through the API, as in docs/scale-out.md. Every wait is bounded; every process is killed by
its process group at the end.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.objects import FlowRun
from prefect.deployments import run_deployment
from prefect.settings import PREFECT_API_URL, temporary_settings
from sqlalchemy import func
from sqlmodel import col, select

from awards.bootstrap import App
from awards.model import AuditEvent, OutboxMessage
from awards.services.audit.verify import verify_audit
from awards.services.reminders.sweep import DIGEST, OVERDUE
from tests.conftest import PG_WANTED
from tests.integration.reminder_fixtures import HEAD, OFFICER, SECRETARIAT, SWEEP_DAY
from tests.smtp_server import RecordingHandler, free_port

ROOT = Path(__file__).resolve().parents[2]
POOL = "tdkt-test"
SERVER_START = 240.0  # seconds; 7-17 s on an idle machine, far more on a loaded 2-core one
RUN_TIMEOUT = 300.0  # per triggered flow run: worker poll, engine start-up, the run itself

pytestmark = [pytest.mark.prefect, pytest.mark.scale_out]


@dataclass
class Server:
    url: str
    env: dict[str, str]  # what every Prefect process of the test gets
    logs: Path


def _start(cmd: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:  # the child keeps its own handle
        return subprocess.Popen(
            cmd, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the whole process group (the worker's flow runs too), SIGKILL after 20 s."""
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _tail(log: Path, lines: int = 40) -> str:
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`prefect server start` on a free loopback port, its database in a temporary home."""
    home = tmp_path_factory.mktemp("prefect-home")
    port = free_port()
    url = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_API_URL": url,
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false",
        # The test triggers its runs itself: a scheduled delivery firing meanwhile would race.
        "PREFECT_API_SERVICES_SCHEDULER_ENABLED": "false",
        "PREFECT_WORKER_QUERY_SECONDS": "1",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    log = home / "server.log"
    cmd = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1"]
    server = _start([*cmd, "--port", str(port)], env, log)
    try:
        deadline = time.monotonic() + SERVER_START
        while True:
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=2):
                    break
            except OSError:
                assert server.poll() is None, f"Prefect server exited:\n{_tail(log)}"
                assert time.monotonic() < deadline, f"server not healthy:\n{_tail(log)}"
                time.sleep(0.5)
        yield Server(url, env, home)
    finally:
        _stop(server)


def _prefect(server: Server, *args: str, timeout: float = 180) -> str:
    done = subprocess.run(
        [sys.executable, "-m", *args],
        env=server.env | {k: v for k, v in os.environ.items() if k.startswith("TDKT_")},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, f"{' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _deployments(url: str) -> dict[str, Any]:
    with temporary_settings(updates={PREFECT_API_URL: url}), get_client(sync_client=True) as c:
        return {d.name: d for d in c.read_deployments()}


def _trigger(server: Server, name: str, parameters: dict[str, Any], worker_log: Path) -> None:
    with temporary_settings(updates={PREFECT_API_URL: server.url}):
        run = cast(
            FlowRun,
            run_deployment(name, parameters=parameters, timeout=RUN_TIMEOUT, poll_interval=1),
        )
    state, log = run.state, _tail(worker_log, 80)
    assert state is not None and state.is_completed(), f"{name}: {state!r}\n{log}"


def _digests(app: App) -> list[OutboxMessage]:
    with app.uow() as uow:
        stmt = select(OutboxMessage).where(col(OutboxMessage.kind).in_([DIGEST, OVERDUE]))
        return list(uow.session.exec(stmt.order_by(col(OutboxMessage.recipient))))


def _audit_count(app: App) -> int:
    with app.uow() as uow:
        return int(uow.session.exec(select(func.count()).select_from(AuditEvent)).one())


# Against PostgreSQL whenever it is configured (CI), else on the SQLite file: never skipped.
@pytest.mark.parametrize("backend", ["postgres" if PG_WANTED else "sqlite"])
def test_deployed_flows_run_on_a_worker(
    prefect_server: Server, ready: App, smtp: tuple[RecordingHandler, int], tmp_path: Path
) -> None:
    handler, _ = smtp
    trail = _audit_count(ready)
    _prefect(prefect_server, "prefect", "work-pool", "create", POOL, "--type", "process")
    _prefect(prefect_server, "flows", "deploy", "--pool", POOL)

    built = _deployments(prefect_server.url)
    assert set(built) == {
        "reminder-sweep",
        "deliver-mail",
        "recompute-deadlines",
        "so-ket",
        "tong-ket",
    }
    assert {d.work_pool_name for d in built.values()} == {POOL}
    sweep = built["reminder-sweep"]
    assert sweep.entrypoint == "flows.reminder_sweep.reminder_sweep"  # no code storage needed
    assert [getattr(s.schedule, "cron", None) for s in sweep.schedules] == ["30 6 * * 1-5"]
    assert sweep.global_concurrency_limit is not None
    assert sweep.global_concurrency_limit.limit == 1

    worker_log = tmp_path / "worker.log"
    worker = _start(
        [sys.executable, "-m", "prefect", "worker", "start", "--pool", POOL, "--limit", "2"],
        prefect_server.env | {k: v for k, v in os.environ.items() if k.startswith("TDKT_")},
        worker_log,
    )
    try:
        _trigger(
            prefect_server,
            "reminder-sweep/reminder-sweep",
            {"today": SWEEP_DAY.isoformat(), "deliver": False},
            worker_log,
        )
        written = _digests(ready)
        assert [(m.recipient, m.status) for m in written] == [
            (HEAD, "pending"),
            (OFFICER, "pending"),
            (SECRETARIAT, "pending"),
        ]
        _trigger(prefect_server, "deliver-mail/deliver-mail", {"retry_delays": []}, worker_log)
    finally:
        _stop(worker)

    delivered = _digests(ready)
    assert [(m.status, m.attempts) for m in delivered] == [("sent", 1)] * 3
    assert [m.key for m in delivered] == [m.key for m in written]  # the sweep's rows, not new ones
    ids = handler.message_ids()  # each message once, with the Message-ID stored on its row
    assert set(ids.values()) == {1}
    assert sorted(i.strip() for i in ids) == sorted(m.message_id for m in delivered)
    assert sorted(r[0][0] for r in handler.received) == sorted([SECRETARIAT, OFFICER, HEAD])
    # Reminders and delivery write no audit events; the trail the moves left is intact.
    assert _audit_count(ready) == trail > 0
    audit = verify_audit(ready.uow)
    assert audit.ok and audit.events == trail, audit.problems


# What a shell script's `python -m flows &` (and some supervisors) does: SIGINT ignored, then exec.
IGNORING_SIGINT = (
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_IGN); "
    "os.execv(sys.executable, [sys.executable, '-m', 'flows', *sys.argv[1:]])"
)


def test_sigint_stops_serving_even_when_started_with_sigint_ignored(
    prefect_server: Server, tmp_path: Path
) -> None:
    log = tmp_path / "serve.log"
    serving = _start(
        [sys.executable, "-c", IGNORING_SIGINT, "deliver-mail"], prefect_server.env, log
    )
    try:
        deadline = time.monotonic() + SERVER_START
        while "being served" not in _tail(log):
            assert serving.poll() is None, f"python -m flows exited:\n{_tail(log)}"
            assert time.monotonic() < deadline, f"not serving:\n{_tail(log)}"
            time.sleep(0.5)
        serving.send_signal(signal.SIGINT)  # to the process only, as `kill -INT PID` does
        try:
            code = serving.wait(timeout=60)
        except subprocess.TimeoutExpired:
            code = None
        assert code == 0, f"SIGINT did not stop `python -m flows` (exit {code}):\n{_tail(log)}"
        assert "shutting down" in _tail(log)
    finally:
        _stop(serving)
