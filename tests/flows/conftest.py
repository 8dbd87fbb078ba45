"""Flow tests: the session's Prefect harness is `prefect_harness` in tests/conftest.py."""

from __future__ import annotations

import pytest


@pytest.fixture
def tdkt_env(tdkt: object, monkeypatch: pytest.MonkeyPatch) -> object:
    """Point the flows (which read TDKT_* from the environment) at the test's database."""
    settings = tdkt.settings  # type: ignore[attr-defined]
    monkeypatch.setenv("TDKT_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("TDKT_DATABASE_URL", settings.effective_database_url)
    return tdkt
