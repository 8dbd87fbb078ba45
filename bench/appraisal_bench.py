"""Appraisal alone at growing sizes: time per dossier and peak memory of one appraise() call.

    python -m bench --only appraisal [--quick] [--sizes 10000,100000,1000000]
    python -m bench.appraisal_bench --n 100000          # one size, in this process

The lifecycle template (Lai Châu: 778 CĐCS, 26,816 members with their history, one open round)
gets SEED dossiers through tdkt's own services (nominated, documents attached, submitted,
received, under appraisal); each size then copies that database and clones the seeds to N
dossiers by INSERT … SELECT (dossier, its hops and attachments; their audit events are not
cloned: the moves read the chain's head from the dossier row). Dossier i is a copy of seed
(i mod SEED), so any 1,000 consecutive dossiers are 1,000 different people, as in a real round.
Then one appraise() of the whole round — facts, rules, completeness, quotas and the moves — is
timed in a child process per size, with the child's VmHWM (peak RSS) before and after it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Table, create_engine, text

from awards.bootstrap import build
from awards.db import upgrade
from awards.model import Attachment, Dossier, DossierHop
from awards.services.appraisal.appraise import appraise
from awards.settings import Settings
from bench.common import db_size
from bench.lifecycle_bench import WORK, _status_kib, template
from bench.lifecycle_tdkt import NOW, ROUND, SECRETARY, STEPS, nominations
from bench.national import _Dialect

SEED = 2_000
SIZES = {True: [10_000, 50_000], False: [10_000, 100_000, 1_000_000]}
PEAK_TARGET_MIB = 800  # at the largest size
GROWTH_TOLERANCE = 1.3  # time per dossier, largest size ÷ smallest
MAX_RSS_MIB = 3_072  # a child above this stops itself: the machine is shared


def seed_db(work: Path = WORK) -> Path:
    """The template with SEED dossiers under appraisal (built once, reused by every size)."""
    path = work / f"appraisal-seed-{SEED}.db"
    if path.exists():
        return path
    tpl = template(work)
    tmp = work / f"appraisal-seed-{os.getpid()}.db"
    shutil.copy(tpl, tmp)
    from awards.services.nomination.bulk import nominate_many

    app = build(Settings(data_dir=work, database_url=f"sqlite:///{tmp}"))
    codes = nominate_many(app.uow, nominations(app, SEED), now=NOW)
    for name, step in STEPS:
        if name == "appraise":
            break
        step(app.uow, codes)
    app.close()
    tmp.rename(path)
    return path


def clone(url: str, n: int) -> int:
    """Clone the round's dossiers under appraisal (with hops and attachments) up to n in all."""
    engine = create_engine(url)
    sql = _Dialect("sqlite")
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS temp.seed"))
        conn.execute(text("CREATE TEMP TABLE seed (k INTEGER PRIMARY KEY, id INTEGER)"))
        conn.execute(
            text(
                "INSERT INTO temp.seed SELECT row_number() OVER (ORDER BY d.id) - 1, d.id "
                "FROM dossier d JOIN round r ON r.id = d.round_id "
                "WHERE r.code = :round AND d.state = 'under_appraisal'"
            ),
            {"round": ROUND},
        )
        seeds = int(conn.execute(text("SELECT count(*) FROM temp.seed")).scalar_one())
        first = int(conn.execute(text("SELECT max(id) FROM dossier")).scalar_one())
        extra = n - seeds
        if extra > 0:
            with_, from_ = sql.series(extra)
            pick = f"JOIN temp.seed s ON s.k = (g.i - 1) % {seeds}"
            cols = _cols(Dossier.__table__, "id", "code")  # type: ignore[attr-defined]
            conn.execute(
                text(
                    f"{with_}INSERT INTO dossier (id, code, {', '.join(cols)}) "
                    f"SELECT {first} + g.i, 'HS-2025-B' || {sql.pad('g.i', 7)}, "
                    f"{', '.join('d.' + c for c in cols)} FROM {from_} {pick} "
                    "JOIN dossier d ON d.id = s.id"
                )
            )
            for table in (DossierHop.__table__, Attachment.__table__):  # type: ignore[attr-defined]
                cols = _cols(table, "id", "dossier_id")
                conn.execute(
                    text(
                        f"{with_}INSERT INTO {table.name} (dossier_id, {', '.join(cols)}) "
                        f"SELECT {first} + g.i, {', '.join('t.' + c for c in cols)} "
                        f"FROM {from_} {pick} JOIN {table.name} t ON t.dossier_id = s.id"
                    )
                )
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()
    engine.dispose()
    return max(n, seeds)


def _cols(table: Table, *leave_out: str) -> list[str]:
    return [c.name for c in table.columns if c.name not in leave_out]


