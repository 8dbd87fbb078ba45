"""The fund and seats screens (issue 19) through the HTML routes and the API, both backends."""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from awards.bootstrap import App
from states import Trigger
from tests.integration.lifecycle_fixtures import HOP, draft, drive
from tests.web.web_fixtures import build_world, client_for, csrf_of, login, make_user


@pytest.fixture
def world(tdkt: App) -> App:
    build_world(tdkt)
    make_user(tdkt, "thu-ky-tu", "secretariat", "THAN-UYEN")
    make_user(tdkt, "thu-ky-tinh", "secretariat", "LDLD-LC")
    make_user(tdkt, "can-bo", "unit_officer", "CS1")
    return tdkt


def test_the_district_office_keeps_its_ledger_and_downloads_the_prize_list(world: App) -> None:
    drive(world, draft(world, "GK_CDCT"), [Trigger.submit, *HOP, Trigger.decide])
    client = client_for(world)
    login(client, "thu-ky-tu")
    page = client.get("/fund", params={"unit": "THAN-UYEN", "year": 2025})
    assert page.status_code == 200
    assert "Chi tiền thưởng theo Quyết định số 15/QĐ-LĐLĐ (1 khen thưởng)" in page.text
    assert "710.000 đồng" in page.text and "Ghi sổ quỹ" in page.text
    form = {
        "csrf_token": csrf_of(page.text),
        "unit": "THAN-UYEN",
        "kind": "receipt",
        "entry_date": "2025-01-15",
        "amount_vnd": "20000000",
        "memo": "Trích lập quỹ năm 2025",
    }
    posted = client.post("/fund/entries", data=form, follow_redirects=False)
    assert posted.status_code == 303
    after = client.get("/fund", params={"unit": "THAN-UYEN", "year": 2025})
    assert "Tồn cuối kỳ <strong>19.290.000 đồng</strong>" in after.text
    docx = client.get("/fund/prize-list.docx", params={"decision": "15/QĐ-LĐLĐ"})
    assert docx.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "Tổng cộng: 1 khen thưởng, 710.000 đồng." in text
    xlsx = client.get("/fund/report.xlsx", params={"unit": "THAN-UYEN", "year": 2025})
    assert load_workbook(io.BytesIO(xlsx.content)).sheetnames == ["Sổ quỹ", "Tổng hợp"]


def test_a_unit_officer_neither_sees_nor_writes_a_fund(world: App) -> None:
    client = client_for(world)
    h = login(client, "can-bo")
    assert "Quỹ khen thưởng" not in client.get("/").text
    refused = client.get("/api/fund", params={"unit": "THAN-UYEN", "year": 2025})
    assert refused.status_code == 403 and "không có quyền" in refused.json()["message"]
    entry = {
        "unit": "THAN-UYEN",
        "kind": "receipt",
        "entry_date": "2025-01-15",
        "amount_vnd": 5,
        "memo": "x",
    }
    assert client.post("/api/fund/entries", json=entry, headers=h).status_code == 403
    bad = client.post("/api/fund/entries", json={**entry, "memo": ""}, headers=h)
    assert bad.status_code == 422


def test_the_organiser_allocates_seats_on_its_screen(world: App) -> None:
    client = client_for(world)
    login(client, "thu-ky-tinh")
    first = client.get("/rounds/TK-2025/seats")
    assert "chưa phân bổ" in first.text and "Phân bổ" in first.text
    form = {
        "csrf_token": csrf_of(first.text),
        "total": "30",
        "guests": "10",
        "minimum": "2",
        "members_as_of": "2025-02-28",
    }
    assert (
        client.post("/rounds/TK-2025/seats", data=form, follow_redirects=False).status_code == 303
    )
    shown = client.get("/rounds/TK-2025/seats")
    assert "Liên đoàn Lao động huyện Than Uyên" in shown.text and "20 điển hình" in shown.text
    district = client_for(world)
    h = login(district, "thu-ky-tu")
    again = {"total": 30, "guests": 10, "minimum": 2, "members_as_of": "2025-02-28"}
    assert district.post("/api/rounds/TK-2025/seats", json=again, headers=h).status_code == 403
