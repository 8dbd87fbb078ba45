"""The `tdkt` command line through Typer's CliRunner, and rule packs copied to edit.

`tdkt_cli` runs a command as it is; `cli_runner` points it at a test's database first and checks
the exit code. The fixture `db` (the CLI on the test's database) is in tests/e2e/conftest.py.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from awards.bootstrap import App
from awards.cli import app as cli
from awards.settings import get_settings
from rules import DEFAULT_PACK

runner = CliRunner()
Run = Callable[..., str]


def tdkt_cli(*args: str) -> Result:
    return runner.invoke(cli, list(args))


def copy_pack(tmp_path: Path, family: str, old: str, new: str, version: str | None) -> Path:
    """The default rule pack copied under tmp_path, with `old` replaced by `new` in one family."""
    root = tmp_path / "draft"
    shutil.copytree(DEFAULT_PACK, root)
    policy = root / family / "policy.yaml"
    text = policy.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new)
    if version:
        text = text.replace("version: 1.0.0", f"version: {version}")
    policy.write_text(text, encoding="utf-8")
    return root


def unwrapped_panels(output: str) -> str:
    """A usage error's panel (╭─ Lỗi ─╮) wraps its message at 80 columns: its text joined back
    into one line, so a test can look for a whole sentence."""
    inside = [
        line.strip().strip("│").strip()
        for line in output.splitlines()
        if line.strip().startswith("│") and line.strip().endswith("│")
    ]
    return "\n" + " ".join(inside) if inside else ""


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
        return result.output + unwrapped_panels(result.output)

    yield invoke
    get_settings.cache_clear()