def once(n: int, max_rss_mib: int = MAX_RSS_MIB) -> dict[str, Any]:
    """One appraisal of n dossiers in this process: seconds, VmHWM before and after."""
    seed = seed_db()
    db = WORK / f"appraisal-run-{os.getpid()}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.copy(seed, db)
    url = f"sqlite:///{db}"
    upgrade(url)  # a seed built before the latest migration
    start = time.perf_counter()
    n = clone(url, n)
    generate_s = time.perf_counter() - start
    _watch(max_rss_mib)
    app = build(Settings(data_dir=WORK, database_url=url))
    before = _status_kib("VmHWM")
    start, cpu = time.perf_counter(), time.process_time()
    report = appraise(app.uow, ROUND, now=NOW, actor=SECRETARY)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = _status_kib("VmHWM")
    eligible, moved = len(report.eligible), sum(r.moved for r in report.results)
    del report
    app.close()
    size = db_size(db)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    return {
        "n": n,
        "seconds": round(seconds, 2),
        "us_per_dossier": round(seconds / n * 1e6, 1),
        # CPU time of this process: less bent by other processes' load than wall time.
        "cpu_us_per_dossier": round(cpu / n * 1e6, 1),
        "eligible": eligible,
        "moved": moved,
        "generate_s": round(generate_s, 1),
        "db_bytes": size,
        "rss_before_kib": before,
        "peak_rss_kib": peak,
        "load_1min": round(os.getloadavg()[0], 2),
    }


def _watch(max_rss_mib: int) -> None:
    """Stop this process if its RSS passes max_rss_mib (other helpers share the machine)."""

    def check() -> None:
        while True:
            if _status_kib("VmRSS") > max_rss_mib * 1024:
                print(json.dumps({"stopped": f"RSS above {max_rss_mib} MiB"}), flush=True)
                os._exit(3)
            time.sleep(0.5)

    threading.Thread(target=check, daemon=True).start()


def run(quick: bool = False, sizes: list[int] | None = None) -> dict[str, Any]:
    sizes = sorted(sizes or SIZES[quick])
    seed_db()  # built once here; the children reuse it
    points = []
    for n in sizes:
        out = subprocess.run(
            [sys.executable, "-m", "bench.appraisal_bench", "--n", str(n)],
            capture_output=True,
            text=True,
        )
        lines = out.stdout.strip().splitlines()
        point: dict[str, Any] = json.loads(lines[-1]) if lines else {}
        if "stopped" in point or out.returncode:
            why = point.get("stopped") or f"exit {out.returncode} {out.stderr[-300:]}".strip()
            print(f"  n={n:,}: stopped ({why})", flush=True)
            points.append({"n": n, "stopped": why})
            break
        print(
            f"  n={n:,}: {point['seconds']:.1f} s, {point['cpu_us_per_dossier']:,.0f} µs CPU "
            f"a dossier, peak RSS {point['peak_rss_kib'] / 1024:,.0f} MiB "
            f"(load {point['load_1min']})",
            flush=True,
        )
        points.append(point)
    return _report(points)


def _report(points: list[dict[str, Any]]) -> dict[str, Any]:
    done = [p for p in points if "stopped" not in p]
    if not done:
        return {"points": points, "skipped": points[0]["stopped"] if points else "no sizes"}
    small, large = done[0], done[-1]
    wall = large["us_per_dossier"] / small["us_per_dossier"]
    # CPU time decides the growth target: wall time on a shared machine follows its load.
    cpu = large["cpu_us_per_dossier"] / small["cpu_us_per_dossier"]
    peak_mib = large["peak_rss_kib"] / 1024
    table = [
        {
            "what": f"n={p['n']:,}: CPU time per dossier (wall {p['us_per_dossier']:,.0f} µs at "
            f"load {p['load_1min']}); peak RSS {p['peak_rss_kib'] / 1024:,.0f} MiB",
            "value": p["cpu_us_per_dossier"],
            "unit": "µs",
            "ratio": round(p["cpu_us_per_dossier"] / small["cpu_us_per_dossier"], 2),
        }
        for p in done
    ]
    table += [{"what": f"n={p['n']:,}: not run, {p['stopped']}"} for p in points if "stopped" in p]
    table.append(
        {
            "what": f"CPU time per dossier at {large['n']:,} ÷ at {small['n']:,} "
            f"(wall ×{wall:.2f})",
            "ratio": round(cpu, 2),
            "target": f"≤ {GROWTH_TOLERANCE}",
        }
    )
    table.append(
        {
            "what": f"peak RSS at {large['n']:,}",
            "value": round(peak_mib),
            "unit": "MiB",
            "target": f"≤ {PEAK_TARGET_MIB}",
        }
    )
    return {
        "points": points,
        "per_dossier_cpu_growth": round(cpu, 3),
        "per_dossier_wall_growth": round(wall, 3),
        "peak_rss_mib_largest": round(peak_mib),
        "met": {"growth": cpu <= GROWTH_TOLERANCE, "peak": peak_mib <= PEAK_TARGET_MIB},
        "table": table,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="one appraisal of N dossiers (see module doc)")
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--max-rss-mib", type=int, default=MAX_RSS_MIB)
    args = parser.parse_args(argv)
    print(json.dumps(once(args.n, args.max_rss_mib)))


if __name__ == "__main__":
    main()
