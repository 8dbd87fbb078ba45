"""Council sessions over the web, on both backends: the REST API and the HTML screens.

A secretary opens a session and keeps the roll, three members vote as the accounts they are,
the chair closes and downloads the minutes. Refusals are checked too: a double vote and a vote
on a closed session are 409 conflicts, a non-member or a secretary voting is 403 with the
actions still allowed.
"""

from __future__ import annotations

from awards.bootstrap import App
from tests.support.council import ACCOUNT_MEMBERS, HELD, UNIT
from tests.support.council_web import BASE, as_user, open_and_roll, vote
from tests.support.documents import docx_text
from tests.support.web import make_user


def test_members_vote_and_the_chair_closes_with_minutes(tdkt: App) -> None:
    session, codes, _ = open_and_roll(tdkt)
    for user, *_ in ACCOUNT_MEMBERS[1:]:
        r = vote(tdkt, user, session, award_code="GK_CDCT")
        assert r.status_code == 200 and r.json() == {"recorded": 2}, r.text
    chair, h = as_user(tdkt, "thang")
    seen = chair.get(f"{BASE}/{session}").json()
    assert seen["status"] == "open" and seen["me"] == "Lò Văn Thắng"
    assert seen["allowed"] == ["view", "vote", "approve_group", "close_session"]
    lines = seen["groups"][0]["lines"]
    assert [(x["code"], x["yes"], x["no"]) for x in lines] == [(c, 3, 0) for c in sorted(codes)]
    assert "Đủ điều kiện" in lines[0]["eligibility"] or "thẩm định" in lines[0]["eligibility"]
    r = chair.post(f"{BASE}/{session}/close", headers=h)
    assert r.status_code == 200, r.text
    number = r.json()["minutes_number"]
    assert {o["outcome"] for o in r.json()["outcomes"]} == {"approved"}
    docx = chair.get(f"{BASE}/{session}/minutes")
    assert docx.status_code == 200
    assert docx.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert f"Số: {number}" in docx_text(docx.content)
    listed = chair.get(BASE).json()["items"]
    assert [(x["code"], x["status"], x["minutes_number"]) for x in listed] == [
        (session, "closed", number)
    ]


def test_a_second_vote_and_a_vote_after_closing_are_conflicts(tdkt: App) -> None:
    session, codes, _ = open_and_roll(tdkt)
    assert vote(tdkt, "dung", session, dossier_codes=[codes[0]]).status_code == 200
    again = vote(tdkt, "dung", session, dossier_codes=[codes[0]], choice="no")
    assert again.status_code == 409, again.text
    assert again.json()["code"] == "xung_dot"
    assert "đã biểu quyết hồ sơ" in again.json()["message"]
    for user in ("chu", "hung"):
        assert vote(tdkt, user, session, award_code="GK_CDCT").status_code == 200
    chair, h = as_user(tdkt, "thang")
    assert chair.post(f"{BASE}/{session}/close", headers=h).status_code == 200
    late = vote(tdkt, "chu", session, dossier_codes=[codes[1]])
    assert late.status_code == 409
    assert "đã kết thúc" in late.json()["message"]
    twice = chair.post(f"{BASE}/{session}/close", headers=h)
    assert twice.status_code == 409 and twice.json()["code"] == "xung_dot"


def test_a_non_member_and_a_secretary_cannot_vote(tdkt: App) -> None:
    session, codes, _ = open_and_roll(tdkt)
    make_user(tdkt, "khach", "council_member", UNIT, "Người không trong Hội đồng")
    r = vote(tdkt, "khach", session, dossier_codes=codes)
    assert r.status_code == 403, r.text
    assert r.json()["code"] == "khong_co_quyen"
    assert "không là thành viên" in r.json()["message"]
    assert r.json()["allowed"] == ["view"]
    r = vote(tdkt, "minh", session, dossier_codes=codes)
    assert r.status_code == 403
    assert r.json()["allowed"] == ["view", "prepare_session"]
    make_user(tdkt, "xa-khac", "council_member", "TAN-UYEN", "Thành viên huyện khác")
    r = vote(tdkt, "xa-khac", session, dossier_codes=codes)
    assert r.status_code == 403 and r.json()["allowed"] == []
    member, h = as_user(tdkt, "dung")
    assert member.post(f"{BASE}/{session}/close", headers=h).status_code == 403
    seen = member.get(f"{BASE}/{session}").json()
    assert seen["groups"][0]["lines"][0]["yes"] == 0  # nothing was recorded by the refusals


