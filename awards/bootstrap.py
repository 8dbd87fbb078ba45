"""Composition root: turns Settings into an engine and a unit-of-work factory."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from awards.db import current_tables, make_engine, upgrade
from awards.errors import ConfigError
from awards.repository import UnitOfWorkFactory, session_factory
from awards.settings import Settings, get_settings
from rules import DEFAULT_PACK, PolicySet, PolicySetError, load_policy_set
from rules.version_lock import LOCK_NAME, check_version_lock, read_lock


@dataclass
class App:
    settings: Settings
    engine: Engine
    uow: UnitOfWorkFactory
    _policies: PolicySet | None = field(default=None, repr=False)

    @property
    def policies_path(self) -> Path:
        """The policy pack in force: TDKT_POLICIES_DIR, or the pack shipped with tdkt."""
        return self.settings.policies_dir or DEFAULT_PACK

    @property
    def policies(self) -> PolicySet:
        """The pack in force, loaded once; a broken pack or a version edited without a bump is
        a configuration error naming every problem, never a silently weaker set of rules."""
        if self._policies is None:
            self._policies = load_pack_in_force(self.policies_path)
        return self._policies

    def close(self) -> None:
        self.engine.dispose()


def load_pack_in_force(path: Path) -> PolicySet:
    try:
        pack = load_policy_set(path)
    except PolicySetError as err:
        raise ConfigError(
            f"Bộ chính sách {path} (TDKT_POLICIES_DIR) không dùng được: {err}\n"
            "Sửa theo từng dòng (`tdkt rules check`) rồi khởi động lại."
        ) from None
    problems = check_version_lock(pack, read_lock(path / LOCK_NAME))
    if problems:
        raise ConfigError(
            f"Bộ chính sách {path}: nội dung đổi mà không tăng version ({LOCK_NAME}): "
            + "; ".join(problems)
        )
    return pack


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
