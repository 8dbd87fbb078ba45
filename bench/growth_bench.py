"""Cost growth: tdkt's lifecycle path at three sizes, each in its own process.

Time and peak memory (ru_maxrss of the child, and its growth over the RSS before the run) per
size; a per-dossier time or memory that grows by more than GROWTH_TOLERANCE from the smallest to
the largest size is flagged as worse than linear.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from bench.lifecycle_bench import SIZES, template

GROWTH_TOLERANCE = 1.3  # per-dossier cost may drift 30% (indexes deepen) before it is a finding


def run(quick: bool = False, sizes: list[int] | None = None) -> dict[str, Any]:
    sizes = sorted(sizes or SIZES[quick])
    template()  # built once here; the children reuse it
    points = []
    for n in sizes:
        out = subprocess.run(
            [sys.executable, "-m", "bench.lifecycle_bench", "--n", str(n)],
            check=True,
            capture_output=True,
            text=True,
        )
        point = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"  n={n:,}: {point['seconds']:.1f} s, {point['dossiers_per_s']:,.0f} dossiers/s, "
            f"peak RSS {point['peak_rss_kib'] / 1024:,.0f} MiB",
            flush=True,
        )
        points.append(point)
    return _report(points)


def _report(points: list[dict[str, Any]]) -> dict[str, Any]:
    small, large = points[0], points[-1]
    scale = large["n"] / small["n"]
    time_growth = large["seconds"] / small["seconds"]
    mem = [(p["peak_rss_kib"] - p["rss_before_kib"]) for p in points]
    mem_growth = mem[-1] / mem[0] if mem[0] > 0 else float("inf")
    per_dossier_time = time_growth / scale
    per_dossier_mem = mem_growth / scale
    findings = []
    if per_dossier_time > GROWTH_TOLERANCE:
        findings.append(f"time per dossier grows ×{per_dossier_time:.2f} over ×{scale:.0f} size")
    if per_dossier_mem > GROWTH_TOLERANCE:
        findings.append(f"memory per dossier grows ×{per_dossier_mem:.2f} over ×{scale:.0f} size")
    table = [
        {
            "what": f"n={p['n']:,}: time; peak RSS {p['peak_rss_kib'] / 1024:,.0f} MiB "
            f"(+{m / 1024:,.0f} MiB over start)",
            "value": round(p["seconds"], 2),
            "unit": "s",
            "ratio": round(p["dossiers_per_s"]),
        }
        for p, m in zip(points, mem, strict=True)
    ]
    table.append(
        {
            "what": f"time ×{time_growth:.1f} and memory ×{mem_growth:.1f} for size ×{scale:.0f}",
            "ratio": round(per_dossier_time, 2),
            "target": f"≤ {GROWTH_TOLERANCE} per dossier",
        }
    )
    return {
        "points": points,
        "size_growth": scale,
        "time_growth": round(time_growth, 2),
        "memory_growth": round(mem_growth, 2),
        "per_dossier_time_growth": round(per_dossier_time, 3),
        "per_dossier_memory_growth": round(per_dossier_mem, 3),
        "worse_than_linear": findings,
        "table": table,
    }
