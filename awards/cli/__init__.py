"""The `tdkt` command (Typer). Thin: parse, call a service, print; errors become messages.

Each command's module is imported when the command runs (awards.cli.lazy), so `tdkt --help`
and shell completion start fast; Typer's own words are in Vietnamese (awards.cli.localize).
"""

from __future__ import annotations

import sys

import typer

from awards.cli import localize
from awards.cli.lazy import LazyGroup
from awards.errors import AwardsError

localize.install()

app = typer.Typer(
    cls=LazyGroup,
    help="tdkt: quy trình hồ sơ khen thưởng của tổ chức Công đoàn.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    # A callback makes the root a group; its commands come from awards.cli.lazy.COMMANDS.
    pass


def main() -> None:
    try:
        app()
    except AwardsError as err:
        typer.secho(f"Lỗi: {err}", fg=typer.colors.RED, err=True)
        sys.exit(1)
