"""Batches killed with SIGKILL at random points, then resumed: nothing half-done, nothing lost.

A worker process runs a secretariat's day (bulk receipt, appraisal, approval in chunks, then
escalation by tờ trình) and is killed at a random moment, again and again, then allowed to
finish. After every kill the database must hold only whole moves: each audit event with its
state, hop and notice, each tờ trình with exactly the dossiers it carried. TDKT_CRASH_KILLS sets
how many kills (CI: 6; the full run in the issue note: 100).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from awards.bootstrap import App
from awards.services.audit.verify import verify_audit
from awards.services.lifecycle.move import move_many
from awards.services.nomination.bulk import nominate_many
from awards.services.nomination.nominate import Nomination
from states import Trigger
from tests.support.lifecycle import NOW, build_org, req

# One xdist group: the kill loops would not compete for the CPU (docs/contributing.md).
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("crash")]
ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("crash_worker.py")
KILLS = int(os.environ.get("TDKT_CRASH_KILLS", "6"))
DOSSIERS = int(os.environ.get("TDKT_CRASH_DOSSIERS", "400"))  # 50 per chunk


def _scalar(app: App, sql: str) -> int:
    with app.engine.connect() as conn:
        return int(conn.execute(text(sql)).scalar_one() or 0)


def _assert_whole(app: App) -> None:
    report = verify_audit(app.uow)
    assert report.ok, report.problems[:5]
    receipts = _scalar(
        app, "SELECT count(*) FROM audit_event WHERE trigger = 'receive' AND hop_no = 0"
    )
    assert receipts == _scalar(
        app, "SELECT count(*) FROM dossier_hop WHERE hop_no = 0 AND received_at IS NOT NULL"
    )
    assert receipts == _scalar(
        app, "SELECT count(*) FROM outbox_message WHERE kind = 'dossier_received'"
    )
    escalations = _scalar(app, "SELECT count(*) FROM audit_event WHERE trigger = 'escalate'")
    assert escalations == _scalar(app, "SELECT coalesce(sum(dossier_count), 0) FROM submission")
    assert escalations == _scalar(
        app, "SELECT count(*) FROM dossier_hop WHERE submission_id IS NOT NULL"
    )
    assert _scalar(app, "SELECT count(*) FROM submission WHERE document_no IS NULL") == 0


def _run_worker(url: str, data_dir: Path, kill_at: tuple[int, float] | None) -> bool:
    """Run the worker; with kill_at (k, delay) SIGKILL it `delay` s after its k-th chunk.

    Killing relative to the worker's own progress lands inside its transactions whatever the
    machine's speed. True when it finished by itself.
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, str(WORKER), url, str(data_dir)]
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    if kill_at is not None:
        chunks = 0
        for line in proc.stdout:
            chunks += line.startswith("chunk")
            if chunks == kill_at[0]:
                time.sleep(kill_at[1])
                proc.send_signal(signal.SIGKILL)
                break
    proc.stdout.read()
    code = proc.wait(timeout=300)
    assert code in (0, -signal.SIGKILL), f"the worker failed by itself (exit {code})"
    return code == 0


def test_batches_killed_at_random_points_leave_only_whole_moves(tdkt: App) -> None:
    build_org(tdkt)
    noms = [
        Nomination("TK-2025", "BK_LDLD", "CS1", f"DV{1 + n % 3}", achievement_summary="Xuất sắc")
        for n in range(DOSSIERS)
    ]
    codes = nominate_many(tdkt.uow, noms, now=NOW)
    move_many(tdkt.uow, req(Trigger.submit), codes=codes)
    url = tdkt.settings.effective_database_url
    rng = random.Random(20251112)
    finished, kills = False, 0
    for _ in range(KILLS):
        kill_at = (rng.randint(1, 8), rng.uniform(0.0, 0.05))
        finished = _run_worker(url, tdkt.settings.data_dir, kill_at)
        kills += not finished
        _assert_whole(tdkt)
        if finished:
            break
    print(f"{kills} SIGKILLs before the batch finished")
    assert kills > 0
    assert finished or _run_worker(url, tdkt.settings.data_dir, None)
    _assert_whole(tdkt)
    states = _scalar(tdkt, "SELECT count(*) FROM dossier WHERE state = 'submitted' AND hop_no = 1")
    assert states == DOSSIERS
