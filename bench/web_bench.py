"""Benchmark: approve and inbox latency through the web API under 20 concurrent clients, on
PostgreSQL holding many dossiers (1,000,000 full; 50,000 quick).

    python -m bench.web_bench [--quick]

Rows are generated with one INSERT … SELECT generate_series (not timed): 10 districts × 100 CĐCS,
collective nominations of GK_CDCT spread over the lifecycle states, most of them already
decided. The app runs under uvicorn in a child process (2 workers) on 127.0.0.1; 20 client
threads each sign in as the chair (approve) or the secretariat (inbox) of their district.
Peer in the same run: the same service calls made in-process without HTTP (lifecycle.move and
services.inbox.inbox), so the ratio shows what the web layer costs.
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
from awards.services.access import load_principal
from awards.services.accounts import NewUser, add_user, grant_role
from awards.services.catalogue import NewRound, load_award_catalogue, open_round
from awards.services.inbox import inbox
from awards.services.lifecycle import move
from awards.services.moves import Actor, MoveRequest
from awards.services.org import NewUnit, add_units, load_unit_kinds
from awards.settings import Settings
from states import Trigger

CLIENTS = 20
DISTRICTS = 10
CDCS_PER_DISTRICT = 100
PASSWORD = "mat-khau-bench-123"
# (state, share of rows); on_agenda rows are what the approve clients take.
MIX = [
    ("awarded", 0.55),
    ("submitted", 0.1),
    ("received", 0.1),
    ("under_appraisal", 0.1),
    ("eligible", 0.05),
    ("on_agenda", 0.1),
]


def _org(app: App) -> None:
    load_unit_kinds(app.uow)
    load_award_catalogue(app.uow)
    units = [
        NewUnit("TLD", "Tổng Liên đoàn Lao động Việt Nam", "tld", None),
        NewUnit("LDLD", "Liên đoàn Lao động tỉnh", "ldld_tinh", "TLD"),
    ]
    for d in range(DISTRICTS):
        units.append(NewUnit(f"H{d}", f"Liên đoàn Lao động huyện {d}", "ldld_huyen", "LDLD"))
        units += [
            NewUnit(f"H{d}-CS{c}", f"Công đoàn cơ sở {d}.{c}", "cdcs", f"H{d}")
            for c in range(CDCS_PER_DISTRICT)
        ]
    add_units(app.uow, units)
    open_round(
        app.uow,
        NewRound(
            "TK-2025",
            "Tổng kết 2025",
            "LDG",
            "Lao động giỏi",
            "LDLD",
            2025,
            date(2025, 1, 1),
            date(2025, 12, 31),
            date(2025, 11, 20),
        ),
    )
    for d in range(DISTRICTS):
        add_user(app.uow, NewUser(f"chair{d}", f"Chủ tịch {d}", PASSWORD))
        grant_role(app.uow, f"chair{d}", "chair", f"H{d}")
        add_user(app.uow, NewUser(f"sec{d}", f"Thường trực {d}", PASSWORD))
        grant_role(app.uow, f"sec{d}", "secretariat", f"H{d}")


_FILL = """
INSERT INTO dossier (code, round_id, award_code, nominee_kind, nominee_unit_id, nominating_unit_id,
  current_unit_id, route, ends_at_state_body, hop_no, state, version, audit_seq, audit_hash,
  achievement_summary, due_on, created_at, updated_at)
SELECT 'B-' || g, r.id, 'GK_CDCT', 'tap_the', cs.id, cs.id, cs.parent_id,
  json_build_array(cs.parent_id), false, 0, st.state, 1, 0, '', 'Sinh tự động',
  DATE '2025-11-01' + (g % 60), now(), now()
