"""What several commands share: dates as people type them, and errors as messages."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import ParamSpec, TypeVar

import typer

from awards.errors import AwardsError
from awards.services.nomination.imports import parse_day as read_day

P = ParamSpec("P")
R = TypeVar("R")
DAY_HELP = "YYYY-MM-DD hoặc dd/mm/yyyy"


def parse_day(text: str, what: str = "ngày") -> date:
    """2025-11-20 or 20/11/2025 (a BadParameter saying both forms otherwise)."""
    try:
        return read_day(text)
    except ValueError:
        raise typer.BadParameter(
            f"{what} '{text}' không đọc được; viết dạng dd/mm/yyyy (20/11/2025) "
            "hoặc YYYY-MM-DD (2025-11-20)."
        ) from None


def day_or(text: str | None, default: date, what: str = "ngày") -> date:
    return parse_day(text, what) if text else default


def as_message(command: Callable[P, R]) -> Callable[P, R]:
    """An AwardsError ends the command with its Vietnamese message and exit code 1 (no
    traceback), inside the test runner as well as from `tdkt`."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except AwardsError as err:
            typer.secho(f"Lỗi: {err}", fg=typer.colors.RED, err=True)
            raise typer.Exit(1) from None

    return run
