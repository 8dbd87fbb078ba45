"""`tdkt mail deliver` sends a report's e-mail with the report attached, as its text says
(a real aiosmtpd server receives it), and a report whose file is gone stays pending."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import col, select

from awards.bootstrap import App
from awards.model import OutboxMessage
from awards.services.reporting.periodic import (
    Issued,
    build_period_report,
    issue_period_report,
    report_period,
)
from awards.settings import get_settings
from states import Trigger
from tests.support.cli import tdkt_cli
from tests.support.lifecycle import HOP, NOW, build_org, draft, drive
from tests.support.smtp import running_server

RECIPIENTS = ["vanphong@ldld.example", "ubnd@laichau.example"]


@pytest.fixture
def issued(tdkt: App, tmp_path: Path) -> Issued:
    build_org(tdkt)
    drive(tdkt, draft(tdkt, "GK_CDCT"), [Trigger.submit, *HOP, Trigger.decide])
    period = report_period("tong_ket", 2025, None, "05-31", "11-30")
    report = build_period_report(
        tdkt.uow, level_code="THAN-UYEN", kind="tong_ket", year=2025, period=period
    )
    return issue_period_report(
        tdkt.uow,
        report,
        level_code="THAN-UYEN",
        folder=tmp_path / "reports",
        issued_on=date(2025, 12, 22),
        recipients=RECIPIENTS,
        now=NOW,
    )


@pytest.fixture
def smtp_cli(tdkt: App, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    with running_server("tdkt@ldld.example") as (handler, config):
        monkeypatch.setenv("TDKT_DATABASE_URL", tdkt.settings.effective_database_url)
        monkeypatch.setenv("TDKT_DATA_DIR", str(tdkt.settings.data_dir))
        monkeypatch.setenv("TDKT_MAIL_MODE", "smtp")
        monkeypatch.setenv("TDKT_SMTP_HOST", config.host)
        monkeypatch.setenv("TDKT_SMTP_PORT", str(config.port))
        get_settings.cache_clear()
        yield handler
        get_settings.cache_clear()


def test_mail_deliver_attaches_the_report(issued: Issued, smtp_cli: object) -> None:
    result = tdkt_cli("mail", "deliver")
    assert result.exit_code == 0, result.output
    received = smtp_cli.received  # type: ignore[attr-defined]
    reports = [m for _, m, _ in received if "BC-LĐLĐ" in str(m["Subject"])]
    assert sorted(to for rcpt, m, _ in received if m in reports for to in rcpt) == sorted(
        RECIPIENTS
    )
    docx = issued.files[0]
    for message in reports:
        (attachment,) = list(message.iter_attachments())
        assert attachment.get_filename() == docx.name
        assert attachment.get_content() == docx.read_bytes()
        assert "đính kèm" in message.get_body(("plain",)).get_content()


def test_a_report_whose_file_is_gone_is_not_sent_without_it(
    tdkt: App, issued: Issued, smtp_cli: object
) -> None:
    issued.files[0].unlink()
    assert tdkt_cli("mail", "deliver").exit_code == 0
    received = smtp_cli.received  # type: ignore[attr-defined]
    assert not [m for _, m, _ in received if "BC-LĐLĐ" in str(m["Subject"])]
    with tdkt.uow(write=False) as uow:
        left = uow.session.exec(
            select(OutboxMessage.status).where(col(OutboxMessage.kind) == "report_ready")
        ).all()
    assert left == ["pending", "pending"]
