"""Flow tests: the session's Prefect harness is `prefect_harness` in tests/conftest.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import select

from awards.bootstrap import App
from awards.model import OutboxMessage
from tests.integration.reminder_fixtures import build_reminder_round
from tests.smtp_server import RecordingHandler, running_server


@pytest.fixture
def tdkt_env(tdkt: object, monkeypatch: pytest.MonkeyPatch) -> object:
    """Point the flows (which read TDKT_* from the environment) at the test's database."""
    settings = tdkt.settings  # type: ignore[attr-defined]
    monkeypatch.setenv("TDKT_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("TDKT_DATABASE_URL", settings.effective_database_url)
    return tdkt


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[RecordingHandler, int]]:
    """A real aiosmtpd server, and TDKT_* in the environment (of flows and workers) to reach it."""
    with running_server("tdkt@ldld.laichau.vn") as (handler, config):
        monkeypatch.setenv("TDKT_MAIL_MODE", "smtp")
        monkeypatch.setenv("TDKT_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("TDKT_SMTP_PORT", str(config.port))
        monkeypatch.setenv("TDKT_SMTP_TIMEOUT", "5")
        yield handler, config.port


@pytest.fixture
def ready(tdkt_env: App) -> App:
    """The reminder round, its move notices already sent: a sweep's digests are all that's left."""
    build_reminder_round(tdkt_env)
    with tdkt_env.uow() as uow:
        for row in uow.session.exec(select(OutboxMessage)):
            row.status = "sent"
        uow.commit()
    return tdkt_env
