"""Issue 16, the rest, through the API and the pages (services and CLI:
tests/integration/test_integrity_rest.py)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from awards.bootstrap import App
from tests.integration.test_integrity_rest import REASON, awarded_in_another_round
from tests.support.appraisal import add_members, good_cstdcs, to_appraisal
from tests.support.web import api_move, build_world, client_for, csrf_of, login, make_user


def secretary(app: App) -> tuple[TestClient, dict[str, str]]:
    client = client_for(app)
    return client, login(client, make_user(app, "minh", "secretariat", "THAN-UYEN"))


# --- 2. a title already received that year, flagged on the desk and the dossier page -------


@pytest.mark.postgres
def test_the_appraisal_desk_and_the_dossier_page_show_a_title_already_received(
    tdkt: App,
) -> None:
    build_world(tdkt)
    add_members(tdkt, "CS1", [good_cstdcs("X-OTHER-ROUND"), good_cstdcs("X-CLEAN")])
    earlier = awarded_in_another_round(tdkt, "X-OTHER-ROUND")
    code, clean = to_appraisal(tdkt, "CSTDCS", ["X-OTHER-ROUND", "X-CLEAN"])
    client, h = secretary(tdkt)
    desk = client.get("/rounds/TK-2025/appraisal?unit=THAN-UYEN").text
    r = client.post(
        "/rounds/TK-2025/appraisal", data={"csrf_token": csrf_of(desk), "unit": "THAN-UYEN"}
    )
    assert r.status_code == 200, r.text
    row = r.text.split(f">{code}</a>", 1)[1].split("</tr>", 1)[0]
    assert earlier in row and "đã được khen" in row
    assert earlier not in r.text.split(f">{clean}</a>", 1)[1].split("</tr>", 1)[0]
    page = client.get(f"/dossiers/{code}").text
    assert earlier in page.split('id="h-elig"', 1)[1]
    assert earlier in client.get(f"/api/dossiers/{code}").json()["eligibility"]["flags"][0]


@pytest.mark.postgres
def test_the_appraisal_api_returns_the_flags(tdkt: App) -> None:
    build_world(tdkt)
    add_members(tdkt, "CS1", [good_cstdcs("X-OTHER-ROUND")])
    earlier = awarded_in_another_round(tdkt, "X-OTHER-ROUND")
    (code,) = to_appraisal(tdkt, "CSTDCS", ["X-OTHER-ROUND"])
    client, h = secretary(tdkt)
    r = client.post("/api/rounds/TK-2025/appraisal", json={"unit": "THAN-UYEN"}, headers=h)
    assert r.status_code == 200, r.text
    (result,) = r.json()["results"]
    assert result["code"] == code and earlier in result["flags"][0]


# --- 5. a manual mark_eligible without the required attachments needs a reason -------------


def missing_attachment(app: App, n: int = 1) -> list[str]:
    build_world(app)
    people = ["DV1", "DV2"][:n]
    return to_appraisal(app, "GK_CDCT", people, missing=dict.fromkeys(people, "to_trinh"))


@pytest.mark.postgres
def test_the_api_wants_a_reason_and_every_screen_says_manual(tdkt: App) -> None:
    (code,) = missing_attachment(tdkt)
    client, h = secretary(tdkt)
    r = api_move(client, h, code, "mark_eligible")
    assert r.status_code == 422, r.text
    assert "reason" in r.json()["fields"] and "Tờ trình" in r.json()["fields"]["reason"]
    r = api_move(client, h, code, "mark_eligible", reason=REASON)
    assert r.status_code == 200, r.text
    shown = client.get(f"/api/dossiers/{code}").json()["eligibility"]
    assert shown["manual"]["reason"] == REASON
    page = client.get(f"/dossiers/{code}").text.split('id="h-elig"', 1)[1]
    assert "Xác nhận thủ công" in page and REASON in page


@pytest.mark.postgres
def test_the_dossier_page_form_wants_the_reason(tdkt: App) -> None:
    code, other = missing_attachment(tdkt, 2)
    client, _ = secretary(tdkt)
    page = client.get(f"/dossiers/{code}").text
    version = client.get(f"/api/dossiers/{code}").json()["version"]
    form: dict[str, Any] = {
        "csrf_token": csrf_of(page),
        "trigger": "mark_eligible",
        "expected_version": str(version),
    }
    r = client.post(f"/dossiers/{code}/moves", data={**form, "reason": ""})
    assert r.status_code == 422 and "lý do" in r.text, r.text
    r = client.post(f"/dossiers/{code}/moves", data={**form, "reason": REASON})
    assert r.status_code in (200, 303), r.text
    assert client.get(f"/api/dossiers/{code}").json()["state"] == "eligible"
    # the list's bulk moves do not offer mark_eligible: nothing to go around there
    bulk = client.post(
        "/dossiers/bulk",
        data={"csrf_token": csrf_of(page), "trigger": "mark_eligible", "codes": [other]},
    )
    assert bulk.status_code == 422
    assert client.get(f"/api/dossiers/{other}").json()["state"] == "under_appraisal"


def test_the_council_agenda_line_says_manual() -> None:
    from awards.services.council.agenda import eligibility_summary

    line = eligibility_summary(
        {"eligible": True, "manual": {"reason": REASON, "missing": ["Tờ trình"]}}
    )
    assert "xác nhận thủ công" in line.lower() and REASON in line
