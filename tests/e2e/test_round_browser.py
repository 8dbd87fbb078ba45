"""The round screen in headless Chromium: the organiser's secretariat extends and closes the
round, and the unit sees its extension on its dossier (issue 18)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from awards.bootstrap import App
from tests.e2e.test_browser import Walk, browser_page, server
from tests.integration.lifecycle_fixtures import draft
from tests.web.web_fixtures import make_user

pytestmark = pytest.mark.browser
__all__ = ["browser_page", "server"]  # the fixtures of the nomination walk


def test_secretariat_extends_and_closes_a_round(
    server: str, sqlite_tdkt: App, browser_page: Page
) -> None:
    code = draft(sqlite_tdkt, "GK_CDCT")
    make_user(sqlite_tdkt, "minh", "secretariat", "LDLD-LC", "Tòng Văn Minh")
    make_user(sqlite_tdkt, "hoa", "unit_officer", "CS1", "Lò Thị Hoa")
    secretary = Walk(browser_page, server, "9-dot-thi-dua")
    secretary.login("minh")
    secretary.page.get_by_role("link", name="Đợt thi đua").click()
    expect(secretary.page.get_by_role("heading", name="Đợt thi đua")).to_be_visible()
    secretary.shot("danh-sach")
    secretary.page.get_by_role("link", name="TK-2025").click()
    secretary.page.get_by_label("Mã đơn vị").fill("CS1")
    secretary.page.get_by_label("Hạn nộp mới", exact=True).fill("2025-11-28")
    secretary.page.get_by_label("Lý do (gửi cho đơn vị)").fill("Mưa lũ chia cắt xã Mường Kim")
    secretary.page.get_by_role("button", name="Gia hạn").click()
    expect(secretary.page.locator("#done")).to_contain_text(
        "Đã gia hạn cho đơn vị CS1 đến 28/11/2025"
    )
    expect(
        secretary.page.get_by_role("row", name="Công đoàn Trường Tiểu học Mường Kim")
    ).to_be_visible()
    secretary.page.get_by_label("Ngày cuối cùng nhận hồ sơ").fill("2025-11-30")
    secretary.page.get_by_role("button", name="Đóng đợt").click()
    expect(secretary.page.locator("#status")).to_contain_text("nhận hồ sơ đến hết 30/11/2025")
    secretary.shot("dot")
    secretary.page.get_by_role("button", name="Đăng xuất").click()
    expect(secretary.page.get_by_label("Tên đăng nhập")).to_be_visible()

    officer = Walk(browser_page, server, "9-don-vi")
    officer.login("hoa")
    expect(officer.page.get_by_role("link", name="Đợt thi đua")).to_have_count(0)
    officer.page.goto(f"{server}/dossiers/{code}")
    expect(officer.page.locator("#extension")).to_contain_text(
        "gia hạn nộp hồ sơ đến hết ngày 28 tháng 11 năm 2025"
    )
    officer.shot("ho-so-duoc-gia-han")
