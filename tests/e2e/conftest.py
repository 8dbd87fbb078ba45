"""Fixtures of the end-to-end tests: the served app and a Chromium page, the CLI on a database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from awards.bootstrap import App
from awards.settings import get_settings
from tests.support.browser import chromium_page, serving
from tests.support.lifecycle import build_org
from tests.support.web import build_world


@pytest.fixture
def server(sqlite_tdkt: App) -> Iterator[str]:
    """The web world of tests.support.web served on a free port; its base URL."""
    build_world(sqlite_tdkt)
    with serving(sqlite_tdkt) as base:
        yield base


@pytest.fixture
def browser_page() -> Iterator[Page]:
    with chromium_page() as page:
        yield page


@pytest.fixture
def db(tdkt: App, monkeypatch: pytest.MonkeyPatch) -> Iterator[App]:
    """The CLI pointed at the test's database, with the organisation of tests.support.lifecycle."""
    monkeypatch.setenv("TDKT_DATABASE_URL", tdkt.settings.effective_database_url)
    monkeypatch.setenv("TDKT_DATA_DIR", str(tdkt.settings.data_dir))
    get_settings.cache_clear()
    build_org(tdkt)
    yield tdkt
    get_settings.cache_clear()
