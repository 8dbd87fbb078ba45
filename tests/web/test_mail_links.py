"""Every link in every e-mail template is a page of the web app, absolute with TDKT_BASE_URL,
and opens (200) for the template's recipient signed in; both backends."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from awards.bootstrap import App
from awards.links import PAGES, link
from awards.model import OutboxMessage
from awards.services.mail.stored import message_of
from awards.services.reporting.periodic import (
    build_period_report,
    issue_period_report,
    report_period,
)
from awards.settings import get_settings
from awards.web.app import create_app
from notifications.render import render
from notifications.samples import SAMPLES, sample
from states import Trigger
from tests.support.council import eligible, session
from tests.support.lifecycle import HOP, NOW, draft, drive
from tests.support.web import (
    SECRETARY_USER,
    build_world,
    client_for,
    council_with_accounts,
    login,
    make_user,
)

BASE = "https://tdkt.ldld.example.vn/cong"  # a base with a path: links keep it
URL = re.compile(r"https?://[^\s<>\"']+")
OFFICER = "can-bo"
MEMBER = "dung"
# Template → the page its link opens and who receives it.
RECIPIENTS = {
    "dossier_returned": ("dossier", OFFICER),
    "dossier_received": ("dossier", OFFICER),
    "dossier_approved": ("dossier", OFFICER),
    "dossier_decided": ("dossier", OFFICER),
    "dossier_escalated": ("dossier", OFFICER),
    "dossier_not_awarded": ("dossier", OFFICER),
    "overdue_notice": ("dossier", SECRETARY_USER),
    "reminder_digest": ("home", SECRETARY_USER),
    "overdue_digest": ("home", SECRETARY_USER),
    "round_extended": ("home", OFFICER),
    "session_invitation": ("council_session", MEMBER),
    "report_ready": ("issued_page", SECRETARY_USER),
}


@pytest.fixture
def base_url(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("TDKT_BASE_URL", BASE)
    get_settings.cache_clear()
    yield BASE
    get_settings.cache_clear()


@pytest.fixture
def world(tdkt: App, base_url: str, tmp_path: Path) -> dict[str, dict[str, object]]:
    """A dossier, a council session and an issued report, and the params of each page."""
    build_world(tdkt)
    council_with_accounts(tdkt)
    make_user(tdkt, OFFICER, "unit_officer", "CS1")
    code = draft(tdkt, "GK_CDCT")
    drive(tdkt, code, [Trigger.submit, *HOP, Trigger.decide])
    eligible(tdkt, people=("DV2",))
    sess = session(tdkt)
    period = report_period("tong_ket", 2025, None, "05-31", "11-30")
    report = build_period_report(
        tdkt.uow, level_code="THAN-UYEN", kind="tong_ket", year=2025, period=period
    )
    issued = issue_period_report(
        tdkt.uow,
        report,
        level_code="THAN-UYEN",
        folder=tmp_path,
        issued_on=date(2025, 12, 22),
        recipients=["vanphong@ldld.example"],
        now=NOW,
    )
    return {
        "home": {},
        "dossier": {"code": code},
        "council_session": {"code": sess},
        "issued_page": {"report_id": issued.report_id},
    }


def test_every_link_name_is_a_route_of_the_web_app(tdkt: App) -> None:
    api = create_app(tdkt)
    samples = {"code": "HS-2025-000001", "report_id": 7}
    for name, path in PAGES.items():
        params = {k: v for k, v in samples.items() if "{" + k + "}" in path}
        assert api.url_path_for(name, **params) == path.format(**params), name


def test_every_template_is_covered() -> None:
    assert set(RECIPIENTS) == set(SAMPLES)


def test_every_link_of_every_template_opens_for_its_recipient(
    tdkt: App, world: dict[str, dict[str, object]]
) -> None:
    client = client_for(tdkt)
    signed_in = ""
    for template, (page, user) in sorted(RECIPIENTS.items(), key=lambda kv: kv[1][1]):
        msg = render(template, {**sample(template), "link": link(page, **world[page])})
        urls = URL.findall(msg.text) + URL.findall(msg.html)
        assert urls, template
        if user != signed_in:
            client.cookies.clear()
            login(client, user)
            signed_in = user
        for url in urls:
            assert url.startswith(BASE + "/"), (template, url)
            path = url.removeprefix(BASE)
            assert client.get(path).status_code == 200, (template, user, path)


def test_the_mails_written_by_the_world_carry_absolute_links(
    tdkt: App, world: dict[str, dict[str, object]]
) -> None:
    with tdkt.uow(write=False) as uow:
        # notices are stored as data: read as delivery will render them
        bodies = [message_of(m).text for m in uow.session.exec(select(OutboxMessage))]
    urls = [u for body in bodies for u in URL.findall(body)]
    assert urls and all(u.startswith(BASE + "/") for u in urls), urls
