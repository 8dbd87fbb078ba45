"""Composition root: turns Settings into an engine and a unit-of-work factory."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from awards.db import current_tables, make_engine, upgrade
from awards.errors import ConfigError
from awards.repository import UnitOfWorkFactory, session_factory
from awards.settings import Settings, get_settings


@dataclass
class App:
    settings: Settings
    engine: Engine
    uow: UnitOfWorkFactory

    def close(self) -> None:
        self.engine.dispose()


def build(settings: Settings | None = None, *, migrate: bool = False) -> App:
    """Wire the application; with migrate=True the schema is brought to the latest revision."""
    settings = settings or get_settings()
    if settings.database_url == "" or settings.database_url.startswith("sqlite"):
        settings.ensure_data_dir()
    url = settings.effective_database_url
    if migrate:
        upgrade(url)
    engine = make_engine(url)
    if not migrate and "alembic_version" not in current_tables(engine):
        engine.dispose()
        raise ConfigError(
            f"CSDL {url} chưa được khởi tạo; chạy `tdkt db upgrade` (hoặc `make demo` để thử)."
        )
    return App(settings=settings, engine=engine, uow=session_factory(engine))
