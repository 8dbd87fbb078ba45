"""Benchmark: the sơ kết rollup of LĐLĐ Lai Châu over 1,000,000 dossiers (quick: 100,000).

tdkt's own path (the GROUP BY queries of awards.repository.periodic through SQLAlchemy on the
SQLite file) is timed against DuckDB answering the same questions from the same SQLite file,
each in a fresh process so its peak memory (ru_maxrss) is its own. DuckDB attaches the file with
its sqlite extension when it can load it; offline (the extension is downloaded at run time and
no pip package matches DuckDB 2.0) it copies the needed columns through numpy first, and the copy
time is reported apart from the query time. Both must give the same counts. CPU time is given
beside the wall time of each side (DuckDB's over all its threads): on a shared machine the wall
time mostly measures the other processes.

``python -m bench.report_bench [--quick]`` or ``run(quick)`` from the bench runner.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import random
import resource
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

LEVEL = "LDLD-LC"
YEAR = 2025
STATES = [
    ("draft", 8),
    ("submitted", 10),
    ("received", 8),
    ("returned", 4),
    ("under_appraisal", 8),
    ("eligible", 4),
    ("on_agenda", 3),
    ("approved", 5),
    ("awaiting_decision", 6),
    ("awarded", 38),
    ("ineligible", 2),
    ("not_approved", 2),
    ("withdrawn", 2),
]
AWARDS = ["GK_CDCT", "LDTT", "CSTDCS", "BK_LDLD", "BK_UBND", "BK_TLD"]


def build_database(path: Path, n: int, seed: int = 11) -> dict[str, Any]:
    """The Lai Châu population (demo loader) and n dossiers of 2025 written with executemany."""
    from awards.bootstrap import build
    from awards.demo.load import load_demo
    from awards.services.rounds.catalogue import NewRound, load_award_catalogue, open_round
    from awards.settings import Settings

    started = time.perf_counter()
    app = build(Settings(data_dir=path.parent, database_url=f"sqlite:///{path}"), migrate=True)
    load_demo(app.uow)
    load_award_catalogue(app.uow)
    open_round(
        app.uow,
        NewRound(
            f"TK-{YEAR}",
            "Tổng kết",
            "LDG",
            "Lao động giỏi",
            LEVEL,
            YEAR,
            date(YEAR, 1, 1),
            date(YEAR, 12, 31),
            date(YEAR, 11, 20),
        ),
    )
    app.close()
    con = sqlite3.connect(path)
    _dossiers(con, n, random.Random(seed))
    con.execute("ANALYZE")
    con.commit()
    con.close()
    return {"dossiers": n, "build_s": round(time.perf_counter() - started, 1)}


def _dossiers(con: sqlite3.Connection, n: int, rng: random.Random) -> None:
    units = [
        r[0]
        for r in con.execute("SELECT u.id FROM unit u WHERE u.kind_code = 'cdcs' ORDER BY u.id")
    ]
    parent = dict(con.execute("SELECT unit_id, parent_id FROM unit_version"))
    people = con.execute("SELECT id, unit_id FROM person ORDER BY id").fetchall()
    level_id = con.execute("SELECT id FROM unit WHERE code = ?", (LEVEL,)).fetchone()[0]
    round_id = con.execute("SELECT id FROM round").fetchone()[0]
    states = [s for s, w in STATES for _ in range(w)]
    start = datetime(YEAR, 1, 1, tzinfo=UTC)
    rows, audit = [], []
    for i in range(1, n + 1):
        state, award = rng.choice(states), rng.choice(AWARDS)
        person = rng.choice(people) if i % 5 else None
        unit = person[1] if person else rng.choice(units)
        at = start + timedelta(minutes=rng.randrange(365 * 24 * 60))
        decided = state == "awarded"
        by = parent.get(unit) if award in ("GK_CDCT", "LDTT", "CSTDCS") else level_id
        rows.append(
            (
                i,
                f"HS-{YEAR}-{i:07d}",
                round_id,
                award,
                "ca_nhan" if person else "tap_the",
                person[0] if person else None,
                None if person else unit,
                unit,
                unit,
                "[]",
                0,
                0,
                state,
                1,
                0,
                "",
                "",
                (at + timedelta(days=30)).date().isoformat(),
                (at + timedelta(days=20)).date().isoformat() if decided else None,
                by if decided else None,
                at.strftime("%Y-%m-%d %H:%M:%S.%f"),
                at.strftime("%Y-%m-%d %H:%M:%S.%f"),
            )
        )
        audit.extend(_history(i, state, award, at, unit, level_id, rng))
        if len(rows) == 50_000 or i == n:
            _flush(con, rows, audit)
            rows, audit = [], []


def _history(
    dossier_id: int,
    state: str,
    award: str,
    at: datetime,
    unit: int,
    level_id: int,
    rng: random.Random,
) -> list[tuple[Any, ...]]:
    """Audit events that bring a dossier to its state: submit, escalate, the last move.

    The last move lands up to 60 days after the dossier was nominated, so for a share of the
    dossiers nominated in June the state at the period's end (30/6) is not today's state: the
    report counts the former, and the peer must too."""
    events: list[tuple[str, str, str, datetime, int]] = []
    if state != "draft" and state != "withdrawn":
        events.append(("submit", "draft", "submitted", at, unit))
    escalated = award in ("BK_UBND", "BK_TLD") and state in ("awaiting_decision", "awarded")
    if escalated:
        events.append(
            ("escalate", "approved", "awaiting_decision", at + timedelta(days=10), level_id)
        )
    if state == "awarded":
        events.append(("decide", "awaiting_decision", "awarded", at + timedelta(days=20), unit))
    elif state == "withdrawn":
        events.append(
            ("withdraw", "draft", "withdrawn", at + timedelta(days=rng.randrange(1, 60)), unit)
        )
    elif state not in ("draft", "submitted") and not escalated:
        moved = at + timedelta(days=rng.randrange(1, 60), minutes=rng.randrange(1440))
        events.append(("move", "submitted", state, moved, unit))
    return [
        (
            dossier_id,
            seq,
            when.strftime("%Y-%m-%d %H:%M:%S.%f"),
            "x",
            "secretariat",
            trigger,
            source,
            dest,
            "",
            1,
            unit_id,
            "{}",
            "",
            "",
        )
        for seq, (trigger, source, dest, when, unit_id) in enumerate(events, start=1)
    ]


def _flush(
    con: sqlite3.Connection, rows: list[tuple[Any, ...]], audit: list[tuple[Any, ...]]
) -> None:
    con.executemany(
        "INSERT INTO dossier (id, code, round_id, award_code, nominee_kind, person_id, "
        "nominee_unit_id, nominating_unit_id, current_unit_id, route, ends_at_state_body, hop_no, "
        "state, version, audit_seq, audit_hash, achievement_summary, due_on, decision_date, "
        "decided_by_unit_id, created_at, updated_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )
    con.executemany(
        "INSERT INTO audit_event (dossier_id, seq, at, actor, role, trigger, from_state, "
        "to_state, reason, hop_no, unit_id, data, prev_hash, hash) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        audit,
    )
    con.commit()


def _reset_peak() -> None:
    """A spawned child inherits its parent's peak (ru_maxrss survives exec): reset VmHWM."""
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")


