"""`python -m flows [flow-name …] [--limit N]`: serve the scheduled flows (flows/schedules.py).

Schedules need a Prefect server: set PREFECT_API_URL (docs/operating.md), or this starts one on
127.0.0.1 with its database under PREFECT_HOME (the Makefile puts it in data/prefect).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import urllib.request

from prefect import serve
from prefect.settings import PREFECT_API_URL, temporary_settings

from flows.schedules import deployments

LOCAL_API = "http://127.0.0.1:4200/api"


def _local_server() -> subprocess.Popen[bytes]:
    """A Prefect server on 127.0.0.1:4200 for this process, when no PREFECT_API_URL is set."""
    server = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1"],
    )
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"{LOCAL_API}/health", timeout=1):
                break
        except OSError:
            time.sleep(0.5)
    else:
        server.terminate()
        raise SystemExit("Prefect server did not start on 127.0.0.1:4200 within 60 s")
    return server


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m flows", description=__doc__)
    parser.add_argument("names", nargs="*", help="serve only these flows (default: all)")
    parser.add_argument("--limit", type=int, default=2, help="runs at the same time (default 2)")
    args = parser.parse_args(argv)
    server = None if os.environ.get("PREFECT_API_URL") else _local_server()
    api = {} if server is None else {PREFECT_API_URL: LOCAL_API}
    try:
        with temporary_settings(updates=api):
            serve(*deployments(args.names), limit=args.limit)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
