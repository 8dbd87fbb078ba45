"""The council walk in headless Chromium: a unit officer nominates, the secretary receives,
appraises, opens a council session and keeps the roll, three members vote, the chair closes and
downloads the minutes (a DOCX read back with python-docx); then an overdue dossier swept by the
reminder service shows in the secretary's inbox. Screenshots go to artifacts/screenshots.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from awards.bootstrap import App
from awards.services.reminders.sweep import clock, sweep
from tests.support.browser import Walk
from tests.support.council import ACCOUNT_MEMBERS
from tests.support.documents import docx_text
from tests.support.lifecycle import NOW, overdue_dossier
from tests.support.web import council_with_accounts, make_user

# One xdist group: one Chromium at a time (once xdist honours groups, docs/contributing.md).
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]


def logout(page: Page) -> None:
    """Sign out and wait for the login page: its fresh CSRF cookie must land before the next
    sign-in loads the form (else the form carries the old token)."""
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()


def nominate_and_appraise(page: Page, base: str) -> str:
    officer = Walk(page, base, "3-can-bo")
    officer.login("hoa")
    officer.page.get_by_role("link", name="Lập hồ sơ").click()
    officer.page.get_by_label("Hình thức khen thưởng").select_option("GK_CDCT")
    officer.page.get_by_label("Mã đoàn viên (cá nhân)").fill("DV1")
    officer.page.get_by_label("Tóm tắt thành tích").fill("Dẫn đầu phong trào thi đua năm 2025")
    officer.page.get_by_role("button", name="Lập hồ sơ (nháp)").click()
    officer.state_is("Nháp")
    code = officer.page.locator("h1").inner_text().split()[2]
    officer.act("Nộp")
    officer.state_is("Đã nộp")
    logout(officer.page)
    secretary = Walk(page, base, "4-thuong-truc")
    secretary.login("minh")
    secretary.page.get_by_role("link", name=code).click()
    secretary.act("Tiếp nhận", **{"Hạn thẩm định": "2025-11-28"})
    secretary.act("Thẩm định")
    secretary.act("Kết luận đủ điều kiện", **{"Lý do": "Đã đối chiếu hồ sơ bản giấy"})
    secretary.state_is("Đủ điều kiện")
    return code


def open_session_and_call_the_roll(page: Page, base: str) -> str:
    secretary = Walk(page, base, "4-thuong-truc")
    page.get_by_role("link", name="Hội đồng", exact=True).click()
    page.get_by_label("Mã đợt thi đua").fill("TK-2025")
    page.get_by_label("Ngày họp").fill("2025-12-10")
    page.get_by_label("Địa điểm").fill("Hội trường LĐLĐ huyện Than Uyên")
    page.get_by_role("button", name="Mở phiên họp").click()
    expect(page.get_by_role("heading", name="Chương trình họp")).to_be_visible()
    session = page.locator("h1").inner_text().split()[2]
    for _, name, _, _ in ACCOUNT_MEMBERS:
        page.get_by_role("button", name=f"Có mặt: {name}").click()
        expect(page.get_by_role("row", name=name)).to_contain_text("có mặt")
    expect(page.get_by_text("Có mặt 4/4 thành viên")).to_be_visible()
    secretary.shot("phien-hop-diem-danh")
    logout(page)
    return session


def members_vote(page: Page, base: str, session: str, code: str) -> None:
    for username, *_ in ACCOUNT_MEMBERS[1:]:
        member = Walk(page, base, f"5-uy-vien-{username}")
        member.login(username)
        page.get_by_role("link", name="Hội đồng", exact=True).click()
        page.get_by_role("link", name=session).click()
        page.get_by_role("button", name=f"Đồng ý hồ sơ {code}", exact=True).click()
        expect(page.get_by_role("row", name=code)).to_contain_text("Đã biểu quyết")
        logout(page)
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()


def chair_closes(page: Page, base: str, session: str, code: str, folder: Path) -> str:
    chair = Walk(page, base, "6-chu-tich")
    chair.login("thang")
    page.goto(f"{base}/council/sessions/{session}")
    expect(page.get_by_role("row", name=code)).to_contain_text("3 / 0")
    chair.shot("phien-hop")
    page.once("dialog", lambda dialog: dialog.accept())  # closing asks first (issue 20)
    page.get_by_role("button", name="Kết thúc phiên họp").click()
    link = page.locator("#minutes-link")
    expect(link).to_be_visible()
    expect(page.get_by_role("row", name=code)).to_contain_text("Thông qua")
    chair.shot("phien-hop-da-ket-thuc")
    number = link.inner_text().removeprefix("Tải biên bản ").removesuffix(" (DOCX)")
    with page.expect_download() as info:
        link.click()
    saved = folder / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.suffix == ".docx"
    assert f"Số: {number}" in docx_text(saved.read_bytes())
    page.set_viewport_size({"width": 390, "height": 844})
    chair.shot("phien-hop-dien-thoai")
    page.set_viewport_size({"width": 1280, "height": 900})
    logout(page)
    return number


def test_council_session_walk_and_overdue_reminder(
    server: str, sqlite_tdkt: App, browser_page: Page, tmp_path: Path
) -> None:
    council_with_accounts(sqlite_tdkt)
    make_user(sqlite_tdkt, "hoa", "unit_officer", "CS1", "Lò Thị Hoa")
    page = browser_page
    code = nominate_and_appraise(page, server)
    session = open_session_and_call_the_roll(page, server)
    members_vote(page, server, session, code)
    number = chair_closes(page, server, session, code, tmp_path)
    assert number.endswith("/BB-HĐTĐKT")

    late = overdue_dossier(sqlite_tdkt, person="DV2")
    today, now = clock(sqlite_tdkt.settings.tz, NOW.date())
    assert sweep(sqlite_tdkt.uow, today=today, now=now).written >= 1
    secretary = Walk(page, server, "7-thuong-truc")
    secretary.login("minh")
    panel = page.locator("section.reminders")
    expect(panel.get_by_role("heading", name="Nhắc việc")).to_be_visible()
    expect(panel.get_by_role("listitem").filter(has_text=late)).to_contain_text(
        "trễ 4 ngày làm việc"
    )
    expect(panel).to_contain_text("Nhắc việc hằng ngày")
    secretary.shot("hop-viec-nhac-viec")