def _maxrss_mb() -> float:
    """Peak resident memory of this process since the last reset (VmHWM), in MB."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def tdkt_side(path: str) -> dict[str, Any]:
    """tdkt's rollup (every figure of the report) on the SQLite file."""
    from awards.bootstrap import build
    from awards.repository.periodic import Period
    from awards.services.reporting.periodic import build_period_report
    from awards.settings import Settings

    app = build(Settings(data_dir=Path(path).parent, database_url=f"sqlite:///{path}"))
    _reset_peak()
    base = _maxrss_mb()
    started, cpu = time.perf_counter(), time.process_time()
    report = build_period_report(
        app.uow,
        level_code=LEVEL,
        kind="so_ket",
        year=YEAR,
        half=1,
        period=Period(date(YEAR, 1, 1), date(YEAR, 6, 30)),
    )
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    app.close()
    return {
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu, 3),
        "peak_mb": _maxrss_mb(),
        "baseline_mb": base,
        "by_state": {s: n for s, _, n in report.by_state},
        "awarded_people": sum(u.awarded_people for u in report.units),
    }


_DUCK_QUERIES = {
    "map": """
        CREATE TEMP TABLE down AS
        WITH RECURSIVE down(root, unit_id) AS (
            SELECT unit_id, unit_id FROM {s}unit_version
            WHERE (parent_id = {level} OR unit_id = {level}) AND valid_to IS NULL
            UNION ALL
            SELECT down.root, v.unit_id FROM {s}unit_version v
            JOIN down ON v.parent_id = down.unit_id
            WHERE v.valid_to IS NULL AND down.unit_id <> {level})
        SELECT * FROM down""",
    "by_state": """
        WITH last AS (
            SELECT dossier_id, arg_max(to_state, seq) AS state_then FROM {s}audit_event
            WHERE "at" < '{end}' GROUP BY dossier_id)
        SELECT coalesce(last.state_then, 'draft'), count(*) FROM {s}dossier d
        JOIN down ON down.unit_id = d.nominating_unit_id
        LEFT JOIN last ON last.dossier_id = d.id
        WHERE d.created_at >= '{start}' AND d.created_at < '{end}' GROUP BY 1""",
    "units": """
        SELECT down.root,
          sum(CASE WHEN d.created_at >= '{start}' AND d.created_at < '{end}'
                   AND d.state NOT IN ('draft','withdrawn') THEN 1 ELSE 0 END),
          sum(CASE WHEN d.state = 'awarded' AND d.decision_date BETWEEN '{start}' AND '{last}'
                   AND d.nominee_kind = 'ca_nhan' THEN 1 ELSE 0 END),
          sum(CASE WHEN d.state = 'awarded' AND d.decision_date BETWEEN '{start}' AND '{last}'
                   AND d.nominee_kind = 'ca_nhan' AND p.is_direct_worker THEN 1 ELSE 0 END)
        FROM {s}dossier d JOIN down ON down.unit_id = d.nominating_unit_id
        LEFT JOIN {s}person p ON p.id = d.person_id GROUP BY down.root""",
    "decided": """
        SELECT award_code, nominee_kind, count(*) FROM {s}dossier
        WHERE decided_by_unit_id = {level} AND state = 'awarded'
          AND decision_date BETWEEN '{start}' AND '{last}' GROUP BY 1, 2""",
    "proposed": """
        SELECT d.award_code, d.nominee_kind, count(DISTINCT a.dossier_id) FROM {s}audit_event a
        JOIN {s}dossier d ON d.id = a.dossier_id WHERE a.trigger = 'escalate'
          AND a.unit_id = {level} AND a.at >= '{start}' AND a.at < '{end}' GROUP BY 1, 2""",
    "overdue": """
        SELECT d.state, count(*) FROM {s}dossier d JOIN down ON down.unit_id = d.current_unit_id
        WHERE d.due_on < '{last}' AND d.state IN ('submitted','received','returned',
          'under_appraisal','eligible','on_agenda','approved','public_notice',
          'awaiting_decision','on_hold') GROUP BY d.state""",
}
_COLUMNS = {
    "dossier": "id, state, nominee_kind, person_id, nominating_unit_id, current_unit_id, "
    "award_code, decided_by_unit_id, created_at, decision_date, due_on",
    "person": "id, is_direct_worker",
    "unit_version": "unit_id, parent_id, valid_to",
    "audit_event": "dossier_id, seq, trigger, to_state, unit_id, at",
}


