"""Engines and migrations: the only module that creates engines."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect

# Alembic is imported when migrations run, not by every `tdkt` command.
if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # WAL + synchronous=NORMAL: ~0.1 ms per commit instead of ~1.75 ms (stack-notes).
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _sqlite_no_autobegin(dbapi_conn: Any, _record: Any) -> None:
    # pysqlite's own transaction handling is turned off: SQLAlchemy's "begin" event emits it.
    dbapi_conn.isolation_level = None


def _sqlite_begin(conn: Any) -> None:
    # Writers take the lock up front (BEGIN IMMEDIATE) and queue on busy_timeout; a deferred
    # read transaction that later writes would fail at once with SQLITE_BUSY under WAL.
    write = conn.get_execution_options().get("tdkt_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine with the project's settings for its backend."""
    if url.startswith("sqlite"):
        if ":///" in url and not url.endswith(":memory:"):
            Path(url.split(":///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "connect", _sqlite_no_autobegin)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    # No pre-ping (one round trip per checkout): a dead connection is found by the statement
    # that uses it, SQLAlchemy then invalidates the whole pool (every connection older than the
    # failure reconnects at its next checkout), and the unit of work is run once more when
    # nothing was committed (awards.repository.uow.once_more_on_disconnect).
    return create_engine(url, pool_size=10, max_overflow=20, **kwargs)


def writer(engine: Engine) -> Engine:
    """The same pool, marked so that SQLite transactions begin IMMEDIATE."""
    return engine.execution_options(tdkt_write=True)


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the schema to `revision` (Alembic), creating the database file if needed."""
    from alembic import command

    command.upgrade(alembic_config(url), revision)


def current_tables(engine: Engine) -> list[str]:
    return sorted(inspect(engine).get_table_names())
