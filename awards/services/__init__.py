"""Use cases: one function per use case, keyword arguments, plain values in and out.

Each opens one UnitOfWork (one transaction) unless it is a bulk call that reports per-item
outcomes, which then uses one transaction per item or per batch as documented on it.
"""

from collections.abc import Callable

# A long use case reports how far it is: progress(done, total), total None when not known ahead.
# The CLI draws a bar from it on a terminal (awards.cli.progress); everyone else passes nothing.
Progress = Callable[[int, int | None], None]


def no_progress(done: int, total: int | None) -> None:
    """The default: nobody is watching."""