def duckdb_side(path: str) -> dict[str, Any]:
    """The same figures by DuckDB from the same SQLite file."""
    import duckdb

    con = duckdb.connect()
    level = (
        sqlite3.connect(path).execute("SELECT id FROM unit WHERE code = ?", (LEVEL,)).fetchone()[0]
    )
    base = _maxrss_mb()
    started = time.perf_counter()
    try:
        con.execute(f"ATTACH '{path}' AS s (TYPE sqlite, READ_ONLY)")
        mode, prefix = "attach", "s."
    except duckdb.Error:
        _copy_through_numpy(con, path)
        mode, prefix = "copy via numpy (sqlite extension not loadable offline)", ""
    loaded, cpu = time.perf_counter(), time.process_time()
    params = {
        "s": prefix,
        "level": level,
        "start": f"{YEAR}-01-01",
        "end": f"{YEAR}-07-01",
        "last": f"{YEAR}-06-30",
    }
    out: dict[str, Any] = {}
    for name, sql in _DUCK_QUERIES.items():
        result = con.execute(sql.format(**params))
        out[name] = result.fetchall() if name != "map" else None
    done, cpu = time.perf_counter(), time.process_time() - cpu
    return {
        "mode": mode,
        "load_seconds": round(loaded - started, 3),
        "seconds": round(done - loaded, 3),
        "cpu_seconds": round(cpu, 3),
        "peak_mb": _maxrss_mb(),
        "baseline_mb": base,
        "by_state": {str(s): int(n) for s, n in out["by_state"]},
        "awarded_people": int(sum(r[2] for r in out["units"])),
    }


