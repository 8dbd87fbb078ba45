"""Shared fixtures: a migrated database per test on SQLite, and on PostgreSQL when configured.

PostgreSQL runs when TDKT_TEST_POSTGRES_URL is set (CI sets it). When CI=true and it is not set,
the postgres-parametrised tests fail loudly instead of skipping (see tests/support/databases.py).
Builders of test data are in tests/support/.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from awards.bootstrap import App, build
from awards.db import upgrade
from awards.settings import Settings
from tests.support.databases import BACKENDS, PG_URL, drop_pg_database, fresh_pg_database

# Prefect reads these when it is first imported (test modules import flows at collection):
# every session gets its own PREFECT_HOME, never ~/.prefect, and no analytics calls.
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="tdkt-prefect-"))
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"


def pytest_report_header() -> str:
    if PG_URL:
        return "tdkt backends: sqlite, postgres"
    return "tdkt backends: sqlite only (set TDKT_TEST_POSTGRES_URL to add PostgreSQL)"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file, copied for each test (migrating costs ~0.3 s)."""
    path = tmp_path_factory.mktemp("template") / "tdkt.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    if not PG_URL:
        pytest.fail("CI=true but TDKT_TEST_POSTGRES_URL is not set: PostgreSQL tests must run")
    return PG_URL


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def tdkt(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[App]:
    """A wired application on a freshly migrated database of the requested backend."""
    with _fresh_app(backend, tmp_path, request, "tdkt.db") as app:
        yield app


@pytest.fixture
def twin(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[App]:
    """A second application of the same backend as `tdkt`, on a database of its own."""
    with _fresh_app(backend, tmp_path, request, "twin.db") as app:
        yield app


@contextmanager
def _fresh_app(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest, filename: str
) -> Iterator[App]:
    if backend == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        shutil.copy(template, tmp_path / filename)
        app = build(Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path}/{filename}"))
        yield app
        app.close()
        return
    admin_url = request.getfixturevalue("postgres_admin_url")
    name, url = fresh_pg_database(admin_url)
    app = build(Settings(data_dir=tmp_path, database_url=url), migrate=True)
    yield app
    app.close()
    drop_pg_database(admin_url, name)


@pytest.fixture
def sqlite_tdkt(tmp_path: Path, sqlite_template: Path) -> Iterator[App]:
    """SQLite only, for tests about the embedded default."""
    shutil.copy(sqlite_template, tmp_path / "tdkt.db")
    app = build(Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path}/tdkt.db"))
    yield app
    app.close()


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """The session's one Prefect test server (temporary SQLite); starting it costs 16-50 s."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):  # a loaded 2-core machine
        yield
