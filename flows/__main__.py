"""`python -m flows [flow-name …] [--limit N]`: serve the scheduled flows (flows/schedules.py).

Schedules need a Prefect server: set PREFECT_API_URL (see the README), or this starts one on
127.0.0.1 with its database under PREFECT_HOME (the Makefile puts it in data/prefect).
`python -m flows deploy --pool NAME [flow-name …]` registers them on a process work pool
instead, for `prefect worker start --pool NAME` (docs/scale-out.md; needs PREFECT_API_URL).
"""

from __future__ import annotations

import argparse
import os
import signal
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


def _stop_on_sigint() -> None:
    """Let SIGINT stop the process even when it was started with SIGINT ignored.

    A shell script's `cmd &` (and some supervisors) start children with SIGINT ignored; Python
    then installs no KeyboardInterrupt handler and `kill -INT` did nothing, while SIGTERM
    worked. serve() shuts down cleanly on KeyboardInterrupt, so restore Python's handler.
    """
    signal.signal(signal.SIGINT, signal.default_int_handler)


def _deploy(argv: list[str]) -> None:
    from flows.deploy import deploy_to_pool

    parser = argparse.ArgumentParser(
        prog="python -m flows deploy",
        description="Register the scheduled flows as deployments on a process work pool.",
    )
    parser.add_argument("names", nargs="*", help="deploy only these flows (default: all)")
    parser.add_argument("--pool", required=True, help="work pool (created as 'process' if absent)")
    args = parser.parse_args(argv)
    deploy_to_pool(args.pool, args.names)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    _stop_on_sigint()
    if argv[:1] == ["deploy"]:
        _deploy(argv[1:])
        return
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
