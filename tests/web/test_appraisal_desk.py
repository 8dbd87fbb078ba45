"""The appraisal desk on both backends: a secretariat appraises its level's dossiers by the pack
in force (page and API); other roles and other levels are refused with the reason."""

from __future__ import annotations

from awards.bootstrap import App
from tests.support.appraisal import Member, add_members, good_cstdcs, to_appraisal
from tests.support.web import build_world, client_for, csrf_of, login, make_user


def _world(app: App) -> list[str]:
    build_world(app)
    add_members(app, "CS1", [Member(f"L{i}", titles={2025: ["LDTT"]}) for i in range(19)])
    add_members(app, "CS1", [good_cstdcs("P1"), Member("P2", titles={2025: ["LDTT"]})])
    return to_appraisal(app, "CSTDCS", ["P1", "P2"])


def test_the_secretariat_appraises_through_the_api(tdkt: App) -> None:
    ok, failed = _world(tdkt)
    make_user(tdkt, "thuky", "secretariat", "THAN-UYEN")
    make_user(tdkt, "canbo", "unit_officer", "CS1")
    make_user(tdkt, "tanuyen", "secretariat", "TAN-UYEN")
    client = client_for(tdkt)
    for outsider in ("canbo", "tanuyen"):
        refused = client.post(
            "/api/rounds/TK-2025/appraisal",
            json={"unit": "THAN-UYEN"},
            headers=login(client, outsider),
        )
        assert refused.status_code == 403 and refused.json()["code"] == "khong_co_quyen"
        assert "Thường trực Hội đồng" in refused.json()["message"]
    r = client.post(
        "/api/rounds/TK-2025/appraisal", json={"unit": "THAN-UYEN"}, headers=login(client, "thuky")
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["policy_set_version"] == tdkt.policies.version
    outcome = {x["code"]: x for x in body["results"]}
    assert outcome[ok]["eligible"] and outcome[ok]["moved"]
    assert not outcome[failed]["eligible"] and outcome[failed]["moved"]
    assert any("xuất sắc" in reason for reason in outcome[failed]["reasons"])
    dossier = client.get(f"/api/dossiers/{failed}").json()
    assert dossier["state"] == "ineligible"


def test_the_desk_page_lists_what_waits_and_shows_the_outcomes(tdkt: App) -> None:
    ok, failed = _world(tdkt)
    make_user(tdkt, "thuky", "secretariat", "THAN-UYEN")
    client = client_for(tdkt)
    login(client, "thuky")
    page = client.get("/rounds/TK-2025/appraisal?unit=THAN-UYEN")
    assert page.status_code == 200
    assert (
        "Đang chờ thẩm định: 2 hồ sơ" in page.text
        and "Chiến sĩ thi đua cơ sở: <strong>2" in page.text
    )
    done = client.post(
        "/rounds/TK-2025/appraisal",
        data={"unit": "THAN-UYEN", "csrf_token": csrf_of(page.text)},
    )
    assert done.status_code == 200
    assert "Kết quả: 1 đủ điều kiện, 1 không đủ điều kiện" in done.text
    assert f'href="/dossiers/{failed}"' in done.text and "Đang chờ thẩm định: 0 hồ sơ" in done.text
