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
    desk = client.get("/rounds/TK-2025/appraisal?unit=THAN-UYEN").text
    assert "xác nhận thủ công" in desk and REASON in desk and code in desk


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


# --- 3. unlinking a council account: the API, the roll, the session page --------------------


@pytest.mark.postgres
def test_the_secretariat_unlinks_an_account_through_the_api_and_the_page(tdkt: App) -> None:
    from tests.support.council_web import BASE, as_user, open_and_roll

    session, _, members = open_and_roll(tdkt)
    url = f"/api/council/members/{members[1]}/account"
    admin, ah = as_user(tdkt, make_user(tdkt, "quan", "admin", "THAN-UYEN"))
    assert admin.delete(url, headers=ah).status_code == 403
    sec, h = as_user(tdkt, "minh")
    page = sec.get(f"/council/sessions/{session}").text
    roll = page.split('id="h-roll"', 1)[1]
    assert "thang" in roll and "dung" in roll  # the linked accounts are on the roll
    r = sec.delete(url, headers=h)
    assert r.status_code == 204, r.text
    accounts = [m["account"] for m in sec.get(f"{BASE}/{session}").json()["roll"]]
    assert accounts == ["thang", None, "chu", "hung"]
    assert sec.delete(url, headers=h).status_code == 422  # nothing linked any more
    # the page's forms: link again, then unlink
    form = {"csrf_token": csrf_of(page), "username": "dung"}
    r = sec.post(f"/council/sessions/{session}/members/{members[1]}/account", data=form)
    assert r.status_code in (200, 303), r.text
    assert sec.get(f"{BASE}/{session}").json()["roll"][1]["account"] == "dung"
    r = sec.post(
        f"/council/sessions/{session}/members/{members[1]}/account/unlink",
        data={"csrf_token": csrf_of(page)},
    )
    assert r.status_code in (200, 303), r.text
    roll = sec.get(f"/council/sessions/{session}").text.split('id="h-roll"', 1)[1]
    assert "chưa gắn" in roll


# --- 4. no chair or secretariat of the administrator's own level: API and page --------------


@pytest.mark.postgres
def test_an_admin_cannot_create_a_chair_of_its_own_level_through_api_or_page(
    tdkt: App,
) -> None:
    from tests.support.web import PASSWORD

    build_world(tdkt)
    client = client_for(tdkt)
    h = login(client, make_user(tdkt, "quan", "admin", "THAN-UYEN"))
    body = {"full_name": "Tài khoản mới", "password": PASSWORD}
    r = client.post(
        "/api/users",
        json={**body, "username": "chu1", "role": "chair", "unit": "THAN-UYEN"},
        headers=h,
    )
    assert r.status_code == 403 and "cấp dưới" in r.json()["message"], r.text
    r = client.post(
        "/api/users", json={**body, "username": "chu2", "role": "chair", "unit": "CS1"}, headers=h
    )
    assert r.status_code == 201, r.text
    page = client.get("/admin/users").text
    form = {"csrf_token": csrf_of(page), "username": "thu1", **body}
    r = client.post("/admin/users", data={**form, "role": "secretariat", "unit": "THAN-UYEN"})
    assert r.status_code == 403 and "cấp dưới" in r.text
    make_user(tdkt, "hoa", "unit_officer", "CS1")
    r = client.post(
        "/admin/users/hoa/roles",
        data={
            "csrf_token": csrf_of(page),
            "role": "chair",
            "role_unit": "THAN-UYEN",
            "action": "grant",
            "unit": "THAN-UYEN",
        },
    )
    assert r.status_code == 403 and "cấp dưới" in r.text


# --- 6. a rule author's simulation lists the flips of the dossiers in its reach only --------


def two_districts_in_one_round(app: App) -> tuple[str, str]:
    """A round Than Uyên organises, with a dossier of CS1 (Than Uyên) and one of CS2 (Tân
    Uyên): both unrated, so the lenient draft flips both."""
    from sqlmodel import col, select

    from awards.model import Person, Unit
    from awards.services.lifecycle.move import move
    from awards.services.nomination.nominate import Nomination, nominate
    from awards.services.rounds.catalogue import open_round
    from states import Trigger
    from tests.support.lifecycle import NOW, req, year_end_round

    build_world(app)
    open_round(app.uow, year_end_round(code="TU-2025", organiser_code="THAN-UYEN"))
    with app.uow() as uow:
        cs2 = uow.session.exec(select(Unit.id).where(col(Unit.code) == "CS2")).one()
        uow.session.add(
            Person(
                code="DV9", full_name="Lường Văn Khác", gender="nam", birth_year=1979, unit_id=cs2
            )
        )
        uow.commit()
    codes = []
    for unit, person in (("CS1", "DV1"), ("CS2", "DV9")):
        n = Nomination("TU-2025", "GK_CDCT", unit, person_code=person, achievement_summary="Tốt")
        code = nominate(app.uow, n, now=NOW)
        move(app.uow, code, req(Trigger.submit))
        codes.append(code)
    return codes[0], codes[1]


@pytest.mark.postgres
def test_a_district_author_sees_only_the_flips_of_its_district(tdkt: App) -> None:
    from awards.services.accounts.access import principal_by_name
    from awards.services.appraisal.rule_drafts import simulate_draft_as
    from tests.support.lifecycle import NOW
    from tests.support.screens import lenient_draft

    mine, theirs = two_districts_in_one_round(tdkt)
    make_user(tdkt, "tuan", "rule_author", "THAN-UYEN")
    make_user(tdkt, "tinh", "rule_author", "LDLD-LC")
    tuan = principal_by_name(tdkt.uow, "tuan", NOW.date())
    result = simulate_draft_as(
        tdkt.uow,
        tuan,
        "TU-2025",
        "gk-cdct",
        lenient_draft(),
        pack=tdkt.policies_path,
        current=tdkt.policies,
    )
    assert [f.dossier_code for f in result.report.flips] == [mine]
    assert result.report.evaluated == 1  # no count of the other district's dossiers either
    client = client_for(tdkt)
    h = login(client, "tuan")
    body = {"round_code": "TU-2025", "family": "gk-cdct", "draft": lenient_draft()}
    r = client.post("/api/rules/simulate", headers=h, json=body)
    assert r.status_code == 200, r.text
    assert [f["dossier_code"] for f in r.json()["flips"]] == [mine]
    form = client.get("/rules/simulate?family=gk-cdct").text
    page = client.post("/rules/simulate", data={"csrf_token": csrf_of(form), **body})
    assert page.status_code == 200 and mine in page.text and theirs not in page.text
    province = client_for(tdkt)
    ph = login(province, "tinh")
    r = province.post("/api/rules/simulate", headers=ph, json=body)
    assert sorted(f["dossier_code"] for f in r.json()["flips"]) == sorted([mine, theirs])
