"""How a flow reaches tdkt: settings from the environment (TDKT_*), one App per task run."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from awards.bootstrap import App, build
from awards.settings import load_settings


@contextmanager
def tdkt_app() -> Iterator[App]:
    """The application wired from the environment; closed when the task ends."""
    app = build(load_settings())
    try:
        yield app
    finally:
        app.close()
