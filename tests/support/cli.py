"""The `tdkt` command line through Typer's CliRunner, and rule packs copied to edit.

The fixture `db` (the CLI pointed at the test's database) is in tests/e2e/conftest.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner, Result

from awards.cli import app as cli
from rules import DEFAULT_PACK

runner = CliRunner()


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
