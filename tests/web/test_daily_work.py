"""The daily work of unit officers, secretariats and council members (issue 20), on SQLite and
PostgreSQL: attachments, labels instead of codes, finding work, bulk moves, council screens."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from awards.bootstrap import App
from tests.support.daily import PDF, PNG, daily_world
from tests.support.web import client_for, login, make_user


@pytest.fixture
def day(tdkt: App) -> tuple[App, dict[str, list[str]]]:
    return tdkt, daily_world(tdkt)


def signed_in(app: App, username: str) -> TestClient:
    client = client_for(app)
    login(client, username)
    return client


def attachment_links(html: str, code: str) -> list[str]:
    return re.findall(rf'href="(/dossiers/{code}/attachments/\d+)" download', html)


@pytest.mark.postgres
def test_reviewer_downloads_and_previews_attachments(day: tuple[App, dict[str, list[str]]]) -> None:
    app, codes = day
    code = codes["eligible"][0]
    secretary = signed_in(app, "minh")
    page = secretary.get(f"/dossiers/{code}")
    pdf_url, png_url = attachment_links(page.text, code)
    assert f'<iframe src="{pdf_url}?inline=1"' in page.text
    assert f'<img src="{png_url}?inline=1"' in page.text

    pdf = secretary.get(pdf_url)
    assert pdf.status_code == 200 and pdf.content == PDF
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith("attachment;")
    assert 'filename="to-trinh.pdf"' in pdf.headers["content-disposition"]
    shown = secretary.get(f"{png_url}?inline=1")
    assert shown.content == PNG and shown.headers["content-type"] == "image/png"
    assert shown.headers["content-disposition"].startswith("inline;")
    assert "frame-ancestors 'self'" in shown.headers["content-security-policy"]


@pytest.mark.postgres
def test_attachment_downloads_are_scope_checked(day: tuple[App, dict[str, list[str]]]) -> None:
    app, codes = day
    code, other = codes["eligible"][0], codes["eligible"][1]
    url = attachment_links(signed_in(app, "minh").get(f"/dossiers/{code}").text, code)[0]
    make_user(app, "xuan", "secretariat", "TAN-UYEN", "Thường trực huyện khác")
    outsider = signed_in(app, "xuan")
    refused = outsider.get(url)
    assert refused.status_code == 403 and "hồ sơ" in refused.text
    assert PDF not in refused.content
    # the id of one dossier's file cannot be read through another dossier's address
    wrong = signed_in(app, "minh").get(url.replace(code, other))
    assert wrong.status_code == 404 and f"Hồ sơ {other} không có tài liệu" in wrong.text
    assert client_for(app).get(url, follow_redirects=False).status_code == 303  # not signed in


def codes_in(html: str) -> list[str]:
    return re.findall(r'<td><a href="/dossiers/(HS-[\d-]+)">', html)


@pytest.mark.postgres
def test_inbox_filters_by_state_and_sorts(day: tuple[App, dict[str, list[str]]]) -> None:
    app, codes = day
    secretary = signed_in(app, "minh")
    home = secretary.get("/")
    assert 'href="/?state=received&amp;sort=due"' in home.text  # the counts are links
    received = secretary.get("/?state=received")
    assert sorted(codes_in(received.text)) == sorted(codes["received"])
    assert 'aria-current="page"><span class="state s-received">' in received.text
    newest = codes_in(secretary.get("/?sort=updated").text)
    by_code = codes_in(secretary.get("/?sort=code").text)
    assert by_code == sorted(by_code) and sorted(newest) == sorted(by_code)
    wrong = secretary.get("/?sort=ten")
    assert wrong.status_code == 422 and "Cách sắp xếp &#39;ten&#39; không có" in wrong.text


@pytest.mark.postgres
def test_dossiers_search_by_name_with_named_pickers(day: tuple[App, dict[str, list[str]]]) -> None:
    app, codes = day
    secretary = signed_in(app, "minh")
    found = secretary.get("/dossiers", params={"nominee": "hằng"})
    assert codes_in(found.text) == [codes["eligible"][0]]  # Nguyễn Thị Hằng (DV1)
    assert secretary.get("/dossiers", params={"nominee": "100%_"}).text.count("<td><a") == 0
    page = secretary.get("/dossiers")
    assert '<option value="GK_CDCT">Giấy khen của Công đoàn cấp trên trực tiếp cơ sở</option>' in (
        page.text
    )
    assert '<option value="CS1">Công đoàn Trường Tiểu học Mường Kim</option>' in page.text
    listed = codes_in(secretary.get("/dossiers?sort=code").text)
    assert listed == sorted(listed)


@pytest.mark.postgres
def test_appraisal_desk_is_in_the_menu_and_counts_received(
    day: tuple[App, dict[str, list[str]]],
) -> None:
    app, _ = day
    secretary = signed_in(app, "minh")
    assert '<a href="/appraisal">Thẩm định</a>' in secretary.get("/").text
    desk = secretary.get("/appraisal")
    assert desk.url.path == "/rounds/TK-2025/appraisal"
    assert "Đã tiếp nhận, chưa bắt đầu thẩm định: 3 hồ sơ" in desk.text
    assert '<a href="/appraisal">' not in signed_in(app, "hoa").get("/").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', desk.text)
    assert token and "Bắt đầu thẩm định 3 hồ sơ" in desk.text
    codes = re.findall(r'name="codes" value="(HS-[\d-]+)"', desk.text)
    started = secretary.post(
        "/dossiers/bulk",
        data={"csrf_token": token.group(1), "trigger": "start_appraisal", "codes": codes},
    )
    assert "3/3</strong> hồ sơ đã thẩm định" in started.text
    assert "Đang chờ thẩm định: 3 hồ sơ" in secretary.get("/appraisal").text


@pytest.mark.postgres
def test_admin_unit_picker_shows_names(day: tuple[App, dict[str, list[str]]]) -> None:
    app, _ = day
    page = signed_in(app, "quantri").get("/admin/users")
    assert '<option value="CS1">Công đoàn Trường Tiểu học Mường Kim</option>' in page.text
    assert ">CS1</option>" not in page.text


def bulk(client: TestClient, trigger: str, codes: list[str], **fields: str) -> str:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").text)
    assert token
    body = {"csrf_token": token.group(1), "trigger": trigger, "codes": codes, **fields}
    r = client.post("/dossiers/bulk", data=body)
    assert r.status_code in (200, 422), r.text
    return r.text


@pytest.mark.postgres
def test_bulk_moves_report_each_dossier(day: tuple[App, dict[str, list[str]]]) -> None:
    app, codes = day
    secretary = signed_in(app, "minh")
    submitted, received = codes["submitted"], codes["received"]
    page = bulk(secretary, "receive", [*submitted, received[0]])
    assert "2/3</strong> hồ sơ đã tiếp nhận" in page
    for code in submitted:
        assert (
            f'<a href="/dossiers/{code}">{code}</a></th>\n    <td>✅ Đã nộp → Đã tiếp nhận' in page
        )
    assert f'<a href="/dossiers/{received[0]}">{received[0]}</a></th>\n    <td>❌' in page
    started = bulk(secretary, "start_appraisal", [*received, *submitted])
    assert "5/5</strong> hồ sơ đã thẩm định" in started
    refused = bulk(secretary, "return_for_changes", received)
    assert "Trả lại hồ sơ cần ghi lý do" in refused
    back = bulk(secretary, "return_for_changes", received[:2], reason="Thiếu biên bản họp")
    assert "2/2</strong> hồ sơ đã trả lại" in back
    officer = signed_in(app, "hoa")  # not the officer's move: refused per dossier
    assert "0/1</strong>" in bulk(officer, "receive", [received[2]])
    assert "Không làm &#39;rút&#39; cho nhiều hồ sơ" in bulk(secretary, "withdraw", received)
    with app.uow() as uow:
        from sqlmodel import col, select

        from awards.model import AuditEvent, Dossier

        states = dict(
            uow.session.exec(
                select(Dossier.code, Dossier.state).where(col(Dossier.code).in_(received))
            ).all()
        )
        reasons = set(
            uow.session.exec(
                select(AuditEvent.reason).where(AuditEvent.trigger == "return_for_changes")
            ).all()
        )
    assert states == {
        received[0]: "returned",
        received[1]: "returned",
        received[2]: "under_appraisal",
    }
    assert "Thiếu biên bản họp" in reasons


@pytest.mark.postgres
def test_a_district_report_page_offers_only_what_works(
    day: tuple[App, dict[str, list[str]]],
) -> None:
    """THAN-UYEN has no profile in report_policy.yaml: its issuer comes from the tree."""
    from tests.support.documents import docx_text

    app, _ = day
    secretary = signed_in(app, "minh")
    query = "level=THAN-UYEN&kind=tong_ket&year=2025"
    page = secretary.get(f"/reports?{query}")
    assert page.status_code == 200 and "Tải DOCX" in page.text and "Ban hành báo cáo" in page.text
    docx = secretary.get(f"/reports/download.docx?{query}")
    assert docx.status_code == 200, docx.text
    text = docx_text(docx.content)
    assert "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU" in text.upper()
    assert "Liên đoàn Lao động huyện Than Uyên".upper() in text.upper()
    assert "TM. BAN THƯỜNG VỤ" in text and "Lò Văn Thắng" in text  # its council's chair signs
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    issued = secretary.post(
        "/reports/issue",
        data={
            "csrf_token": token.group(1),
            "level": "THAN-UYEN",
            "kind": "tong_ket",
            "year": "2025",
        },
    )
    assert issued.status_code == 200 and "Báo cáo số" in issued.text, issued.text
    assert "report_policy.yaml" not in issued.text


@pytest.mark.postgres
def test_council_member_finds_the_session_sees_names_and_their_vote(
    day: tuple[App, dict[str, list[str]]],
) -> None:
    from sqlmodel import select

    from awards.model import CouncilMember
    from tests.support.council import attend

    app, codes = day
    session_code, (first, second) = codes["session"][0], codes["eligible"]
    with app.uow() as uow:
        members = [m for m in uow.session.exec(select(CouncilMember.id)) if m is not None]
    attend(app, session_code, members)
    member = signed_in(app, "dung")
    home = member.get("/")
    assert f'<a href="/council/sessions/{session_code}">Phiên họp Hội đồng Thi đua' in home.text
    assert "Phiên họp tôi được mời" not in signed_in(app, "hoa").get("/").text
    page = member.get(f"/council/sessions/{session_code}")
    assert "<strong>Nguyễn Thị Hằng</strong>" in page.text
    assert "Công đoàn Trường Tiểu học Mường Kim" in page.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    voted = member.post(
        f"/council/sessions/{session_code}/votes",
        data={"csrf_token": token.group(1), "choice": "no", "dossier_code": first},
    )
    assert voted.status_code == 200, voted.text
    after = member.get(f"/council/sessions/{session_code}").text
    assert "Đã biểu quyết: <strong>Không đồng ý</strong>" in after
    assert f'aria-label="Đồng ý hồ sơ {second}"' in after  # the other one still open to vote
    assert (
        "Đã biểu quyết:"
        not in signed_in(app, "thang").get(f"/council/sessions/{session_code}").text
    )


@pytest.mark.postgres
def test_a_returned_dossier_shows_its_reason_on_top(day: tuple[App, dict[str, list[str]]]) -> None:
    app, codes = day
    page = signed_in(app, "hoa").get(f"/dossiers/{codes['returned'][0]}").text
    top = page.index('id="return-reason"')
    assert top < page.index('id="h-actions"')
    assert "<strong>Lý do:</strong> Thiếu biên bản họp Hội đồng thi đua cơ sở" in page[top:]


@pytest.mark.postgres
def test_admin_adds_and_revokes_a_role_and_searches(day: tuple[App, dict[str, list[str]]]) -> None:
    from awards.services.accounts.users import list_users

    app, _ = day
    admin = signed_in(app, "quantri")
    page = admin.get("/admin/users", params={"unit": "THAN-UYEN", "q": "HOA"})
    assert '<th scope="row">hoa</th>' in page.text and '<th scope="row">dung</th>' not in page.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token

    def change(username: str, role: str, unit: str, action: str) -> str:
        body = {"csrf_token": token.group(1), "role": role, "role_unit": unit, "action": action}
        r = admin.post(f"/admin/users/{username}/roles", data={**body, "unit": "THAN-UYEN"})
        assert r.status_code in (200, 403, 404, 422), r.text
        return r.text

    def grants(username: str) -> list[tuple[str, str]]:
        return next(u.grants for u in list_users(app.uow) if u.username == username)

    assert "Đã thêm vai trò Thành viên Hội đồng của tài khoản hoa" in change(
        "hoa", "council_member", "CS1", "grant"
    )
    assert ("council_member", "CS1") in grants("hoa")
    assert "đã có vai trò" in change("hoa", "council_member", "CS1", "grant")
    assert "Đã bỏ vai trò Thành viên Hội đồng" in change("hoa", "council_member", "CS1", "revoke")
    assert grants("hoa") == [("unit_officer", "CS1")]
    refused = change("lan", "council_member", "THAN-UYEN", "grant")  # lan works for the province
    assert "ngoài phạm vi quản trị" in refused and ("council_member", "THAN-UYEN") not in grants(
        "lan"
    )
