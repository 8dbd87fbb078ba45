"""Run the benchmarks: ``python -m bench [--quick] [--only NAME] [--sizes 2000,10000,50000]``.

Every module of this package with a top-level ``run(quick: bool) -> dict`` is a benchmark
(``run`` may also accept ``sizes``: growth runs tdkt's lifecycle at each size, lifecycle uses the
middle one as N). Results go to bench/results/latest.json (merged with the
benchmarks not run this time) and a short Markdown table in bench/results/latest.md.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import pkgutil
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import bench
from bench.common import machine

RESULTS = Path(__file__).resolve().parent / "results"


def discover() -> dict[str, Any]:
    """name → run function, for every bench module that has one (helpers have none)."""
    found = {}
    for info in sorted(pkgutil.iter_modules(bench.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"bench.{info.name}")
        run = getattr(module, "run", None)
        if callable(run) and "quick" in inspect.signature(run).parameters:
            found[info.name.removesuffix("_bench")] = run
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="tdkt benchmarks against peers, in one run")
    parser.add_argument("--quick", action="store_true", help="small sizes, a few minutes")
    parser.add_argument("--only", action="append", help="run only this benchmark (repeatable)")
    parser.add_argument("--sizes", help="comma-separated sizes for benchmarks that take sizes")
    parser.add_argument("--out", type=Path, default=RESULTS, help="results directory")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else None
    runs = discover()
    unknown = set(args.only or []) - set(runs)
    if unknown:
        parser.error(f"unknown benchmark(s) {sorted(unknown)}; known: {sorted(runs)}")
    env = machine()
    print(_machine_line(env), flush=True)
    results: dict[str, Any] = {}
    failed = []
    for name, run in runs.items():
        if args.only and name not in args.only:
            continue
        print(f"\n== {name} ({'quick' if args.quick else 'full'}) ==", flush=True)
        kwargs: dict[str, Any] = {"quick": args.quick}
        if sizes and "sizes" in inspect.signature(run).parameters:
            kwargs["sizes"] = sizes
        start = time.perf_counter()
        try:
            result = run(**kwargs)
        except Exception:  # one broken benchmark must not hide the others' figures
            traceback.print_exc()
            failed.append(name)
            continue
        result["wall_s"] = round(time.perf_counter() - start, 1)
        result["quick"] = args.quick
        # Quick and full results are kept side by side in latest.json.
        results[f"{name} (quick)" if args.quick else name] = result
        for line in table_rows(name, result):
            print("  " + " | ".join(line), flush=True)
    write(args.out, env, results)
    return 1 if failed else 0


def _machine_line(env: dict[str, Any]) -> str:
    v = env["versions"]
    deps = ", ".join(f"{k} {val}" for k, val in v.items() if k not in ("python", "sqlite"))
    return (
        f"{env['cores']} cores ({env['cpu']}), {env['memory_gib']} GiB, load {env['load_1min']}; "
        f"Python {v['python']}, SQLite {v['sqlite']}; {deps}"
    )


def table_rows(name: str, result: dict[str, Any]) -> list[list[str]]:
    """The Markdown rows of one result: its own ``table`` or, failing that, its ``ratios``."""
    rows = result.get("table")
    if rows:
        return [
            [
                name,
                str(r["what"]),
                _fmt(r.get("value")),
                str(r.get("unit", "")),
                _fmt(r.get("ratio")),
                str(r.get("target", "")),
            ]
            for r in rows
        ]
    if "skipped" in result:
        return [[name, f"not run: {result['skipped']}", "", "", "", ""]]
    ratios = dict(result.get("ratios") or {})
    # Modules without a table or a ratios dict: their ratio_* and *_vs_* figures, one level deep.
    for part in (result, *(v for v in result.values() if isinstance(v, dict))):
        for k, v in part.items():
            if _is_ratio(k):
                ratios.update(
                    {f"{k} {sub}": x for sub, x in v.items()} if isinstance(v, dict) else {k: v}
                )
    return [
        [name, k, "", "", _fmt(v), str(result.get(f"target_{k}", ""))] for k, v in ratios.items()
    ]


def _is_ratio(key: str) -> bool:
    if key == "ratios" or key.startswith("target_"):
        return False
    return key.startswith("ratio") or "_vs_" in key


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.3g}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def write(out: Path, env: dict[str, Any], results: dict[str, Any]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    latest = out / "latest.json"
    old = json.loads(latest.read_text(encoding="utf-8")) if latest.exists() else {}
    merged = {**old.get("results", {}), **results}
    doc = {"at": datetime.now(UTC).isoformat(timespec="seconds"), "machine": env}
    doc["results"] = merged
    latest.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    lines = [
        f"Measured {doc['at']} on {_machine_line(env)}.",
        "",
        "| benchmark | what | value | unit | ratio | target |",
        "|---|---|---:|---|---:|---|",
    ]
    for name, result in sorted(merged.items()):
        lines += ["| " + " | ".join(r) + " |" for r in table_rows(name, result)]
    (out / "latest.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nwrote {latest} and {out / 'latest.md'}")
    if out.resolve() == RESULTS:
        write_table(lines)


# The results table lives in docs/performance.md between these markers (a test checks they are
# there); every full run rewrites what is between them.
TABLE_DOC = RESULTS.parent.parent / "docs" / "performance.md"
START, END = "<!-- bench/results/latest.md -->", "<!-- end bench/results/latest.md -->"


def write_table(lines: list[str], doc: Path = TABLE_DOC) -> None:
    """The table between the markers of `doc`, if they are there."""
    text = doc.read_text(encoding="utf-8") if doc.exists() else ""
    if START not in text or END not in text:
        return
    head, rest = text.split(START, 1)
    tail = rest.split(END, 1)[1]
    doc.write_text(head + START + "\n" + "\n".join(lines) + "\n" + END + tail, encoding="utf-8")
    print(f"updated the table in {doc}")


if __name__ == "__main__":
    sys.exit(main())
