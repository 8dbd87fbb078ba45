"""`tdkt serve`: the web application on 127.0.0.1 over the embedded default database, and the
scheduled flows beside it in their own process when flows/ provides `python -m flows`.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated

import typer

from awards.bootstrap import build
from awards.settings import get_settings

app = typer.Typer(help="Chạy ứng dụng web.", invoke_without_command=True)


def offline_prefect_env(data_dir: Path, env: Mapping[str, str]) -> dict[str, str]:
    """The environment for Prefect: its state in tdkt's data folder, never ~/.prefect, and no
    telemetry (the machine may be offline; Prefect otherwise logs "Failed to send telemetry").

    Values the operator set stay as they are.
    """
    merged = dict(env)
    merged.setdefault("PREFECT_HOME", str((data_dir / "prefect").resolve()))
    merged.setdefault("DO_NOT_TRACK", "1")
    merged.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    return merged


def start_flows() -> subprocess.Popen[bytes] | None:
    """`python -m flows` in a child process when the package has an entry point, else None.

    A separate process: Prefect's serve loop and the web server each keep their own event loop,
    and a crash of one does not take the other down.
    """
    if importlib.util.find_spec("flows.__main__") is None:
        return None
    env = offline_prefect_env(get_settings().data_dir, os.environ)
    return subprocess.Popen([sys.executable, "-m", "flows"], env=env)


@app.callback()
def serve(
    host: Annotated[str, typer.Option(help="Địa chỉ nghe (mặc định chỉ máy này)")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Cổng")] = 8000,
    flows: Annotated[bool, typer.Option(help="Chạy kèm các luồng theo lịch")] = True,
) -> None:
    """Chạy web và API (tài liệu API: /api/docs)."""
    import uvicorn

    build(migrate=True).close()  # fail here, with a clear message, on a bad configuration
    child = start_flows() if flows else None
    typer.echo(f"tdkt: http://{host}:{port}/ (API: /api/docs); Ctrl+C để dừng.")
    try:
        # By name: awards.cli must not import the web layer (import contracts).
        uvicorn.run("awards.web.serve:default_app", factory=True, host=host, port=port)
    finally:
        if child is not None:
            child.terminate()
            child.wait(timeout=30)