def test_batch_approval_of_a_group_by_the_chair(tdkt: App) -> None:
    session, codes, _ = open_and_roll(tdkt)
    for user in ("dung", "chu", "hung"):
        assert vote(tdkt, user, session, dossier_codes=[codes[0]]).status_code == 200
    chair, h = as_user(tdkt, "thang")
    r = chair.post(f"{BASE}/{session}/groups/GK_CDCT/approve", headers=h)
    assert r.status_code == 200, r.text
    outcomes = {o["code"]: o["outcome"] for o in r.json()}
    assert outcomes == {codes[0]: "approved", codes[1]: "not_approved"}
    again = chair.post(f"{BASE}/{session}/groups/GK_CDCT/approve", headers=h)
    assert again.status_code == 422 and "không còn hồ sơ" in again.json()["message"]
    late = vote(tdkt, "thang", session, dossier_codes=[codes[1]])
    assert late.status_code == 409 and "đã có kết quả" in late.json()["message"]


def test_the_session_screens(tdkt: App) -> None:
    session, codes, members = open_and_roll(tdkt)
    member, h = as_user(tdkt, "dung")
    page = member.get(f"/council/sessions/{session}")
    assert page.status_code == 200
    assert "Chương trình họp" in page.text and "Lường Thị Dung" in page.text
    assert f'aria-label="Đồng ý hồ sơ {codes[0]}"' in page.text
    assert "Kết thúc phiên họp" not in page.text  # not the chair
    form = {"csrf_token": h["X-CSRF-Token"], "dossier_code": codes[0], "choice": "yes"}
    r = member.post(f"/council/sessions/{session}/votes", data=form, follow_redirects=False)
    assert r.status_code == 303
    again = member.post(f"/council/sessions/{session}/votes", data=form)
    assert again.status_code == 409
    assert 'id="council-error"' in again.text and "đã biểu quyết" in again.text
    listing = member.get("/council")
    assert session in listing.text and "Mở phiên họp" not in listing.text
    sec, sh = as_user(tdkt, "minh")
    assert "Mở phiên họp" in sec.get("/council").text
    assert 'aria-label="Có mặt: Lò Văn Thắng"' in sec.get(f"/council/sessions/{session}").text
    bad = sec.post("/council/sessions", data={"csrf_token": sh["X-CSRF-Token"], "unit_code": UNIT,
                   "round_code": "TK-2025", "held_on": str(HELD)})  # fmt: skip
    assert bad.status_code == 422 and "Không có hồ sơ đủ điều kiện" in bad.text
    chair, ch = as_user(tdkt, "thang")
    closed = chair.post(
        f"/council/sessions/{session}/close",
        data={"csrf_token": ch["X-CSRF-Token"]},
        follow_redirects=True,
    )
    assert closed.status_code == 200 and "Tải biên bản" in closed.text
    docx = chair.get(f"/council/sessions/{session}/minutes.docx")
    assert docx.content[:2] == b"PK"
    assert len(members) == 4


def test_a_member_votes_a_whole_group_from_the_screen(tdkt: App) -> None:
    session, codes, _ = open_and_roll(tdkt)
    member, h = as_user(tdkt, "chu")
    page = member.get(f"/council/sessions/{session}").text
    assert "Đồng ý mọi hồ sơ còn lại của nhóm" in page
    form = {"csrf_token": h["X-CSRF-Token"], "award_code": "GK_CDCT", "choice": "no"}
    r = member.post(f"/council/sessions/{session}/votes", data=form, follow_redirects=False)
    assert r.status_code == 303
    after = member.get(f"{BASE}/{session}").json()
    assert sorted(after["voted"]) == sorted(codes)
    assert [x["no"] for x in after["groups"][0]["lines"]] == [1, 1]
    assert "mọi hồ sơ còn lại" not in member.get(f"/council/sessions/{session}").text
