"""The scheduled report flows under Prefect's test harness: report stored, mail with the DOCX."""

from __future__ import annotations

import email
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import col, select

from awards.bootstrap import App
from awards.model import IssuedReport, OutboxMessage
from awards.settings import get_settings
from tests.support.lifecycle import build_org

pytestmark = [pytest.mark.prefect, pytest.mark.xdist_group("prefect")]  # one harness


@pytest.fixture(scope="session")
def harness(prefect_harness: None) -> None:
    """The session's one Prefect test server (tests/conftest.py)."""


@pytest.fixture
def configured(tdkt: App, monkeypatch: pytest.MonkeyPatch) -> Iterator[App]:
    build_org(tdkt)
    monkeypatch.setenv("TDKT_DATA_DIR", str(tdkt.settings.data_dir))
    monkeypatch.setenv("TDKT_DATABASE_URL", tdkt.settings.effective_database_url)
    monkeypatch.setenv("TDKT_REPORT_RECIPIENTS", "vanphong@ldld.example,ubnd@laichau.example")
    get_settings.cache_clear()
    yield tdkt
    get_settings.cache_clear()


def test_so_ket_flow_stores_and_mails_the_report(harness: None, configured: App) -> None:
    from flows.so_ket import so_ket

    result = so_ket(year=2025, half=1, issued_on=date(2025, 6, 5))
    assert result["document_no"] == "01/BC-LĐLĐ" and result["mail"] == {"sent": 2}
    assert all(Path(f).exists() for f in result["files"])
    mails = sorted((configured.settings.data_dir / "mail").glob("*.eml"))
    assert len(mails) == 2
    message = email.message_from_bytes(mails[0].read_bytes())
    names = [part.get_filename() for part in message.walk() if part.get_filename()]
    assert names == ["bao-cao-so-ket-LDLD-LC-2025-1.docx"]
    again = so_ket(year=2025, half=1, issued_on=date(2025, 6, 5))  # a manual re-run
    assert again["document_no"] == "01/BC-LĐLĐ" and again["mail"] == {}
    with configured.uow() as uow:
        assert len(uow.session.exec(select(IssuedReport)).all()) == 1
        statuses = uow.session.exec(select(col(OutboxMessage.status))).all()
    assert statuses == ["sent", "sent"]


def test_tong_ket_flow(harness: None, configured: App) -> None:
    from flows.tong_ket import tong_ket

    result = tong_ket(year=2025, issued_on=date(2025, 12, 5))
    assert result["document_no"] == "01/BC-LĐLĐ" and result["files"][0].endswith(".docx")
    from flows.periodic import cron_for

    assert cron_for(configured.settings.tong_ket_run_on) == "0 7 5 12 *"
