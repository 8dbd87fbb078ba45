"""Issue 16 through the API and the HTML screens, on both backends.

The same holes as tests/integration/test_integrity.py, reached as a signed-in user would.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from awards.bootstrap import App
from states import Trigger
from tests.support.council import HELD, UNIT, eligible
from tests.support.council import NOW as COUNCIL_NOW
from tests.support.lifecycle import SECRETARY
from tests.support.web import api_move, build_world, client_for, council_with_accounts, login

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
    codes = eligible(app)
    code = open_session(
        app.uow,
        unit_code=UNIT,
        round_code="TK-2025",
        held_on=HELD,
        actor=SECRETARY,
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
    version = client.get(f"/api/dossiers/{codes[1]}").json()["version"]
    assert 'value="approve"' not in page  # no button for what only the council decides
    for trigger in ("approve", "reject"):
        r = client.post(
            f"/dossiers/{codes[1]}/moves",
            data={
                "csrf_token": csrf_of(page),
                "trigger": trigger,
                "expected_version": str(version),
                "reason": "chủ tịch tự quyết",
            },
        )
        assert r.status_code == 409 and SCREEN in r.text
    assert client.get(f"/api/dossiers/{codes[1]}").json()["state"] == "on_agenda"


BAD_NUMBER = "12/QĐ\r\nBcc: x@evil"


def voted(app: App) -> tuple[str, list[str]]:
    from tests.support.council_web import open_and_roll, vote

    session, codes, _ = open_and_roll(app)
    for user in ("dung", "chu", "hung"):
        assert vote(app, user, session, award_code="GK_CDCT").status_code == 200
    return session, codes


@pytest.mark.postgres
def test_a_line_break_in_the_decision_number_is_a_422_and_the_session_stays_open(
    tdkt: App,
) -> None:
    from tests.support.council_web import BASE, as_user

    session, codes = voted(tdkt)
    chair, h = as_user(tdkt, "thang")
    r = chair.post(f"{BASE}/{session}/close", json={"decision_no": BAD_NUMBER}, headers=h)
    assert r.status_code == 422, r.text
    assert "decision_no" in "".join(r.json()["fields"]) and "xuống dòng" in r.json()["message"]
    assert chair.get(f"{BASE}/{session}").json()["status"] == "open"
    r = chair.post(f"{BASE}/{session}/close", json={"decision_no": "3/QĐ"}, headers=h)
    assert r.status_code == 422 and "25/QĐ-LĐLĐ" in r.json()["message"]
    r = api_move(chair, h, codes[0], "hold", reason="tạm\x00dừng")
    assert r.status_code == 422 and "U+0000" in r.json()["message"]
    r = chair.post(f"{BASE}/{session}/close", json={"decision_no": "12/QĐ-LĐLĐ"}, headers=h)
    assert r.status_code == 200, r.text
    assert {chair.get(f"/api/dossiers/{c}").json()["state"] for c in codes} == {"awarded"}


@pytest.mark.postgres
def test_the_close_form_refuses_a_control_character_and_keeps_the_session_open(
    tdkt: App,
) -> None:
    from tests.support.council_web import BASE

    session, _ = voted(tdkt)
    client = client_for(tdkt)
    login(client, "thang")
    page = client.get(f"/council/sessions/{session}").text
    r = client.post(
        f"/council/sessions/{session}/close",
        data={"csrf_token": csrf_of(page), "decision_no": BAD_NUMBER},
    )
    assert r.status_code == 422 and "xuống dòng" in r.text
    assert client.get(f"{BASE}/{session}").json()["status"] == "open"


@pytest.mark.postgres
def test_the_web_resumes_a_close_that_was_interrupted(tdkt: App) -> None:
    from sqlmodel import col, select

    from awards.model import CouncilSession
    from tests.support.council_web import BASE, as_user

    session, codes = voted(tdkt)
    chair, h = as_user(tdkt, "thang")
    assert chair.post(f"{BASE}/{session}/groups/GK_CDCT/approve", headers=h).status_code == 200
    with tdkt.uow() as uow:  # what a close killed after its first commit leaves behind
        sess = uow.session.exec(
            select(CouncilSession).where(col(CouncilSession.code) == session)
        ).one()
        sess.status, sess.closing_by, sess.closing_at = "closing", "Lò Văn Thắng", COUNCIL_NOW
        uow.session.add(sess)
        uow.commit()
    r = chair.post(f"{BASE}/{session}/close", headers=h)
    assert r.status_code == 409 and "Tiếp tục kết thúc phiên" in r.json()["message"]
    assert "Tiếp tục kết thúc phiên" in chair.get(f"/council/sessions/{session}").text
    r = chair.post(f"{BASE}/{session}/close", json={"resume": True}, headers=h)
    assert r.status_code == 200, r.text
    assert {chair.get(f"/api/dossiers/{c}").json()["state"] for c in codes} == {"approved"}


def officer_of_cs1_and_a_stranger(app: App) -> tuple[TestClient, dict[str, str]]:
    """An officer of CS1 signed in, and DV9: a member of CS2 in another district."""
    from sqlmodel import col, select

    from awards.model import Person, Unit
    from tests.support.web import make_user

    build_world(app)
    with app.uow() as uow:
        cs2 = uow.session.exec(select(Unit.id).where(col(Unit.code) == "CS2")).one()
        uow.session.add(
            Person(
                code="DV9",
                full_name="Lường Văn Khác",
                gender="nam",
                birth_year=1979,
                unit_id=cs2,
                position="Giáo viên",
            )
        )
        uow.commit()
    client = client_for(app)
    return client, login(client, make_user(app, "hoa", "unit_officer", "CS1"))


def nomination(person: str, award: str = "GK_CDCT") -> dict[str, str]:
    return {
        "round_code": "TK-2025",
        "award_code": award,
        "nominating_unit_code": "CS1",
        "person_code": person,
        "achievement_summary": "Hoàn thành xuất sắc nhiệm vụ năm 2025",
    }


@pytest.mark.postgres
def test_a_unit_nominates_only_its_own_members_and_the_refusal_reveals_nothing(
    tdkt: App,
) -> None:
    client, h = officer_of_cs1_and_a_stranger(tdkt)
    stranger = client.post("/api/dossiers", json=nomination("DV9"), headers=h)
    assert stranger.status_code == 422, stranger.text
    unknown = client.post("/api/dossiers", json=nomination("DV404"), headers=h)
    assert unknown.status_code == 422
    assert stranger.json()["message"].replace("DV9", "X") == unknown.json()["message"].replace(
        "DV404", "X"
    )
    page = client.get("/nominate").text
    form = client.post("/nominate", data={"csrf_token": csrf_of(page), **nomination("DV9")})
    assert form.status_code == 422 and "DV9" in form.text
    assert client.get("/api/dossiers").json()["total"] == 0


@pytest.mark.postgres
def test_a_second_open_dossier_for_the_same_nominee_award_and_round_is_refused(
    tdkt: App,
) -> None:
    client, h = officer_of_cs1_and_a_stranger(tdkt)
    first = client.post("/api/dossiers", json=nomination("DV1"), headers=h)
    assert first.status_code == 201, first.text
    again = client.post("/api/dossiers", json=nomination("DV1"), headers=h)
    assert again.status_code == 422 and first.json()["code"] in again.json()["message"]
    other = client.post("/api/dossiers", json=nomination("DV1", "BK_LDLD"), headers=h)
    assert other.status_code == 201, other.text  # another award is another dossier


def import_rows(client: TestClient, h: dict[str, str], *rows: list[str]) -> Any:
    import io

    from tests.support.screens import nominations_xlsx

    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return client.post(
        "/api/imports/nominations",
        headers=h,
        data={"round_code": "TK-2025"},
        files={"file": ("ds.xlsx", io.BytesIO(nominations_xlsx(*rows)), xlsx)},
    )


@pytest.mark.postgres
def test_an_import_refuses_strangers_and_duplicates(tdkt: App) -> None:
    client, h = officer_of_cs1_and_a_stranger(tdkt)
    row = ["CS1", "GK_CDCT", "ca_nhan", "DV9", "", "", "", "", "Thành tích tốt trong năm 2025"]
    r = import_rows(client, h, row)
    assert r.status_code == 422, r.text
    mine = ["CS1", "GK_CDCT", "ca_nhan", "DV1", "", "", "", "", "Thành tích tốt trong năm 2025"]
    r = import_rows(client, h, mine, mine)
    assert r.status_code == 422
    assert any("dòng 3" in k for k in r.json()["fields"])
    assert client.get("/api/dossiers").json()["total"] == 0


def facts_of(app: App, code: str) -> tuple[str | None, bool, bool]:
    from sqlmodel import col, select

    from awards.model import Person

    with app.uow() as uow:
        p = uow.session.exec(select(Person).where(col(Person.code) == code)).one()
        return p.position, p.is_direct_worker, p.holds_leadership_post


@pytest.mark.postgres
def test_an_import_never_rewrites_person_facts_and_keeps_them_as_claims(tdkt: App) -> None:
    client, h = officer_of_cs1_and_a_stranger(tdkt)
    before = {c: facts_of(tdkt, c) for c in ("DV1", "DV9")}
    claims = ["Hiệu trưởng", "có", "có", "Thành tích tốt trong năm 2025"]
    foreign = ["CS1", "GK_CDCT", "ca_nhan", "DV9", "", *claims]
    import_rows(client, h, foreign)
    own = ["CS1", "GK_CDCT", "ca_nhan", "DV1", "", *claims]
    r = import_rows(client, h, own)
    assert r.status_code == 200 and r.json()["written"] == 1, r.text
    assert {c: facts_of(tdkt, c) for c in ("DV1", "DV9")} == before
    code = client.get("/api/dossiers").json()["items"][0]["code"]
    shown = client.get(f"/api/dossiers/{code}").json()
    assert shown["claims"] == {
        "position": "Hiệu trưởng",
        "is_direct_worker": True,
        "holds_leadership_post": True,
    }


def signing_in(app: App, peer: str, forwarded: str | None = None) -> Any:
    """A client at address `peer` (optionally claiming X-Forwarded-For) posting to /api/session."""
    from awards.web import create_app
    from tests.support.lifecycle import NOW

    client = TestClient(create_app(app, clock=lambda: NOW), client=(peer, 40000))
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}

    def attempt(username: str, password: str) -> Any:
        body = {"username": username, "password": password}
        return client.post("/api/session", json=body, headers=headers)

    return attempt


@pytest.mark.postgres
def test_five_failures_lock_the_account_whatever_address_they_come_from(tdkt: App) -> None:
    from tests.support.web import PASSWORD, make_user

    build_world(tdkt)
    make_user(tdkt, "hoa", "unit_officer", "CS1")
    for k in range(5):
        r = signing_in(tdkt, "203.0.113.9", forwarded=f"198.51.100.{k}")("hoa", "sai-mat-khau")
        assert r.status_code == 403
    for k in range(3):  # other peers too: the account is locked, not one address
        r = signing_in(tdkt, f"192.0.2.{k}")("hoa", PASSWORD)
        assert r.status_code == 403 and "tạm khóa" in r.json()["message"], r.text


@pytest.mark.postgres
def test_one_address_spraying_many_accounts_is_slowed(tdkt: App) -> None:
    from tests.support.web import PASSWORD, make_user

    build_world(tdkt)
    make_user(tdkt, "hoa", "unit_officer", "CS1")
    spray = signing_in(tdkt, "203.0.113.7")
    for k in range(20):  # one wrong guess per account: no account reaches its own limit
        assert spray(f"tai-khoan-{k}", "Matkhau2025").status_code == 403
    r = spray("hoa", PASSWORD)
    assert r.status_code == 403 and "địa chỉ" in r.json()["message"], r.text
    assert signing_in(tdkt, "192.0.2.50")("hoa", PASSWORD).status_code == 200


def test_forwarded_for_counts_only_from_a_trusted_proxy(
    sqlite_tdkt: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.support.web import PASSWORD, make_user

    build_world(sqlite_tdkt)
    make_user(sqlite_tdkt, "hoa", "unit_officer", "CS1")
    object.__setattr__(sqlite_tdkt.settings, "trusted_proxies", "10.0.0.2")
    for k in range(20):  # behind the proxy, the sprayer's own address is what counts
        r = signing_in(sqlite_tdkt, "10.0.0.2", forwarded="203.0.113.7")(f"tk-{k}", "sai")
        assert r.status_code == 403
    behind = signing_in(sqlite_tdkt, "10.0.0.2", forwarded="192.0.2.60")("hoa", PASSWORD)
    assert behind.status_code == 200, behind.text
    sprayer = signing_in(sqlite_tdkt, "10.0.0.2", forwarded="203.0.113.7")("hoa", PASSWORD)
    assert sprayer.status_code == 403


def test_a_large_body_is_refused_before_authentication(sqlite_tdkt: App) -> None:
    build_world(sqlite_tdkt)
    client = client_for(sqlite_tdkt)
    big = b'{"round_code": "' + b"x" * (3 * 1024 * 1024) + b'"}'
    r = client.post("/api/dossiers", content=big, headers={"Content-Type": "application/json"})
    assert r.status_code == 413, r.text
    assert r.json()["code"] == "qua_lon" and "MB" in r.json()["message"]

    def chunks() -> Any:  # no Content-Length: counted as it arrives
        for _ in range(48):
            yield b"x" * 65536

    r = client.post("/login", content=chunks(), headers={"Content-Type": "text/plain"})
    assert r.status_code == 413


@pytest.mark.postgres
def test_the_form_summary_has_one_length_rule_for_form_api_and_import(tdkt: App) -> None:
    client, h = officer_of_cs1_and_a_stranger(tdkt)
    long = "Thành tích " * 10_000  # 110.000 characters
    page = client.get("/nominate").text
    form = client.post(
        "/nominate",
        data={"csrf_token": csrf_of(page), **nomination("DV1"), "achievement_summary": long},
    )
    assert form.status_code == 422 and "4.000" in form.text
    api = client.post(
        "/api/dossiers", json={**nomination("DV1"), "achievement_summary": long}, headers=h
    )
    assert api.status_code == 422 and "4.000" in api.json()["message"]
    row = ["CS1", "GK_CDCT", "ca_nhan", "DV1", "", "", "", "", long]
    r = import_rows(client, h, row)
    assert r.status_code == 422 and "4.000" in r.text
    assert client.get("/api/dossiers").json()["total"] == 0


PDF = b"%PDF-1.4\n%test\n"


def attach(client: TestClient, code: str) -> Any:
    page = client.get(f"/dossiers/{code}").text
    return client.post(
        f"/dossiers/{code}/attachments",
        data={"csrf_token": csrf_of(page), "kind": "khac"},
        files={"file": ("them.pdf", PDF, "application/pdf")},
        follow_redirects=False,
    )


@pytest.mark.postgres
def test_attachments_only_while_the_unit_may_edit_and_each_is_recorded(tdkt: App) -> None:
    from sqlmodel import col, select

    from awards.model import Attachment
    from tests.support.lifecycle import HOP, draft, drive
    from tests.support.web import make_user

    build_world(tdkt)
    code = draft(tdkt, "GK_CDCT")
    client = client_for(tdkt)
    login(client, make_user(tdkt, "hoa", "unit_officer", "CS1"))
    assert attach(client, code).status_code == 303  # a draft takes files
    drive(tdkt, code, [Trigger.submit, *HOP, Trigger.decide])
    late = attach(client, code)
    assert late.status_code == 409 and "Đã khen thưởng" in late.text, late.text
    with tdkt.uow() as uow:
        rows = uow.session.exec(select(Attachment).where(col(Attachment.kind) == "khac")).all()
    assert [(a.filename, a.uploaded_by) for a in rows] == [("them.pdf", "hoa")]


def test_the_api_docs_load_swagger_ui_from_this_server(sqlite_tdkt: App) -> None:
    client = client_for(sqlite_tdkt)
    page = client.get("/api/docs")
    assert page.status_code == 200
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page.text, flags=re.S)
    assert scripts and all(not body.strip() for _, body in scripts)  # CSP: no inline script
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(s.startswith("/") for s in sources), sources
    for src in sources:
        assert client.get(src).status_code == 200, src


@pytest.mark.postgres
def test_a_vote_needs_the_account_the_secretariat_linked_not_a_matching_e_mail(
    tdkt: App,
) -> None:
    from tests.support.council_web import BASE, as_user, open_and_roll, vote
    from tests.support.web import make_user

    session, codes, members = open_and_roll(tdkt)
    # An administrator types the chair's e-mail into a new account of the council's unit.
    make_user(tdkt, "gia", "council_member", UNIT, "Tài khoản giả", "thang@tdkt.example")
    forged = vote(tdkt, "gia", session, dossier_codes=[codes[0]])
    assert forged.status_code == 403, forged.text
    assert vote(tdkt, "thang", session, dossier_codes=[codes[0]]).status_code == 200
    sec, h = as_user(tdkt, "minh")
    roll = sec.get(f"{BASE}/{session}").json()["roll"]
    assert [r["account"] for r in roll] == ["thang", "dung", "chu", "hung"]
    r = sec.post(f"/api/council/members/{members[1]}/account", json={"username": "gia"}, headers=h)
    assert r.status_code == 409 and "dung" in r.json()["message"]  # linked already
    admin, ah = as_user(tdkt, make_user(tdkt, "quan", "admin", UNIT))
    r = admin.post(
        f"/api/council/members/{members[1]}/account", json={"username": "gia"}, headers=ah
    )
    assert r.status_code == 403  # the secretariat links, not an administrator
