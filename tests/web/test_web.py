"""Pages and API on SQLite and PostgreSQL: permissions subset, stale pages, CSRF, throttling,
uploads, escaping, pagination."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from awards.bootstrap import App
from awards.model import LoginThrottle
from awards.permissions import Action, Scope, allows
from awards.services.accounts.throttle import MAX_FAILURES
from awards.services.lifecycle.move import move
from states import Trigger
from tests.support.lifecycle import NOW, draft, drive, req
from tests.support.web import (
    PASSWORD,
    api_move,
    build_world,
    client_for,
    csrf_of,
    login,
    make_user,
)

XSS = '<script>alert("xss")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def world(tdkt: App) -> App:
    build_world(tdkt)
    return tdkt


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("role", "unit", "trigger", "path"),
    [
        ("secretariat", "THAN-UYEN", Trigger.receive, [Trigger.submit]),
        ("secretariat", "LDLD-LC", Trigger.receive, [Trigger.submit]),
        ("secretariat", "TAN-UYEN", Trigger.receive, [Trigger.submit]),
        ("unit_officer", "CS1", Trigger.submit, []),
        ("unit_officer", "THAN-UYEN", Trigger.submit, []),
        ("unit_officer", "CS2", Trigger.submit, []),
        (
            "chair",
            "THAN-UYEN",
            Trigger.decide,
            [
                Trigger.submit,
                *[
                    Trigger.receive,
                    Trigger.start_appraisal,
                    Trigger.mark_eligible,
                    Trigger.put_on_agenda,
                    Trigger.approve,
                ],
            ],
        ),
    ],
)
def test_permission_subset_on_both_backends(
    world: App, role: str, unit: str, trigger: Trigger, path: list[Trigger]
) -> None:
    code = draft(world, "GK_CDCT")
    drive(world, code, path)
    client = client_for(world)
    h = login(client, make_user(world, "user1", role, unit))
    target = "CS1" if trigger is Trigger.submit else "THAN-UYEN"
    scope = (
        Scope.own
        if unit == target
        else Scope.child
        if unit in ("THAN-UYEN", "LDLD-LC")
        else (Scope.foreign)
    )
    body = {"due_on": "2025-11-28"} if trigger is Trigger.receive else {}
    if trigger is Trigger.decide:
        body = {"decision_no": "3/QĐ-LĐLĐ", "decision_date": "2025-12-01"}
    r = api_move(client, h, code, trigger.value, **body)
    assert (r.status_code == 200) == allows(role, Action(trigger.value), scope), r.text


@pytest.mark.postgres
def test_stale_page_gets_the_conflict_message_not_a_500(world: App) -> None:
    code = draft(world, "GK_CDCT")
    drive(world, code, [Trigger.submit])
    client = client_for(world)
    login(client, make_user(world, "minh", "secretariat", "THAN-UYEN", "Tòng Văn Minh"))
    page = client.get(f"/dossiers/{code}")
    token = csrf_of(page.text)
    assert 'name="expected_version" value="2"' in page.text
    move(world.uow, code, req(Trigger.receive))  # someone else receives it meanwhile
    r = client.post(
        f"/dossiers/{code}/moves",
        data={
            "csrf_token": token,
            "trigger": "return_for_changes",
            "expected_version": "2",
            "reason": "Thiếu biên bản",
            "due_on": "2025-11-28",
        },
    )
    assert r.status_code == 409
    assert "vừa được người khác cập nhật" in r.text and "tải lại rồi thử lại" in r.text
    api = api_move(client, {"X-CSRF-Token": token}, code, "start_appraisal", expected_version=2)
    assert api.status_code == 409 and api.json()["code"] == "xung_dot"


@pytest.mark.postgres
def test_refused_move_lists_what_is_allowed(world: App) -> None:
    code = draft(world, "GK_CDCT")
    drive(world, code, [Trigger.submit])
    client = client_for(world)
    h = login(client, make_user(world, "minh", "secretariat", "THAN-UYEN"))
    r = api_move(client, h, code, "approve")
    assert r.status_code == 403  # approving is the chair's, whatever the state
    r = api_move(client, h, code, "start_appraisal")
    assert r.status_code == 409
    body = r.json()
    assert body["code"] == "chuyen_trang_thai_khong_hop_le"
    assert "receive" in body["allowed"] and body["message"]


def test_unsafe_requests_need_the_csrf_token(sqlite_tdkt: App) -> None:
    build_world(sqlite_tdkt)
    code = draft(sqlite_tdkt, "GK_CDCT")
    client = client_for(sqlite_tdkt)
    login(client, make_user(sqlite_tdkt, "hoa", "unit_officer", "CS1"))
    r = client.post(f"/api/dossiers/{code}/moves", json={"trigger": "submit"})
    assert r.status_code == 403 and r.json()["code"] == "csrf"
    r = client.post(
        f"/dossiers/{code}/moves",
        data={"csrf_token": "forged", "trigger": "submit", "expected_version": "1"},
    )
    assert r.status_code == 403 and "CSRF" in r.text
    login_page = TestClient(client.app).get("/login")
    assert 'name="csrf_token"' in login_page.text  # the login form is protected too


def test_login_is_throttled_per_account_and_address(sqlite_tdkt: App) -> None:
    build_world(sqlite_tdkt)
    make_user(sqlite_tdkt, "hoa", "unit_officer", "CS1")
    client = client_for(sqlite_tdkt)
    for _ in range(MAX_FAILURES):
        r = client.post("/api/session", json={"username": "hoa", "password": "sai-mat-khau-1"})
        assert r.status_code == 403 and "không đúng" in r.json()["message"]
    r = client.post("/api/session", json={"username": "hoa", "password": PASSWORD})
    assert r.status_code == 403 and "tạm khóa" in r.json()["message"]
    with sqlite_tdkt.uow() as uow:  # the lock is persisted, and expires
        row = uow.session.get(LoginThrottle, "account|hoa")
        assert row is not None and row.locked_until is not None
        row.locked_until = NOW - timedelta(minutes=1)
        uow.session.add(row)
        uow.commit()
    assert client.post("/api/session", json={"username": "hoa", "password": PASSWORD}).is_success


def test_pages_need_a_session(sqlite_tdkt: App) -> None:
    client = client_for(sqlite_tdkt)
    r = client.get("/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert client.get("/api/inbox").json()["code"] == "chua_dang_nhap"


def test_every_text_is_escaped(sqlite_tdkt: App) -> None:
    build_world(sqlite_tdkt)
    client = client_for(sqlite_tdkt)
    h = login(client, make_user(sqlite_tdkt, "hoa", "unit_officer", "CS1", name=XSS))
    r = client.post(
        "/api/dossiers",
        headers=h,
        json={
            "round_code": "TK-2025",
            "award_code": "GK_CDCT",
            "nominating_unit_code": "CS1",
            "person_code": "DV1",
            "achievement_summary": XSS,
        },
    )
    code = r.json()["code"]
    evaluation = {
        "eligible": False,
        "reason": XSS,
        "requirements": [
            {"id": "r1", "passed": False, "message": XSS, "detail": XSS, "legal_basis": XSS}
        ],
    }
    move(sqlite_tdkt.uow, code, req(Trigger.submit, reason=XSS), extras={"eligibility": evaluation})
    pages = [f"/dossiers/{code}", "/", "/dossiers", "/audit", f"/audit?actor={XSS}"]
    for path in pages:
        html = client.get(path).text
        assert "<script>alert" not in html and "<img src=x" not in html, path
    assert (
        "&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;" in client.get(f"/dossiers/{code}").text
    )
    r = client.post("/nominate", data={"csrf_token": h["X-CSRF-Token"], "round_code": XSS})
    assert r.status_code == 422 and "<script>alert" not in r.text


def test_uploads_are_limited_and_type_checked(sqlite_tdkt: App) -> None:
    build_world(sqlite_tdkt)
    code = draft(sqlite_tdkt, "GK_CDCT")
    client = client_for(sqlite_tdkt)
    h = login(client, make_user(sqlite_tdkt, "hoa", "unit_officer", "CS1"))

    def upload(name: str, content: bytes) -> str:
        r = client.post(
            f"/dossiers/{code}/attachments",
            headers=h,
            data={"kind": "to_trinh"},
            files={"file": (name, io.BytesIO(content), "application/octet-stream")},
        )
        return r.text

    assert "không nhận" in upload("virus.exe", b"MZ\x90\x00")
    assert "không phải PDF" in upload("fake.pdf", b"<html><script>1</script>")
    assert "vượt quá 10 MB" in upload("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
    page = upload("to-trinh.pdf", b"%PDF-1.7\n1 0 obj\n")
    assert "to-trinh.pdf" in page
    stored = list((sqlite_tdkt.settings.data_dir / "attachments").rglob("*.pdf"))
    assert len(stored) == 1 and not list(stored[0].parent.parent.rglob("*.part"))


@pytest.mark.postgres
def test_lists_are_paginated_and_filtered(world: App) -> None:
    codes = [draft(world, "GK_CDCT", person=f"DV{1 + n % 3}") for n in range(7)]
    for code in codes[:5]:
        drive(world, code, [Trigger.submit])
    client = client_for(world)
    login(client, make_user(world, "minh", "secretariat", "THAN-UYEN"))
    first = client.get("/api/dossiers", params={"per_page": 3}).json()
    assert (first["total"], first["pages"], len(first["items"])) == (7, 3, 3)
    third = client.get("/api/dossiers", params={"per_page": 3, "page": 3}).json()
    assert len(third["items"]) == 1
    seen = {
        x["code"]
        for p in (1, 2, 3)
        for x in client.get("/api/dossiers", params={"per_page": 3, "page": p}).json()["items"]
    }
    assert seen == set(codes)
    box = client.get("/api/inbox").json()
    assert box["counts"] == {"submitted": 5} and box["total"] == 5
    assert client.get("/api/dossiers", params={"state": "draft"}).json()["total"] == 2
    assert client.get("/api/dossiers", params={"per_page": 500}).status_code == 422
    audit = client.get("/api/audit", params={"trigger": "submit", "per_page": 2}).json()
    assert audit["total"] == 5 and audit["pages"] == 3
    board = client.get("/api/rounds/TK-2025/board", params={"unit": "THAN-UYEN"}).json()
    assert board["rows"] == [
        {
            "unit": "CS1",
            "name": "Công đoàn Trường Tiểu học Mường Kim",
            "counts": {"draft": 2, "submitted": 5},
        }
    ]
    assert client.get("/api/openapi.json").json()["paths"]["/api/dossiers"]
