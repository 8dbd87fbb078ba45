"""Report, rules, upload and account screens (issue 8b) on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import re

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlmodel import func, select

from awards.bootstrap import App
from awards.model import Dossier, IssuedReport
from awards.services.lifecycle.move import move
from states import Trigger
from tests.integration.lifecycle_fixtures import draft, drive, req
from tests.web.screens_fixtures import (
    BAD_ROW,
    BROKEN_DRAFT,
    GOOD_ROW,
    lenient_draft,
    nominations_xlsx,
)
from tests.web.web_fixtures import PASSWORD, build_world, client_for, login, make_user

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def world(tdkt: App) -> App:
    build_world(tdkt)
    return tdkt


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF field in the page"
    return found.group(1)


def dossier_count(app: App) -> int:
    with app.uow() as uow:
        return int(uow.session.exec(select(func.count()).select_from(Dossier)).one())


@pytest.mark.postgres
def test_report_page_chart_downloads_and_issue(world: App) -> None:
    for person in ("DV1", "DV2"):
        drive(world, draft(world, "GK_CDCT", person=person), [Trigger.submit])
    client = client_for(world)
    h = login(client, make_user(world, "lan", "secretariat", "LDLD-LC"))
    query = "level=LDLD-LC&kind=tong_ket&year=2025"
    page = client.get(f"/reports?{query}")
    assert page.status_code == 200 and "Liên đoàn Lao động tỉnh Lai Châu" in page.text
    assert (
        f"/reports/chart.png?{query.replace('&', '&amp;')}" in page.text
        and "Ban hành báo cáo" in page.text
    )
    chart = client.get(f"/reports/chart.png?{query}")
    assert chart.headers["content-type"] == "image/png" and chart.content[:4] == b"\x89PNG"
    xlsx = client.get(f"/reports/download.xlsx?{query}")
    assert xlsx.headers["content-type"] == XLSX_TYPE
    sheets = load_workbook(io.BytesIO(xlsx.content)).sheetnames
    assert sheets, "the workbook has sheets"
    docx = client.get(f"/reports/download.docx?{query}")
    assert docx.content[:2] == b"PK" and "attachment" in docx.headers["content-disposition"]
    issued = client.post(
        "/reports/issue",
        data={
            "csrf_token": h["X-CSRF-Token"],
            "level": "LDLD-LC",
            "kind": "tong_ket",
            "year": "2025",
        },
    )
    assert issued.status_code == 200 and "Báo cáo số" in issued.text
    with world.uow() as uow:
        row = uow.session.exec(select(IssuedReport)).one()
    assert row.document_no in issued.text
    stored = client.get(f"/reports/issued/{row.id}/file.docx")
    assert stored.status_code == 200 and stored.content[:2] == b"PK"
    api = client.get("/api/reports/tong_ket", params={"level": "LDLD-LC", "year": 2025})
    assert api.status_code == 200 and api.json()["kind"] == "tong_ket"


def test_reports_are_refused_outside_the_grant(sqlite_tdkt: App) -> None:
    build_world(sqlite_tdkt)
    client = client_for(sqlite_tdkt)
    h = login(client, make_user(sqlite_tdkt, "hoa", "unit_officer", "CS1"))
    r = client.get("/reports?level=LDLD-LC&kind=tong_ket&year=2025")
    assert r.status_code == 403 and "không có quyền" in r.text
    r = client.post(
        "/api/reports/issue", headers=h, json={"level": "LDLD-LC", "kind": "so_ket", "year": 2025}
    )
    assert r.status_code == 403 and r.json()["code"] == "khong_co_quyen"
    r = client.get("/reports/download.pdf?level=LDLD-LC&kind=so_ket&year=2025")
    assert r.status_code == 403  # permission first, whatever the format


@pytest.mark.postgres
def test_rules_screens_examples_and_draft_simulation(world: App) -> None:
    code = draft(world, "GK_CDCT")
    drive(world, code, [Trigger.submit])
    client = client_for(world)
    login(client, make_user(world, "tuan", "rule_author", "LDLD-LC"))
    listing = client.get("/rules")
    assert listing.status_code == 200 and "gk-cdct" in listing.text and "1.0.0" in listing.text
    family = client.get("/rules/gk-cdct")
    assert "✅ Đạt" in family.text and "❌" not in family.text and "hoan-thanh-tot" in family.text
    form = client.get("/rules/simulate?family=gk-cdct")
    token = csrf_of(form.text)
    bad = client.post(
        "/rules/simulate",
        data={
            "csrf_token": token,
            "family": "gk-cdct",
            "round_code": "TK-2025",
            "draft": BROKEN_DRAFT,
        },
    )
    assert bad.status_code == 422 and "dự thảo:" in bad.text and "lỗi" in bad.text
    assert client.get("/rules/gk-cdct").text.count("hoan-thanh-tot") >= 1  # in force, unchanged
    good = client.post(
        "/rules/simulate",
        data={
            "csrf_token": token,
            "family": "gk-cdct",
            "round_code": "TK-2025",
            "draft": lenient_draft(),
        },
    )
    assert good.status_code == 200, good.text
    assert code in good.text and "Hồ sơ đổi kết quả (1)" in good.text
    api = client.post(
        "/api/rules/simulate",
        headers={"X-CSRF-Token": token},
        json={"round_code": "TK-2025", "family": "gk-cdct", "draft": lenient_draft()},
    )
    assert api.json()["flips"][0]["dossier_code"] == code
    assert client.get("/rules/..%2Fsecret").status_code == 404


def test_rules_need_the_rule_author_role(sqlite_tdkt: App) -> None:
    build_world(sqlite_tdkt)
    client = client_for(sqlite_tdkt)
    login(client, make_user(sqlite_tdkt, "minh", "secretariat", "THAN-UYEN"))
    assert client.get("/rules").status_code == 403
    assert client.get("/api/rules").json()["code"] == "khong_co_quyen"


@pytest.mark.postgres
def test_excel_upload_is_all_or_nothing_with_errors_in_place(world: App) -> None:
    client = client_for(world)
    h = login(client, make_user(world, "hoa", "unit_officer", "CS1"))
    token = h["X-CSRF-Token"]

    def upload(name: str, content: bytes, **extra: str) -> str:
        r = client.post(
            "/nominate/upload",
            data={"csrf_token": token, "round_code": "TK-2025", **extra},
            files={"file": (name, io.BytesIO(content), "application/octet-stream")},
        )
        return f"{r.status_code} {r.text}"

    page = upload("ds.xlsx", nominations_xlsx(GOOD_ROW, BAD_ROW))
    assert page.startswith("422") and 'id="upload-errors"' in page
    assert "<td>3</td><td>Mã hình thức</td><td>không có hình thức mã &#39;KHONG_CO&#39;" in page
    assert "<td>3</td><td>Mã đoàn viên</td>" in page
    assert dossier_count(world) == 0  # nothing saved
    foreign = [*GOOD_ROW]
    foreign[0] = "CS2"
    assert "không được lập hồ sơ cho &#39;CS2&#39;" in upload("ds.xlsx", nominations_xlsx(foreign))
    assert "chỉ nhận tệp .xlsx hoặc .csv" in upload("virus.exe", b"MZ\x90")
    assert "không phải XLSX" in upload("fake.xlsx", b"<html>")
    assert "vượt quá 2 MB" in upload("big.csv", b"a," * (1024 * 1024 + 1))
    assert dossier_count(world) == 0
    ok = upload("ds.xlsx", nominations_xlsx(GOOD_ROW, BAD_ROW), valid_only="true")
    assert ok.startswith("200") and "Đã ghi 1 hồ sơ nháp; bỏ 1 dòng lỗi" in ok
    assert dossier_count(world) == 1
    assert re.search(r'<li><a href="/dossiers/(HS-2025-\d{6})">\1</a></li>', ok)  # issue 18
    template = client.get("/nominate/template.xlsx")
    assert template.content[:2] == b"PK" and "Tải lên và kiểm tra" in client.get("/nominate").text
    api = client.post(
        "/api/imports/nominations",
        headers=h,
        data={"round_code": "TK-2025"},
        files={"file": ("ds.xlsx", io.BytesIO(nominations_xlsx(BAD_ROW)), XLSX_TYPE)},
    )
    assert api.status_code == 422 and api.json()["code"] == "tep_nhap_loi"
    assert any(k.startswith("dòng 2") for k in api.json()["fields"])


@pytest.mark.postgres
def test_admin_manages_accounts_in_reach(world: App) -> None:
    client = client_for(world)
    h = login(client, make_user(world, "quan", "admin", "THAN-UYEN"))
    make_user(world, "xuan", "unit_officer", "LDLD-DB")
    page = client.get("/admin/users")
    assert page.status_code == 200 and "quan" in page.text and ">xuan<" not in page.text
    token = csrf_of(page.text)
    form = {
        "csrf_token": token,
        "username": "thu",
        "full_name": "Lò Thị Thu",
        "password": PASSWORD,
        "role": "unit_officer",
        "unit": "CS1",
    }
    made = client.post("/admin/users", data=form)
    assert made.status_code == 200 and "Đã tạo tài khoản thu" in made.text
    short = client.post("/admin/users", data={**form, "username": "thu2", "password": "ngan"})
    assert short.status_code == 422 and "Mật khẩu quá ngắn" in short.text
    far = client.post("/admin/users", data={**form, "username": "thu3", "unit": "LDLD-DB"})
    assert far.status_code == 403
    assert client.post("/admin/users", data={**form, "csrf_token": "x"}).status_code == 403
    thu = client_for(world)
    login(thu, "thu")
    assert thu.get("/api/session").status_code == 200
    off = client.post("/admin/users/thu/active", data={"csrf_token": token, "active": "false"})
    assert "Đã khóa tài khoản thu" in off.text
    assert thu.get("/api/session").json()["code"] == "chua_dang_nhap"  # revoked at once
    refused = thu.post("/api/session", json={"username": "thu", "password": PASSWORD})
    assert refused.status_code == 403
    client.post("/admin/users/thu/active", data={"csrf_token": token, "active": "true"})
    login(thu, "thu")
    new = "mat-khau-moi-456"
    client.post("/admin/users/thu/password", data={"csrf_token": token, "password": new})
    assert thu.get("/api/session").status_code == 401
    assert thu.post("/api/session", json={"username": "thu", "password": new}).is_success
    r = client.post("/api/users/xuan/active", headers=h, json={"active": False})
    assert r.status_code == 403  # an account of another province


@pytest.mark.postgres
def test_logout_revokes_the_session_on_the_server(world: App) -> None:
    client = client_for(world)
    h = login(client, make_user(world, "hoa", "unit_officer", "CS1"))
    stolen = dict(client.cookies)
    assert client.delete("/api/session", headers=h).status_code == 204
    replay = TestClient(client.app, cookies=stolen)
    r = replay.get("/api/inbox")
    assert r.status_code == 401 and "thu hồi" in r.json()["message"]


@pytest.mark.postgres
def test_refusal_lists_the_allowed_actions_and_the_upload_form_is_hidden(world: App) -> None:
    code = draft(world, "GK_CDCT")
    move(world.uow, code, req(Trigger.submit))
    client = client_for(world)
    h = login(client, make_user(world, "minh", "secretariat", "THAN-UYEN"))
    r = client.post(f"/api/dossiers/{code}/moves", headers=h, json={"trigger": "approve"})
    assert r.status_code == 403 and "receive" in r.json()["allowed"]
    page = client.get(f"/dossiers/{code}").text
    assert "/attachments" not in page  # a secretariat cannot attach: no form
    officer = client_for(world)
    login(officer, make_user(world, "hoa", "unit_officer", "CS1"))
    mine = officer.get(f"/dossiers/{code}").text
    assert f'action="/dossiers/{code}/attachments"' in mine and "Tờ trình" in mine


@pytest.mark.postgres
def test_submission_documents_are_listed_and_downloaded(tdkt: App) -> None:
    from tests.integration.test_escalation_docs import escalated_to_ubnd

    app = escalated_to_ubnd(tdkt)
    client = client_for(app)
    login(client, make_user(app, "lan", "secretariat", "LDLD-LC"))
    page = client.get("/reports/submissions?level=LDLD-LC&round=TK-2025")
    assert page.status_code == 200
    found = re.search(r'href="(/reports/submissions/([^/"]+)/to-trinh\.docx[^"]*)"', page.text)
    assert found, page.text
    doc = client.get(found.group(1).replace("&amp;", "&"))
    assert doc.status_code == 200 and doc.content[:2] == b"PK"
    assert f"{found.group(2)}-to-trinh.docx" in doc.headers["content-disposition"]
    officer = client_for(app)
    login(officer, make_user(app, "hoa", "unit_officer", "CS1"))
    assert officer.get("/reports/submissions?level=LDLD-LC&round=TK-2025").status_code == 403
