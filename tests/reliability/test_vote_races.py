"""Concurrent votes and decisions on the same dossiers, from threads and processes.

Votes: nine members, a few dossiers, many attempts: each member's vote on a dossier counts
exactly once, every other attempt gets the ConflictError, and the tallies, the stored votes and
the council's event log all agree with the winners. Decisions: many chairs decide the same
approved dossiers under different numbers: one wins per dossier, the losers get ConflictError or
TransitionNotAllowed, and the stored decision number is the winner's (no lost update).
TDKT_RACE_ATTEMPTS sets the count (CI: 240; the full run in docs/reliability.md: 1,000).
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import ExitStack
from multiprocessing import get_context
from typing import Any

import pytest
from sqlalchemy import text

from awards.bootstrap import App
from awards.services.audit.verify import verify_audit
from states import Trigger
from tests.support import council_race_worker as worker
from tests.support.council import attend, ready
from tests.support.lifecycle import HOP, build_org, draft, drive

pytestmark = [pytest.mark.slow]
ATTEMPTS = int(os.environ.get("TDKT_RACE_ATTEMPTS", "240"))
WORKERS = {"threads": 8, "processes": 4}  # a spawned process costs ~1 s of imports
MODES = ["threads", "processes"]


def _race(mode: str, job: Callable[..., list[worker.Attempt]], *args: Any) -> list[Any]:
    """Run job(barrier, *args, attempts_per_worker, seed) in every worker at once."""
    per_worker, n = ATTEMPTS // WORKERS[mode], WORKERS[mode]
    with ExitStack() as stack:
        pool: Executor
        if mode == "threads":
            pool, start = stack.enter_context(ThreadPoolExecutor(n)), threading.Barrier(n)
        else:
            spawn = get_context("spawn")
            pool = stack.enter_context(ProcessPoolExecutor(n, mp_context=spawn))
            start = stack.enter_context(spawn.Manager()).Barrier(n)
        futures = [pool.submit(job, start, *args, per_worker, seed) for seed in range(n)]
        attempts = [a for f in futures for a in f.result()]
    assert len(attempts) == per_worker * WORKERS[mode]
    return attempts


def _rows(app: App, sql: str) -> list[tuple[Any, ...]]:
    with app.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text(sql))]


@pytest.mark.parametrize("mode", MODES)
def test_each_member_votes_once_per_dossier(tdkt: App, mode: str) -> None:
    members, codes, session = ready(tdkt, "GK_CDCT", ["DV1", "DV2", "DV3"])
    attend(tdkt, session, members)
    url, data_dir = tdkt.settings.effective_database_url, str(tdkt.settings.data_dir)
    attempts = _race(mode, worker.votes, url, data_dir, session, members, codes)

    assert {a[0] for a in attempts} <= {"won", "ConflictError"}
    won = [(code, member, choice) for outcome, code, member, choice in attempts if outcome == "won"]
    tried = {(code, member) for _, code, member, _ in attempts}
    assert sorted((c, m) for c, m, _ in won) == sorted(tried)  # exactly one win per pair
    stored = _rows(
        tdkt,
        "SELECT d.code, v.member_id, v.choice FROM council_vote v "
        "JOIN council_agenda_item i ON i.id = v.item_id JOIN dossier d ON d.id = i.dossier_id",
    )
    assert sorted(stored) == sorted(won)
    tallies = _rows(
        tdkt,
        "SELECT d.code, i.yes_count, i.no_count FROM council_agenda_item i "
        "JOIN dossier d ON d.id = i.dossier_id",
    )
    expected = Counter((code, choice) for code, _, choice in won)
    assert {(c, y, n) for c, y, n in tallies} == {
        (c, expected[(c, "yes")], expected[(c, "no")]) for c in codes
    }
    (logged,) = _rows(tdkt, "SELECT count(*) FROM council_event WHERE kind = 'voted'")[0]
    assert logged == len(won)


@pytest.mark.parametrize("mode", MODES)
def test_each_dossier_is_decided_once_with_the_winners_number(tdkt: App, mode: str) -> None:
    build_org(tdkt)
    codes = [draft(tdkt, "GK_CDCT", person=f"DV{1 + n % 3}") for n in range(6)]
    for code in codes:
        drive(tdkt, code, [Trigger.submit, *HOP])
    url, data_dir = tdkt.settings.effective_database_url, str(tdkt.settings.data_dir)
    attempts = _race(mode, worker.decisions, url, data_dir, codes)

    assert {a[0] for a in attempts} <= {"won", "ConflictError", "TransitionNotAllowed"}
    won = {code: number for outcome, code, _, number in attempts if outcome == "won"}
    assert sorted(won) == sorted(codes)
    assert Counter(a[1] for a in attempts if a[0] == "won") == Counter(codes)
    final = _rows(tdkt, "SELECT code, state, decision_no FROM dossier")
    assert sorted(final) == sorted((c, "awarded", won[c]) for c in codes)
    audited = _rows(
        tdkt,
        "SELECT d.code, count(*) FROM audit_event e JOIN dossier d ON d.id = e.dossier_id "
        "WHERE e.trigger = 'decide' GROUP BY d.code",
    )
    assert sorted(audited) == sorted((c, 1) for c in codes)
    report = verify_audit(tdkt.uow)
    assert report.ok, report.problems[:5]
