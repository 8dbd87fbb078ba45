"""One Prefect test harness (a temporary server on SQLite) for the whole session.

Starting it costs ~16 s, so it is session-scoped; every session gets its own PREFECT_HOME
and no analytics, so nothing is written to ~/.prefect and nothing calls out.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

import pytest

os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="tdkt-prefect-"))
os.environ["DO_NOT_TRACK"] = "1"
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def tdkt_env(tdkt: object, monkeypatch: pytest.MonkeyPatch) -> object:
    """Point the flows (which read TDKT_* from the environment) at the test's database."""
    settings = tdkt.settings  # type: ignore[attr-defined]
    monkeypatch.setenv("TDKT_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("TDKT_DATABASE_URL", settings.effective_database_url)
    return tdkt
