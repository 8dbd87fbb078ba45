"""What every benchmark shares: the machine, versions, medians, a fresh tdkt database."""

from __future__ import annotations

import gc
import os
import platform
import sqlite3
import statistics
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

DISTS = (
    "sqlalchemy",
    "sqlmodel",
    "pydantic",
    "transitions",
    "jinja2",
    "psycopg",
    "spiffworkflow",
    "common-expression-language",
    "rule-engine",
    "duckdb",
)


def machine() -> dict[str, Any]:
    """Cores, memory and versions: every result carries them (noisy, shared machines)."""
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    versions = {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version}
    for dist in DISTS:
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = "absent"
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(mem, 1),
        "cpu": _cpu_model(),
        "load_1min": round(os.getloadavg()[0], 2),
        "versions": versions,
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds taken by fn() after a collection, and what it returned."""
    gc.collect()
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def median_rate(n: int, seconds: list[float]) -> float:
    return n / statistics.median(seconds) if seconds else 0.0


def fresh_sqlite(path: Path) -> str:
    """A migrated tdkt database at `path` (removed first, with its WAL files)."""
    from awards.db import upgrade

    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    upgrade(url)
    return url


def db_size(path: Path) -> int:
    return sum(
        Path(f"{path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{path}{s}").exists()
    )
