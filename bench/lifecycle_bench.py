"""Lifecycle throughput: tdkt vs SpiffWorkflow vs raw sqlite3, in one run, on SQLite.

    python -m bench --only lifecycle [--quick] [--sizes 2000,10000,50000]
    python -m bench.lifecycle_bench --n 100000 [--profile]     # tdkt's path alone

N dossiers (the middle size: 100,000; 10,000 with --quick) go nomination → submission → receipt
→ appraisal → council approval → decision through tdkt's bulk services (lifecycle_tdkt). Peers:
the same lifecycle as a BPMN process in SpiffWorkflow (lifecycle_spiff), at a smaller N because
it is slow, compared per dossier; and the physical limit, the very rows tdkt wrote replayed with
raw executemany (lifecycle_raw). Medians of three runs; ratios within this run.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import resource
import statistics
from pathlib import Path
from typing import Any

from bench import lifecycle_raw, lifecycle_spiff
from bench.common import db_size
from bench.lifecycle_tdkt import build_template, run_once

WORK = Path("data/bench")
SIZES = {True: [2_000, 10_000, 50_000], False: [10_000, 100_000, 1_000_000]}
SPIFF_N = {True: 300, False: 2_000}
RUNS = 3
TARGET_VS_SPIFF = 40.0
TARGET_OF_RAW = 0.30


def template(work: Path = WORK) -> Path:
    work.mkdir(parents=True, exist_ok=True)
    return build_template(work / "template.db")


def run(quick: bool = False, sizes: list[int] | None = None) -> dict[str, Any]:
    sizes = sorted(sizes or SIZES[quick])
    n = sizes[len(sizes) // 2]
    spiff_n = min(n, SPIFF_N[quick])
    tpl = template()
    tdkt_s, raw_s, spiff_s, steps = [], [], [], []
    refused, rows, ends, tdkt_db_bytes = 0, None, {}, 0
    # Interleaved (tdkt, raw, spiff) × RUNS, so drifting load on a shared machine hits all three.
    for i in range(RUNS):
        got = run_once(tpl, WORK, n, keep=i == 0)
        tdkt_s.append(got.seconds)
        steps.append(got.steps)
        refused += got.refused
        if got.db is not None:  # the first run's rows are the ones the raw peer replays
            rows, tdkt_db_bytes = lifecycle_raw.read_rows(got.db), db_size(got.db)
        assert rows is not None
        raw_s.append(lifecycle_raw.write(rows, tpl, WORK / f"raw-{os.getpid()}.db"))
        seconds, ends = lifecycle_spiff.run(spiff_n, WORK / f"spiff-{os.getpid()}.db")
        spiff_s.append(seconds)
        print(
            f"  run {i + 1}: tdkt {n / got.seconds:,.0f}, raw {n / raw_s[-1]:,.0f}, "
            f"SpiffWorkflow {spiff_n / seconds:,.0f} dossiers/s",
            flush=True,
        )
    rows_written = rows.count if rows else 0
    return _report(
        n, spiff_n, tdkt_s, raw_s, spiff_s, steps, refused, rows_written, ends, tdkt_db_bytes
    )


def _report(
    n: int,
    spiff_n: int,
    tdkt_s: list[float],
    raw_s: list[float],
    spiff_s: list[float],
    steps: list[dict[str, float]],
    refused: int,
    rows_written: int,
    ends: dict[str, int],
    tdkt_db_bytes: int,
) -> dict[str, Any]:
    rate = {
        "tdkt": n / statistics.median(tdkt_s),
        "raw_sqlite3": n / statistics.median(raw_s),
        "spiffworkflow": spiff_n / statistics.median(spiff_s),
    }
    vs_spiff, of_raw = rate["tdkt"] / rate["spiffworkflow"], rate["tdkt"] / rate["raw_sqlite3"]
    ceiling = rate["raw_sqlite3"] / rate["spiffworkflow"]
    return {
        "n": n,
        "spiff_n": spiff_n,
        "runs": RUNS,
        "rows_written_per_run": rows_written,
        "refused_moves": refused,
        "spiff_instances_ended": ends,
        "tdkt_db_bytes": tdkt_db_bytes,
        "seconds": {"tdkt": tdkt_s, "raw_sqlite3": raw_s, "spiffworkflow": spiff_s},
        "tdkt_step_seconds_median": {
            k: round(statistics.median(s[k] for s in steps), 3) for k in steps[0]
        },
        "dossiers_per_s_median": {k: round(v) for k, v in rate.items()},
        "ratios": {
            "tdkt_vs_spiffworkflow": round(vs_spiff, 2),
            "tdkt_of_raw": round(of_raw, 3),
            "raw_vs_spiffworkflow_ceiling": round(ceiling, 2),
        },
        "targets": {"tdkt_vs_spiffworkflow": TARGET_VS_SPIFF, "tdkt_of_raw": TARGET_OF_RAW},
        "met": {"vs_spiffworkflow": vs_spiff >= TARGET_VS_SPIFF, "of_raw": of_raw >= TARGET_OF_RAW},
        "table": [
            {"what": f"tdkt, {n:,} dossiers", "value": round(rate["tdkt"]), "unit": "dossiers/s"},
            {
                "what": f"raw sqlite3 executemany, same {rows_written:,} rows",
                "value": round(rate["raw_sqlite3"]),
                "unit": "dossiers/s",
            },
            {
                "what": f"SpiffWorkflow, {spiff_n:,} dossiers (per-dossier rate)",
                "value": round(rate["spiffworkflow"]),
                "unit": "dossiers/s",
            },
            {"what": "tdkt ÷ SpiffWorkflow", "ratio": round(vs_spiff, 2), "target": "≥ 10"},
            {"what": "tdkt ÷ raw limit", "ratio": round(of_raw, 3), "target": "≥ 0.6"},
            {"what": "raw limit ÷ SpiffWorkflow (ceiling)", "ratio": round(ceiling, 2)},
        ],
    }


def once(n: int, profile: bool) -> dict[str, Any]:
    """tdkt's path alone, once: the figures a growth run needs (this process's peak RSS)."""
    tpl = WORK / "template.db"
    if not tpl.exists():
        template()
    base_kib = _status_kib("VmRSS")
    prof = cProfile.Profile() if profile else None
    if prof:
        prof.enable()
    got = run_once(tpl, WORK, n)
    if prof:
        prof.disable()
        stats = pstats.Stats(prof)
        stats.sort_stats("cumulative").print_stats(40)
        stats.sort_stats("tottime").print_stats(25)
    # VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so a child would report the
    # runner's RSS at fork time; VmHWM belongs to the new address space.
    peak_kib = _status_kib("VmHWM")
    return {
        "n": n,
        "seconds": got.seconds,
        "dossiers_per_s": n / got.seconds,
        "steps": got.steps,
        "refused": got.refused,
        "eligible": got.eligible,
        "rss_before_kib": base_kib,
        "peak_rss_kib": peak_kib,
    }


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="tdkt's lifecycle path alone (see module doc)")
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--profile", action="store_true", help="cProfile the run")
    args = parser.parse_args(argv)
    print(json.dumps(once(args.n, args.profile)))


if __name__ == "__main__":
    main()
