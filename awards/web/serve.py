"""The app uvicorn starts for `tdkt serve` (imported by name, so the CLI never imports fastapi)."""

from __future__ import annotations

from fastapi import FastAPI

from awards.bootstrap import build
from awards.web.app import create_app


def default_app() -> FastAPI:
    """The web app over the configured database (embedded SQLite by default), migrated."""
    return create_app(build(migrate=True))
