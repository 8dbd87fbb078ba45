"""Benchmark: a single move (receive) and inbox latency through the web API under 20 concurrent
clients, on PostgreSQL holding many dossiers (1,000,000 full; 50,000 quick).

    python -m bench.web_bench [--quick]

Rows come from one INSERT … SELECT generate_series (bench/web_data.py): 10 districts × 100 CĐCS,
collective nominations of GK_CDCT spread over the lifecycle states, most of them already
decided. The app runs under uvicorn in a child process (2 workers) on 127.0.0.1; 20 client
threads each sign in as a secretariat of their district, half receiving submitted dossiers one
by one (the plain move route: grants, the lifecycle guard, state + audit event in one
transaction), half reading the inbox. Approve is no longer a plain move: it is the outcome of a
council session's closed group (the council guard), measured by the lifecycle benchmark; the
council member's own vote (one dossier per request, in district 0's open session) is measured
here by one client and in-process.
Peers in the same run: the same service calls made in-process without HTTP, as the routes make
them (act(receive) and vote_as with the session's account, which read the grants in their own
transaction; load_principal then inbox.inbox), and the same HTTP calls made by ONE client at a
time. On a 2-core machine 20 clients queue behind 2 workers, so concurrent ÷
one-client is queueing and one-client ÷ in-process is what the web layer itself costs.
Needs TDKT_BENCH_POSTGRES_URL or TDKT_TEST_POSTGRES_URL (an admin URL; a database is created).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import httpx
from sqlalchemy import create_engine, text

from awards.bootstrap import App, build
from awards.services.accounts.access import SignedIn, load_principal
from awards.services.council.desk import vote_as
from awards.services.dossiers.inbox import inbox
from awards.services.dossiers.page import MoveInput, act
from awards.settings import Settings
from bench.web_data import DISTRICTS, PASSWORD, council, fill, org

CLIENTS = 20


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pct(xs: list[float]) -> dict[str, float]:
    xs = sorted(xs)
    return {
        "p50_ms": round(1000 * statistics.median(xs), 2),
        "p95_ms": round(1000 * xs[int(0.95 * (len(xs) - 1))], 2),
        "n": len(xs),
    }


def _query(url: str, sql: str, **params: Any) -> list[Any]:
    eng = create_engine(url)
    with eng.connect() as c:
        rows = list(c.execute(text(sql), params).all())
    eng.dispose()
    return rows


def _agenda(url: str, per_district: int) -> dict[int, list[str]]:
    rows = _query(
        url,
        "SELECT d.code, u.code FROM dossier d JOIN unit u ON u.id = d.current_unit_id "
        "WHERE d.state = 'submitted' ORDER BY d.id",
    )
    out: dict[int, list[str]] = {d: [] for d in range(DISTRICTS)}
    for code, unit in rows:
        d = int(unit[1:])
        if len(out[d]) < per_district:
            out[d].append(code)
    return out


def _clients(base: str, agenda: dict[int, list[str]], rounds: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"receive": [], "inbox": []}
    lock = threading.Lock()

    def worker(i: int) -> None:
        d = i % DISTRICTS
        receiving = i < CLIENTS // 2
        with httpx.Client(base_url=base, timeout=60) as c:
            r = c.post("/api/session", json={"username": f"sec{d}", "password": PASSWORD})
            r.raise_for_status()
            h = {"X-CSRF-Token": r.json()["csrf_token"]}
            mine = agenda[d][(i // DISTRICTS) :: 2] if receiving else []
            for k in range(rounds):
                t0 = time.perf_counter()
                if receiving:
                    r = c.post(
                        f"/api/dossiers/{mine[k]}/moves", headers=h, json={"trigger": "receive"}
                    )
                else:
                    r = c.get("/api/inbox", params={"per_page": 25})
                r.raise_for_status()
                with lock:
                    times["receive" if receiving else "inbox"].append(time.perf_counter() - t0)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times


def _one_client(
    base: str, agenda: dict[int, list[str]], rounds: int, session: str, ballot: list[str]
) -> dict[str, Any]:
    """The same HTTP calls, one at a time (district 1's odd agenda codes, unused elsewhere), and
    council member hd1's vote on the session's first dossiers."""
    times: dict[str, list[float]] = {"receive": [], "inbox": [], "vote": []}
    with httpx.Client(base_url=base, timeout=60) as c:
        r = c.post("/api/session", json={"username": "hd1", "password": PASSWORD})
        r.raise_for_status()
        h = {"X-CSRF-Token": r.json()["csrf_token"]}
        for code in ballot[:rounds]:
            t0 = time.perf_counter()
            r = c.post(
                f"/api/council/sessions/{session}/votes",
                headers=h,
                json={"choice": "yes", "dossier_codes": [code]},
            )
            r.raise_for_status()
            times["vote"].append(time.perf_counter() - t0)
    for user, kind in (("sec1", "receive"), ("sec1", "inbox")):
        with httpx.Client(base_url=base, timeout=60) as c:
            r = c.post("/api/session", json={"username": user, "password": PASSWORD})
            r.raise_for_status()
            h = {"X-CSRF-Token": r.json()["csrf_token"]}
            for code in agenda[1][1::2][:rounds]:
                t0 = time.perf_counter()
                if kind == "receive":
                    r = c.post(
                        f"/api/dossiers/{code}/moves", headers=h, json={"trigger": "receive"}
                    )
                else:
                    r = c.get("/api/inbox", params={"per_page": 25})
                r.raise_for_status()
                times[kind].append(time.perf_counter() - t0)
    return {k: _pct(v) for k, v in times.items()}


def _signed_in(app: App, username: str, today: date) -> SignedIn:
    """What a route takes from the session cookie: the move reads the grants itself."""
    with app.uow(write=False) as uow:
        user = uow.accounts.user_by_name(username)
    assert user is not None and user.id is not None
    return SignedIn(user.id, user.session_generation, today)


def _in_process(
    app: App, agenda: dict[int, list[str]], rounds: int, session: str, ballot: list[str]
) -> dict[str, Any]:
    """The peer: what each route calls, no HTTP: act(receive) and vote_as with the session's
    account (each reads the grants in its own transaction), load_principal then inbox.

    Uses district 0's last submitted codes, which no client received, and member hd0's vote.
    """
    today, now = date(2025, 11, 3), datetime.now(UTC)
    t_receive, t_inbox, t_vote = [], [], []
    sec0, hd0 = _signed_in(app, "sec0", today), _signed_in(app, "hd0", today)
    for code in agenda[0][-rounds:]:
        t0 = time.perf_counter()
        act(app.uow, sec0, code, MoveInput(trigger="receive"), now=now)
        t_receive.append(time.perf_counter() - t0)
    for _ in range(rounds):
        t0 = time.perf_counter()
        inbox(app.uow, load_principal(app.uow, sec0.user_id, today), today=today)
        t_inbox.append(time.perf_counter() - t0)
    for code in ballot[:rounds]:
        t0 = time.perf_counter()
        vote_as(app.uow, hd0, session, "yes", now, dossier_codes=[code])
        t_vote.append(time.perf_counter() - t0)
    return {"receive": _pct(t_receive), "inbox": _pct(t_inbox), "vote": _pct(t_vote)}


def _ballot(url: str, session: str) -> list[str]:
    """The dossiers on the session's agenda, in agenda order."""
    sql = (
        "SELECT d.code FROM council_agenda_item i JOIN dossier d ON d.id = i.dossier_id "
        "JOIN council_session s ON s.id = i.session_id WHERE s.code = :s ORDER BY i.id"
    )
    return [code for (code,) in _query(url, sql, s=session)]


def run(quick: bool) -> dict[str, Any]:
    admin = os.environ.get("TDKT_BENCH_POSTGRES_URL") or os.environ.get("TDKT_TEST_POSTGRES_URL")
    if not admin:
        return {"skipped": "set TDKT_BENCH_POSTGRES_URL (PostgreSQL admin URL)"}
    n = 50_000 if quick else 1_000_000
    rounds = 10 if quick else 25
    name = f"tdkt_bench_{uuid.uuid4().hex[:8]}"
    _admin(admin, f'CREATE DATABASE "{name}"')
    url = admin.rsplit("/", 1)[0] + f"/{name}"
    try:
        return _run(url, n, rounds)
    finally:
        _admin(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(url: str, n: int, rounds: int) -> dict[str, Any]:
    app = build(Settings(database_url=url), migrate=True)
    org(app)
    t0 = time.perf_counter()
    fill(url, n)
    fill_s = time.perf_counter() - t0
    session = council(app)
    ballot = _ballot(url, session)
    agenda = _agenda(url, rounds * 2 + rounds)
    port = _free_port()
    env = {**os.environ, "TDKT_DATABASE_URL": url, "TDKT_ENV": "test"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "awards.web.serve:default_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait(lambda: httpx.get(f"{base}/login", timeout=2).status_code == 200)
        web = _clients(base, agenda, rounds)
        one = _one_client(base, agenda, rounds, session, ballot)
    finally:
        server.terminate()
        server.wait(timeout=30)
    peer = _in_process(app, agenda, rounds, session, ballot)
    with app.engine.connect() as c:
        db_bytes = int(c.execute(text("SELECT pg_database_size(current_database())")).scalar_one())
    app.close()
    result = {
        "dossiers": n,
        "clients": CLIENTS,
        "fill_seconds": round(fill_s, 1),
        "db_bytes": db_bytes,
        "web": {k: _pct(v) for k, v in web.items()},
        "web_one_client": one,
        "in_process": peer,
        "agenda_items": len(ballot),
    }
    result["table"] = _table(result)
    return result


def _table(r: dict[str, Any]) -> list[dict[str, Any]]:
    size = f"{r['dossiers']:,} dossiers, PostgreSQL {r['db_bytes'] / 2**20:,.0f} MiB"
    rows: list[dict[str, Any]] = [
        {"what": f"load {size} (INSERT … SELECT)", "value": r["fill_seconds"], "unit": "s"}
    ]
    for kind in ("receive", "inbox", "vote"):
        one, peer = r["web_one_client"][kind], r["in_process"][kind]
        web = r["web"].get(kind)
        rows += (
            [
                {
                    "what": f"{kind} p50 (p95 {web['p95_ms']:,.0f} ms), {r['clients']} clients; "
                    "ratio ÷ in-process p50",
                    "value": web["p50_ms"],
                    "unit": "ms",
                    "ratio": round(web["p50_ms"] / max(peer["p50_ms"], 0.01), 1),
                }
            ]
            if web
            else []
        )
        rows += [
            {
                "what": f"{kind} p50 (p95 {one['p95_ms']:,.0f} ms), one client; "
                "ratio ÷ in-process p50",
                "value": one["p50_ms"],
                "unit": "ms",
                "ratio": round(one["p50_ms"] / max(peer["p50_ms"], 0.01), 2),
            },
            {
                "what": f"{kind} p50 (p95 {peer['p95_ms']:,.0f} ms) in-process, no HTTP",
                "value": peer["p50_ms"],
                "unit": "ms",
            },
        ]
    return rows


def _wait(ok: Callable[[], bool]) -> None:
    for _ in range(200):
        try:
            if ok():
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError("uvicorn did not start")


def _admin(url: str, sql: str) -> None:
    eng = create_engine(url, isolation_level="AUTOCOMMIT")
    with eng.connect() as c:
        c.execute(text(sql))
    eng.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    print(json.dumps(run(parser.parse_args().quick), ensure_ascii=False, indent=2))
