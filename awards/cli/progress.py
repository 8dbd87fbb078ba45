"""A rich progress bar for the long commands, on a terminal only.

`with bar("Thẩm định") as progress: service(..., progress=progress)`: the service reports
(done, total) and the bar follows on stderr. When stderr is not a terminal (piped, redirected,
a test runner) nothing is drawn at all, so the command's output stays plain text.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from awards.services import Progress, no_progress


def on_terminal(stream: TextIO | None = None) -> bool:
    stream = stream or sys.stderr
    return bool(getattr(stream, "isatty", lambda: False)())


@contextmanager
def bar(label: str, *, stream: TextIO | None = None) -> Iterator[Progress]:
    """A Progress callback that draws `label` with a bar (or nothing off a terminal)."""
    stream = stream or sys.stderr
    if not on_terminal(stream):
        yield no_progress
        return
    # rich is imported here: a piped run and `tdkt --help` never load it.
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.progress import Progress as RichProgress

    console = Console(file=stream, force_terminal=True)
    with RichProgress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as rich_bar:
        task = rich_bar.add_task(label, total=None)

        def progress(done: int, total: int | None) -> None:
            rich_bar.update(task, completed=done, total=total)

        yield progress


@contextmanager
def steps(label: str, count: int, *, stream: TextIO | None = None) -> Iterator[Progress]:
    """A bar over `count` steps of one command (the demo: load, round, reminders, mail…)."""
    with bar(label, stream=stream) as progress:
        progress(0, count)
        yield progress