def _copy_through_numpy(con: Any, path: str) -> None:
    import numpy as np

    src = sqlite3.connect(path)
    for table, columns in _COLUMNS.items():
        rows = src.execute(f"SELECT {columns} FROM {table}").fetchall()
        names = [c.strip() for c in columns.split(",")]
        data = {n: np.array([r[i] for r in rows], dtype=object) for i, n in enumerate(names)}
        del rows
        con.register(f"_{table}", data)
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM _{table}")
        con.unregister(f"_{table}")
        del data
    src.close()


def _in_fresh_process(target: Any, path: str) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    with ctx.Pool(1) as pool:
        return dict(pool.apply(target, (path,)))


def run(quick: bool = False) -> dict[str, Any]:
    n = 100_000 if quick else 1_000_000
    with tempfile.TemporaryDirectory(prefix="tdkt-report-bench-") as folder:
        path = Path(folder) / "bench.db"
        built = build_database(path, n)
        tdkt = _in_fresh_process(tdkt_side, str(path))
        duck = _in_fresh_process(duckdb_side, str(path))
    same = tdkt["by_state"] == duck["by_state"] and tdkt["awarded_people"] == duck["awarded_people"]
    return {
        "name": "report_bench: sơ kết rollup (LĐLĐ tỉnh, 6 tháng)",
        **built,
        "tdkt_seconds": tdkt["seconds"],
        "tdkt_peak_mb": tdkt["peak_mb"],
        "duckdb_mode": duck["mode"],
        "duckdb_load_seconds": duck["load_seconds"],
        "duckdb_query_seconds": duck["seconds"],
        "duckdb_peak_mb": duck["peak_mb"],
        "ratio_tdkt_over_duckdb_query": round(tdkt["seconds"] / max(duck["seconds"], 1e-9), 2),
        # CPU time (DuckDB's summed over its threads): steadier than wall time on a shared machine.
        "tdkt_cpu_seconds": tdkt["cpu_seconds"],
        "duckdb_query_cpu_seconds": duck["cpu_seconds"],
        "ratio_tdkt_over_duckdb_query_cpu": round(
            tdkt["cpu_seconds"] / max(duck["cpu_seconds"], 1e-9), 2
        ),
        "ratio_tdkt_over_duckdb_total": round(
            tdkt["seconds"] / max(duck["seconds"] + duck["load_seconds"], 1e-9), 2
        ),
        "same_counts": same,
        "dossiers_in_period": sum(tdkt["by_state"].values()),
    }


if __name__ == "__main__":
    print(json.dumps(run(quick="--quick" in sys.argv), ensure_ascii=False, indent=2))
