"""The cụm / khối screens and API (issue 19), both backends: who scores what, ranks, proposals."""

from __future__ import annotations

import pytest
from sqlmodel import select

from awards.bootstrap import App
from awards.model import Dossier
from awards.services.org.units import NewUnit, add_units
from tests.integration.cluster_fixtures import ASSESSED, KHOI, khoi
from tests.web.web_fixtures import build_world, client_for, csrf_of, login, make_user

PAGE = f"/clusters/{KHOI}"


@pytest.fixture
def world(tdkt: App) -> App:
    build_world(tdkt)  # has TAN-UYEN already
    add_units(
        tdkt.uow,
        [NewUnit("NAM-NHUN", "Liên đoàn Lao động huyện Nậm Nhùn", "ldld_huyen", "LDLD-LC")],
    )
    khoi(tdkt, districts=False)
    make_user(tdkt, "thu-ky-tu", "secretariat", "THAN-UYEN")  # the khối's lead unit
    make_user(tdkt, "thu-ky-tan", "secretariat", "TAN-UYEN")  # a member
    make_user(tdkt, "can-bo", "unit_officer", "CS1")
    return tdkt


def test_a_member_self_scores_its_own_unit_and_may_not_assess(world: App) -> None:
    client = client_for(world)
    h = login(client, "thu-ky-tan")
    page = client.get(PAGE, params={"year": 2025})
    assert page.status_code == 200
    assert "Tự chấm điểm của đơn vị" in page.text and "Chấm điểm thành viên" not in page.text
    assert '<option value="TAN-UYEN">' in page.text and '<option value="NAM-NHUN">' not in page.text
    form = {
        "csrf_token": csrf_of(page.text),
        "year": "2025",
        "unit": "TAN-UYEN",
        "source": "self",
        "criterion": ["phat_trien_doan_vien", "cham_lo_doi_song", "cham_bao_cao"],
        "points": ["38,5", "30", ""],
    }
    assert client.post(f"{PAGE}/scores", data=form, follow_redirects=False).status_code == 303
    after = client.get(PAGE, params={"year": 2025}).text
    assert "(tự chấm 38,5)" in after and "(tự chấm 30)" in after
    other = {"unit": "NAM-NHUN", "year": 2025, "source": "self", "points": {"cham_lo_doi_song": 1}}
    refused = client.post(f"/api{PAGE}/scores", json=other, headers=h)
    assert refused.status_code == 403 and "tự chấm điểm thi đua" in refused.json()["message"]
    assess = {**other, "unit": "TAN-UYEN", "source": "assessed"}
    assert client.post(f"/api{PAGE}/scores", json=assess, headers=h).status_code == 403
    too_high = {**assess, "source": "self", "points": {"cham_lo_doi_song": 31}}
    bad = client.post(f"/api{PAGE}/scores", json=too_high, headers=h)
    assert bad.status_code == 422 and "phải từ 0 đến 30, không phải 31" in bad.json()["message"]


def test_the_lead_assesses_ranks_and_proposes_the_leaders(world: App) -> None:
    client = client_for(world)
    h = login(client, "thu-ky-tu")
    for unit, raw in ASSESSED.items():
        body = {"unit": unit, "year": 2025, "source": "assessed", "points": raw}
        r = client.post(f"/api{PAGE}/scores", json=body, headers=h)
        assert r.status_code == 200, r.text
    ranked = [(m["unit"], m["rank"], m["total"]) for m in r.json()["members"]]
    assert ranked == [
        ("TAN-UYEN", 1, "127.00"),
        ("NAM-NHUN", 2, "126.00"),
        ("THAN-UYEN", 3, "126.00"),
    ]
    page = client.get(PAGE, params={"year": 2025}).text
    assert "Chấm điểm thành viên (trưởng cụm, khối)" in page
    assert "Cờ thi đua của Liên đoàn Lao động tỉnh" in page
    assert "ít điểm trừ hơn; vẫn bằng thì đồng hạng" in page
    assert "Lịch sử chấm điểm (10 lần ghi)" in page and "Người dùng thu-ky-tu" in page
    form = {"csrf_token": csrf_of(page), "year": "2025", "round_code": "TK-2025"}
    assert client.post(f"{PAGE}/proposals", data=form, follow_redirects=False).status_code == 303
    again = client.post(
        f"/api{PAGE}/proposals", json={"year": 2025, "round_code": "TK-2025"}, headers=h
    )
    assert [(p["unit"], p["award"], p["new"]) for p in again.json()["proposed"]] == [
        ("TAN-UYEN", "CO_TD_LDLD", False),
        ("NAM-NHUN", "BK_LDLD", False),
        ("THAN-UYEN", "BK_LDLD", False),
    ]
    with world.uow(write=False) as uow:
        states = [d.state for d in uow.session.scalars(select(Dossier))]
    assert states == ["draft"] * 3
    rollup = client.get("/clusters", params={"year": 2025})
    assert "Khối thi đua LĐLĐ các huyện phía Tây" in rollup.text
    assert "Liên đoàn Lao động huyện Tân Uyên</td><td>127</td>" in rollup.text
    chart = client.get("/clusters/chart.png", params={"year": 2025})
    assert chart.headers["content-type"] == "image/png" and chart.content[:4] == b"\x89PNG"


def test_a_unit_officer_sees_no_cluster(world: App) -> None:
    client = client_for(world)
    login(client, "can-bo")
    assert "Cụm, khối thi đua" not in client.get("/").text
    refused = client.get(f"/api{PAGE}", params={"year": 2025})
    assert refused.status_code == 403 and "không có quyền" in refused.json()["message"]
    assert "không xem được cụm, khối thi đua nào" in client.get("/clusters").text