FROM generate_series(1, :n) AS g
JOIN LATERAL (SELECT id, parent_id, rn FROM cs WHERE rn = g % :ncs) cs ON true
JOIN LATERAL (SELECT state FROM mix WHERE g % 100 >= lo AND g % 100 < hi) st ON true
CROSS JOIN (SELECT id FROM round WHERE code = 'TK-2025') r
"""


def _fill(url: str, n: int) -> None:
    eng = create_engine(url)
    with eng.begin() as c:
        c.execute(
            text(
                "CREATE TEMP TABLE cs AS SELECT u.id, v.parent_id, "
                "(row_number() OVER (ORDER BY u.id)) - 1 AS rn FROM unit u "
                "JOIN unit_version v ON v.unit_id = u.id WHERE u.kind_code = 'cdcs'"
            )
        )
        c.execute(text("CREATE TEMP TABLE mix (state text, lo int, hi int)"))
        lo = 0
        for state, share in MIX:
            hi = lo + round(share * 100)
            c.execute(
                text("INSERT INTO mix VALUES (:s, :lo, :hi)"), {"s": state, "lo": lo, "hi": hi}
            )
            lo = hi
        c.execute(text(_FILL), {"n": n, "ncs": DISTRICTS * CDCS_PER_DISTRICT})
        c.execute(text("ANALYZE dossier"))
    eng.dispose()


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


def _agenda(url: str, per_district: int) -> dict[int, list[str]]:
    eng = create_engine(url)
    with eng.connect() as c:
        rows = c.execute(
            text(
                "SELECT d.code, u.code FROM dossier d JOIN unit u ON u.id = d.current_unit_id "
                "WHERE d.state = 'on_agenda' ORDER BY d.id"
            )
        ).all()
    eng.dispose()
    out: dict[int, list[str]] = {d: [] for d in range(DISTRICTS)}
    for code, unit in rows:
        d = int(unit[1:])
        if len(out[d]) < per_district:
            out[d].append(code)
    return out


def _clients(base: str, agenda: dict[int, list[str]], rounds: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"approve": [], "inbox": []}
    lock = threading.Lock()

    def worker(i: int) -> None:
        d = i % DISTRICTS
        approving = i < CLIENTS // 2
        with httpx.Client(base_url=base, timeout=60) as c:
            user = f"chair{d}" if approving else f"sec{d}"
            r = c.post("/api/session", json={"username": user, "password": PASSWORD})
            r.raise_for_status()
            h = {"X-CSRF-Token": r.json()["csrf_token"]}
            mine = agenda[d][(i // DISTRICTS) :: 2] if approving else []
            for k in range(rounds):
                t0 = time.perf_counter()
                if approving:
                    r = c.post(
                        f"/api/dossiers/{mine[k]}/moves", headers=h, json={"trigger": "approve"}
                    )
                else:
                    r = c.get("/api/inbox", params={"per_page": 25})
                r.raise_for_status()
                with lock:
                    times["approve" if approving else "inbox"].append(time.perf_counter() - t0)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times


def _in_process(app: App, agenda: dict[int, list[str]], rounds: int) -> dict[str, Any]:
    """The peer: the same services, one at a time, no HTTP (reuses codes not approved yet)."""
    codes = agenda[0][-rounds:]
    principal = load_principal(app.uow, 1, date(2025, 11, 3))  # chair0
    t_approve, t_inbox = [], []
    now = datetime.now(UTC)
    for code in codes:
        t0 = time.perf_counter()
        move(app.uow, code, MoveRequest(Trigger.approve, Actor("Chủ tịch 0", "chair"), now))
        t_approve.append(time.perf_counter() - t0)
    sec = load_principal(app.uow, 2, date(2025, 11, 3))
    for _ in range(rounds):
        t0 = time.perf_counter()
        inbox(app.uow, sec, today=date(2025, 11, 3))
        t_inbox.append(time.perf_counter() - t0)
    del principal
    return {"approve": _pct(t_approve), "inbox": _pct(t_inbox)}


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
    _org(app)
    t0 = time.perf_counter()
    _fill(url, n)
    fill_s = time.perf_counter() - t0
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
    finally:
        server.terminate()
        server.wait(timeout=30)
    peer = _in_process(app, agenda, rounds)
    app.close()
    result = {
        "dossiers": n,
        "clients": CLIENTS,
        "fill_seconds": round(fill_s, 1),
        "web": {k: _pct(v) for k, v in web.items()},
        "in_process": peer,
    }
    result["ratio_web_vs_in_process_p50"] = {
        k: round(result["web"][k]["p50_ms"] / max(peer[k]["p50_ms"], 0.01), 1) for k in web
    }
    return result


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
