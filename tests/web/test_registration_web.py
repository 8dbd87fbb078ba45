"""Đăng ký thi đua through the screen and the API, both backends: the unit officer's form and
upload (per-row errors, the template), withdrawing, the organiser's period, registered vs
achieved with its XLSX, the round's "registration required" at nomination (API and form), and
a cluster created on the /clusters screen."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from awards.bootstrap import App
from awards.services.nomination.tabular import write_rows
from tests.support.registrations import mark_required
from tests.support.web import build_world, client_for, csrf_of, login, make_user

PAGE = "/registrations?round=TK-2025"


@pytest.fixture
def world(tdkt: App) -> App:
    build_world(tdkt)
    make_user(tdkt, "can-bo", "unit_officer", "CS1", "Lò Thị Hoa")
    make_user(tdkt, "thu-ky-tinh", "secretariat", "LDLD-LC", "Tòng Văn Minh")
    return tdkt


def test_the_officer_registers_uploads_and_withdraws_on_the_screen(world: App) -> None:
    client = client_for(world)
    login(client, "can-bo")
    page = client.get(PAGE)
    assert page.status_code == 200 and "Đăng ký danh hiệu, hình thức" in page.text
    assert "Đặt thời hạn" not in page.text  # the organiser's, not the unit's
    form = {
        "csrf_token": csrf_of(page.text),
        "round_code": "TK-2025",
        "unit": "CS1",
        "award": "LDTT",
        "kind": "ca_nhan",
        "codes": "DV1, DV2",
    }
    done = client.post("/registrations", data=form)
    assert done.status_code == 200 and "Đã đăng ký 2 mục." in done.text
    assert "Nguyễn Thị Hằng" in done.text and "Chưa đề nghị" in done.text
    again = client.post("/registrations", data={**form, "codes": "DV1"})
    assert again.status_code == 422 and "DV1 đã đăng ký Lao động tiên tiến" in again.text
    template = client.get("/registrations/template.xlsx")
    sheet = load_workbook(io.BytesIO(template.content)).active
    assert sheet is not None and sheet["A1"].value == "Mã đơn vị đăng ký"
    rows = [["CS1", "TT_LDXS", "Tập thể", "", "CS1"], ["CS1", "LDTT", "Cá nhân", "DV9", ""]]
    upload = write_rows("registrations", rows, "xlsx")
    files = {"file": ("dang-ky.xlsx", io.BytesIO(upload), "application/octet-stream")}
    data = {"csrf_token": form["csrf_token"], "round_code": "TK-2025"}
    refused = client.post("/registrations/upload", data=data, files=files)
    assert refused.status_code == 422
    assert "Dòng 3, cột “Mã đoàn viên”: Không có đoàn viên mã &#39;DV9&#39;" in refused.text
    files = {"file": ("dang-ky.xlsx", io.BytesIO(upload), "application/octet-stream")}
    partly = client.post("/registrations/upload", data={**data, "valid_only": "true"}, files=files)
    assert partly.status_code == 200 and "Đã ghi 1 đăng ký từ tệp." in partly.text
    listed = client.get("/api/registrations", params={"round": "TK-2025"}).json()
    first = listed["registrations"][0]["id"]
    close = {"csrf_token": form["csrf_token"], "round_code": "TK-2025", "status": "withdrawn"}
    no_reason = client.post(f"/registrations/{first}/close", data=close)
    assert no_reason.status_code == 422 and "Ghi lý do" in no_reason.text
    withdrawn = client.post(f"/registrations/{first}/close", data={**close, "reason": "Nghỉ"})
    assert withdrawn.status_code == 200 and "Đã rút đăng ký số" in withdrawn.text
    report = client.get("/registrations/report.xlsx", params={"round": "TK-2025"})
    by_unit = load_workbook(io.BytesIO(report.content))["Theo đơn vị"]
    values = [[c.value for c in row] for row in by_unit.iter_rows(min_row=5)]
    assert values[0][:8] == [1, "Công đoàn Trường Tiểu học Mường Kim", 2, 0, 0, 0, 2, 1]


def test_the_organiser_sets_the_period_and_a_late_registration_is_refused(world: App) -> None:
    client = client_for(world)
    login(client, "thu-ky-tinh")
    page = client.get(PAGE)
    assert "Thời hạn đăng ký của đợt" in page.text
    period = {
        "csrf_token": csrf_of(page.text),
        "round_code": "TK-2025",
        "starts_on": "2025-01-02",
        "ends_on": "2025-03-31",
    }
    done = client.post("/registrations/period", data=period)
    assert done.status_code == 200 and "Thời hạn đăng ký: 02/01/2025–31/03/2025" in done.text
    officer = client_for(world)
    h = login(officer, "can-bo")
    late = {"round": "TK-2025", "unit": "CS1", "award": "LDTT", "persons": ["DV1"]}
    r = officer.post("/api/registrations", json=late, headers=h)  # the web's today: 03/11/2025
    assert r.status_code == 422 and "Đã hết hạn đăng ký thi đua của đợt TK-2025" in r.text
    refused = officer.post(
        "/registrations/period", data={**period, "csrf_token": h["X-CSRF-Token"]}
    )
    assert refused.status_code == 403


def test_a_round_that_requires_registration_refuses_the_form_and_the_api(world: App) -> None:
    mark_required(world)
    client = client_for(world)
    h = login(client, "can-bo")
    body = {
        "round_code": "TK-2025",
        "award_code": "GK_CDCT",
        "nominating_unit_code": "CS1",
        "person_code": "DV1",
        "achievement_summary": "Hoàn thành xuất sắc nhiệm vụ năm 2025",
    }
    api = client.post("/api/dossiers", json=body, headers=h)
    assert api.status_code == 422
    assert "chỉ xét các danh hiệu đã đăng ký thi đua" in api.json()["message"]
    form = client.post("/nominate", data={"csrf_token": h["X-CSRF-Token"], **body})
    assert form.status_code == 422 and "chỉ xét các danh hiệu đã đăng ký thi đua" in form.text
    reg = {"round": "TK-2025", "unit": "CS1", "award": "GK_CDCT", "persons": ["DV1"]}
    assert client.post("/api/registrations", json=reg, headers=h).status_code == 200
    assert client.post("/api/dossiers", json=body, headers=h).status_code == 201


def test_a_cluster_is_created_with_its_members_on_the_screen(world: App) -> None:
    make_user(world, "thu-ky-huyen", "secretariat", "THAN-UYEN")
    client = client_for(world)
    login(client, "thu-ky-tinh")
    page = client.get("/clusters", params={"year": 2025})
    assert "Lập cụm, khối thi đua" in page.text
    form = {
        "csrf_token": csrf_of(page.text),
        "code": "KHOI-HUYEN",
        "name": "Khối thi đua LĐLĐ các huyện",
        "lead": "THAN-UYEN",
        "compact": "khoi-ldld-huyen",
        "members": "TAN-UYEN",
        "year": "2025",
    }
    done = client.post("/clusters", data=form)
    assert (
        done.status_code == 200 and "Đã lập Khối thi đua LĐLĐ các huyện (KHOI-HUYEN)" in done.text
    )
    board = client.get("/api/clusters/KHOI-HUYEN", params={"year": 2025}).json()
    assert sorted(m["unit"] for m in board["members"]) == ["TAN-UYEN", "THAN-UYEN"]
    again = client.post("/clusters", data=form)
    assert again.status_code == 422 and "Đã có cụm, khối thi đua mã" in again.text
    district = client_for(world)
    login(district, "thu-ky-huyen")  # Tân Uyên is beside Than Uyên, not below it
    form_page = district.get("/clusters", params={"year": 2025})
    other = {**form, "csrf_token": csrf_of(form_page.text), "code": "KHOI-2", "lead": "TAN-UYEN"}
    assert district.post("/clusters", data=other).status_code == 403
