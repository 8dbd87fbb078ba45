"""The `tdkt` command in-process against a test's database, for the CLI tests of issue 18."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from awards.bootstrap import App
from awards.cli import app as cli
from awards.settings import get_settings

Run = Callable[..., str]


def cli_runner(app: App, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Run]:
    """`run(*args, code=0)`: the output, after checking the exit code and that no exception
    but a clean exit escaped (errors are messages, never tracebacks)."""
    monkeypatch.setenv("TDKT_DATABASE_URL", app.settings.effective_database_url)
    monkeypatch.setenv("TDKT_DATA_DIR", str(data_dir))
    get_settings.cache_clear()
    runner = CliRunner()

    def invoke(*args: str, code: int = 0) -> str:
        result = runner.invoke(cli, list(args))
        assert result.exit_code == code, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        return result.output

    yield invoke
    get_settings.cache_clear()
