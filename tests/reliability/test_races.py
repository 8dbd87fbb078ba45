"""1,000 concurrent attempts on the same dossiers, from threads and from processes.

Every attempt either wins or gets a clear refusal; no update is lost (each win is exactly one
audit event and one version step) and the audit trail replays to the final states.
TDKT_RACE_ATTEMPTS sets the count (default 1,000).
"""

from __future__ import annotations

import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from multiprocessing import get_context

import pytest
from sqlalchemy import text

from awards.bootstrap import App
from awards.services.audit.verify import verify_audit
from awards.services.lifecycle.move import move_many
from states import Trigger
from tests.support import race_worker
from tests.support.lifecycle import build_org, draft, req

pytestmark = [pytest.mark.slow]
ATTEMPTS = int(os.environ.get("TDKT_RACE_ATTEMPTS", "1000"))
WORKERS = {"threads": 8, "processes": 4}  # a spawned process costs ~1 s of imports
OUTCOMES = {"won", "ConflictError", "TransitionNotAllowed", "DeadlineError"}


def _scalar(app: App, sql: str) -> int:
    with app.engine.connect() as conn:
        return int(conn.execute(text(sql)).scalar_one())


@pytest.mark.parametrize("mode", ["threads", "processes"])
def test_concurrent_moves_lose_no_update(tdkt: App, mode: str) -> None:
    build_org(tdkt)
    codes = [draft(tdkt, "GK_CDCT", person=f"DV{1 + n % 3}") for n in range(6)]
    move_many(tdkt.uow, req(Trigger.submit), codes=codes)
    events_before = _scalar(tdkt, "SELECT count(*) FROM audit_event")
    url = tdkt.settings.effective_database_url
    workers = WORKERS[mode]
    per_worker = ATTEMPTS // workers
    pool = (
        ThreadPoolExecutor(workers)
        if mode == "threads"
        else ProcessPoolExecutor(workers, mp_context=get_context("spawn"))
    )
    data_dir = str(tdkt.settings.data_dir)
    with pool:
        futures = [
            pool.submit(race_worker.run, url, data_dir, codes, per_worker, seed)
            for seed in range(workers)
        ]
        outcomes: Counter[str] = sum((f.result() for f in futures), Counter())

    assert set(outcomes) <= OUTCOMES and sum(outcomes.values()) == per_worker * workers
    assert outcomes["won"] > 0 and outcomes["ConflictError"] + outcomes["TransitionNotAllowed"] > 0
    wins = _scalar(tdkt, "SELECT count(*) FROM audit_event") - events_before
    assert wins == outcomes["won"]
    assert _scalar(tdkt, "SELECT sum(version - 1 - audit_seq) FROM dossier") == 0
    report = verify_audit(tdkt.uow)
    assert report.ok, report.problems[:5]
