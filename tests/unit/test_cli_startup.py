"""`tdkt --help` starts without the heavy libraries, and Typer's own words are Vietnamese.

Not timed (the machine's load would make it flaky): the import of awards.cli is checked in a
fresh interpreter for the modules that made `tdkt --help` take ~1.8 s.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from awards.cli import app
from awards.cli.lazy import COMMANDS, load

HEAVY = ["fastapi", "prefect", "matplotlib", "alembic", "sqlalchemy", "openpyxl", "uvicorn"]
# English that Typer/click print by themselves; none may reach a Vietnamese user.
ENGLISH = [
    "Show this message",
    "Usage:",
    "Options",
    "Commands",
    "Arguments",
    "Invalid value",
    "[default:",
    "[required]",
    "Missing ",
    "No such",
    "Try '",
    "Install completion",
    "PASS",
    "FAIL",
]
runner = CliRunner()


def _loaded_after(code: str) -> dict[str, bool]:
    report = f"print(json.dumps({{m: m in sys.modules for m in {HEAVY!r}}}))"
    probe = f"import sys, json\n{code}\n{report}"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=os.environ
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_importing_the_cli_loads_no_heavy_library() -> None:
    loaded = _loaded_after("import awards.cli")
    assert not any(loaded.values()), f"imported at start: {[m for m, v in loaded.items() if v]}"


def test_the_root_help_loads_no_command_module() -> None:
    code = (
        "from typer.testing import CliRunner\nfrom awards.cli import app\n"
        "r = CliRunner().invoke(app, ['--help'])\nassert r.exit_code == 0, r.output"
    )
    loaded = _loaded_after(code)
    assert not any(loaded.values()), f"imported by --help: {[m for m, v in loaded.items() if v]}"


@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_lazy_table_says_what_the_command_says(name: str) -> None:
    command = load(name)
    first = (command.short_help or (command.help or "").strip().splitlines()[0]).strip()
    assert first == COMMANDS[name].short_help


def _paths(command: Any, path: list[str]) -> Iterator[list[str]]:
    yield path
    ctx = typer.Context(command, info_name=" ".join(path) or "tdkt")
    for name in getattr(command, "list_commands", lambda _ctx: [])(ctx):
        sub = command.get_command(ctx, name)
        if sub is not None and not sub.hidden:
            yield from _paths(sub, [*path, name])


def test_no_english_in_any_help_page() -> None:
    pages = list(_paths(typer.main.get_command(app), []))
    assert len(pages) > 100  # every group and command
    leaks = {}
    for path in pages:
        result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == 0, (path, result.output)
        found = [word for word in ENGLISH if word in result.output]
        if found:
            leaks[" ".join(path) or "tdkt"] = found
    assert not leaks, leaks


@pytest.mark.parametrize(
    ("args", "vietnamese"),
    [
        (["dossier", "show"], "Thiếu đối số 'code'."),
        (["dossier", "show", "--nope"], "Không có tùy chọn --nope."),
        (["dossier", "nope"], "Không có lệnh 'nope'."),
        (["round", "show", "2025", "extra", "more"], "Thừa đối số"),
    ],
)
def test_usage_errors_are_vietnamese(args: list[str], vietnamese: str) -> None:
    result = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert vietnamese in result.output and "Lỗi" in result.output
    assert not [word for word in ENGLISH if word in result.output], result.output
