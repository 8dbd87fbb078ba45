"""Where tdkt's lifecycle time goes: cProfile of one run, self time grouped by area.

    python -m bench.lifecycle_profile [--n 10000]   # writes bench/results/lifecycle_profile.md

Self time (tottime) sums to the whole run, so the areas add up to 100%; the second table lists
the functions with the most cumulative time. This is the evidence behind the lifecycle targets:
what a move costs besides the rows the raw sqlite3 peer writes.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from pathlib import Path

from bench.lifecycle_bench import WORK, template
from bench.lifecycle_tdkt import run_once

OUT = Path(__file__).resolve().parent / "results" / "lifecycle_profile.md"
# (area, path fragments) in order: the first match wins.
AREAS: list[tuple[str, tuple[str, ...]]] = [
    ("e-mail rendering (Jinja2 templates, escaping)", ("notifications/", "jinja2", "markupsafe")),
    ("audit hash chain (canonical JSON, sha256)", ("services/audit.py", "json/", "_hashlib")),
    (
        "appraisal: facts, rules, quotas (pydantic)",
        ("awards/facts.py", "rules/", "appraisal.py", "quotas.py", "pydantic"),
    ),
    ("SQLite itself (execute, executemany, commit, fetch)", ("sqlite3.",)),
    ("SQLAlchemy / SQLModel (compile, rows, ORM)", ("sqlalchemy", "sqlmodel")),
    (
        "planning: state machine, deadlines, notices' data",
        ("states/", "moves.py", "lifecycle.py", "deadlines.py", "workdays.py", "notices.py"),
    ),
    ("repository Python (row dicts, batching)", ("awards/repository/",)),
    ("nomination", ("nominate",)),
]
OTHER = "other (dataclasses, datetime, bench driver …)"


def area_of(func: tuple[str, int, str]) -> str:
    filename, _, name = func
    where = f"{filename}:{name}"
    for area, parts in AREAS:
        if any(p in where for p in parts):
            return area
    return OTHER


def profile(n: int) -> tuple[pstats.Stats, float]:
    tpl = template()
    prof = cProfile.Profile()
    start = time.perf_counter()
    prof.enable()
    run_once(tpl, WORK, n)
    prof.disable()
    return pstats.Stats(prof), time.perf_counter() - start


def by_area(stats: pstats.Stats) -> dict[str, float]:
    totals: dict[str, float] = {}
    for func, (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        key = area_of(func)
        totals[key] = totals.get(key, 0.0) + tottime
    return dict(sorted(totals.items(), key=lambda kv: -kv[1]))


def top_other(stats: pstats.Stats, k: int = 6) -> str:
    """The biggest self times left in OTHER (builtins carry no module path)."""
    rows = [
        (f"{f[2]}", tt)
        for f, (_, _, tt, _, _) in stats.stats.items()  # type: ignore[attr-defined]
        if area_of(f) == OTHER
    ]
    rows.sort(key=lambda r: -r[1])
    return "; ".join(f"`{name}` {tt:.2f} s" for name, tt in rows[:k])


def top_cumulative(stats: pstats.Stats, k: int = 15) -> list[tuple[str, float]]:
    rows = [
        (f"{Path(f[0]).name}:{f[1]}({f[2]})", ct)
        for f, (_, _, _, ct, _) in stats.stats.items()  # type: ignore[attr-defined]
        if "awards" in f[0] or "notifications" in f[0] or "states" in f[0] or "rules" in f[0]
    ]
    return sorted(rows, key=lambda r: -r[1])[:k]


def markdown(
    n: int, wall: float, areas: dict[str, float], top: list[tuple[str, float]], other: str
) -> str:
    total = sum(areas.values())
    lines = [
        f"# Lifecycle profile: {n:,} dossiers, cProfile (wall {wall:,.1f} s under the profiler)",
        "",
        "Reproduce: `python -m bench.lifecycle_profile --n " + str(n) + "`.",
        "",
        "| area (self time) | s | share |",
        "|---|---:|---:|",
    ]
    lines += [f"| {a} | {s:,.2f} | {100 * s / total:.0f}% |" for a, s in areas.items()]
    lines += ["", f"Largest in *other*: {other}.", ""]
    lines += ["| tdkt function (cumulative) | s |", "|---|---:|"]
    lines += [f"| `{name}` | {s:,.2f} |" for name, s in top]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    stats, wall = profile(args.n)
    text = markdown(args.n, wall, by_area(stats), top_cumulative(stats), top_other(stats))
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
