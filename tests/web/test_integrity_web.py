"""Issue 16 through the API and the HTML screens, on both backends.

The same holes as tests/integration/test_integrity.py, reached as a signed-in user would.
"""

from __future__ import annotations

import re

import pytest

from awards.bootstrap import App
from tests.integration.council_fixtures import HELD, SECRETARY
from tests.integration.council_fixtures import NOW as COUNCIL_NOW
from tests.web.council_web_fixtures import UNIT, council_with_accounts, eligible_dossiers
from tests.web.web_fixtures import api_move, build_world, client_for, login

SCREEN = "Phiên họp Hội đồng"


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF field in the page"
    return found.group(1)


def on_agenda_of_an_open_session(app: App) -> list[str]:
    """Two dossiers on the agenda of an open session; one of four members present, no votes."""
    from awards.services.council import open_session, record_attendance

    build_world(app)
    members = council_with_accounts(app)
    codes = eligible_dossiers(app)
    code = open_session(
        app.uow, unit_code=UNIT, round_code="TK-2025", held_on=HELD, actor=SECRETARY,
        now=COUNCIL_NOW,
    ).code
    record_attendance(app.uow, code, members[0], "present", SECRETARY, COUNCIL_NOW)
    return codes


@pytest.mark.postgres
def test_the_chair_cannot_approve_then_decide_through_the_api(tdkt: App) -> None:
    codes = on_agenda_of_an_open_session(tdkt)
    client = client_for(tdkt)
    h = login(client, "thang")
    r = api_move(client, h, codes[0], "approve")
    assert r.status_code == 409, r.text
    assert SCREEN in r.json()["message"]
    r = api_move(client, h, codes[0], "decide", decision_no="99/QĐ-LĐLĐ")
    assert r.status_code == 409, r.text
    page = client.get(f"/api/dossiers/{codes[0]}").json()
    assert page["state"] == "on_agenda"
    assert "approve" not in page["allowed"] and "reject" not in page["allowed"]


@pytest.mark.postgres
def test_the_chair_cannot_approve_or_reject_from_the_dossier_page(tdkt: App) -> None:
    codes = on_agenda_of_an_open_session(tdkt)
    client = client_for(tdkt)
    login(client, "thang")
    page = client.get(f"/dossiers/{codes[1]}").text
    assert 'value="approve"' not in page  # no button for what only the council decides
    for trigger in ("approve", "reject"):
        r = client.post(
            f"/dossiers/{codes[1]}/moves",
            data={
                "csrf_token": csrf_of(page),
                "trigger": trigger,
                "expected_version": re.search(r'name="expected_version" value="(\d+)"', page)
                .group(1),  # type: ignore[union-attr]
                "reason": "chủ tịch tự quyết",
            },
        )
        assert r.status_code == 409 and SCREEN in r.text
    assert client.get(f"/api/dossiers/{codes[1]}").json()["state"] == "on_agenda"
