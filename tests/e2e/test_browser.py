"""Browser walk in Debian's headless Chromium (Playwright): a unit officer nominates and submits,
a secretary receives and appraises; screenshots of the main pages go to artifacts/screenshots.

The harness (`server`, `browser_page`, `Walk`): tests/support/browser.py, tests/e2e/conftest.py.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from awards.bootstrap import App
from tests.support.browser import Walk
from tests.support.web import make_user

# One xdist group: one Chromium at a time (once xdist honours groups, docs/contributing.md).
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]


def test_officer_nominates_secretary_receives_and_appraises(
    server: str, sqlite_tdkt: App, browser_page: Page
) -> None:
    make_user(sqlite_tdkt, "hoa", "unit_officer", "CS1", "Lò Thị Hoa")
    make_user(sqlite_tdkt, "minh", "secretariat", "THAN-UYEN", "Tòng Văn Minh")
    officer = Walk(browser_page, server, "1-can-bo")
    officer.login("hoa")
    officer.page.get_by_role("link", name="Lập hồ sơ").click()
    officer.page.get_by_label("Hình thức khen thưởng").select_option("GK_CDCT")
    officer.page.get_by_role("button", name="Lập hồ sơ (nháp)").click()
    expect(officer.page.locator("#err-person_code")).to_contain_text("Nhập mã đoàn viên")
    officer.shot("loi-bieu-mau")
    officer.page.get_by_label("Mã đoàn viên (cá nhân)").fill("DV1")
    officer.page.get_by_label("Tóm tắt thành tích").fill("Hoàn thành xuất sắc nhiệm vụ năm 2025")
    officer.page.get_by_role("button", name="Lập hồ sơ (nháp)").click()
    officer.state_is("Nháp")
    code = officer.page.locator("h1").inner_text().split()[2]
    officer.act("Nộp")
    officer.state_is("Đã nộp")
    officer.shot("ho-so-da-nop")
    officer.page.get_by_role("button", name="Đăng xuất").click()
    # Wait for the logout's redirect: a /login opened before it lands gets its session cookie
    # replaced by the logout's, and the sign-in is refused as a CSRF mismatch (seen under load).
    expect(officer.page.get_by_label("Tên đăng nhập")).to_be_visible()

    secretary = Walk(browser_page, server, "2-thuong-truc")
    secretary.login("minh")
    expect(secretary.page.get_by_role("link", name=code)).to_be_visible()
    secretary.shot("hop-viec")
    secretary.page.get_by_role("link", name=code).click()
    secretary.act("Tiếp nhận", **{"Hạn thẩm định": "2025-11-28"})
    secretary.state_is("Đã tiếp nhận")
    secretary.act("Thẩm định")
    secretary.act("Kết luận đủ điều kiện", **{"Lý do": "Đã đối chiếu hồ sơ bản giấy"})
    secretary.state_is("Đủ điều kiện")
    expect(secretary.page.locator(".history li")).to_have_count(4)
    secretary.shot("ho-so")
    secretary.page.get_by_role("link", name="Nhật ký").first.click()
    expect(secretary.page.locator("tbody tr")).to_have_count(4)
    secretary.shot("nhat-ky")
    secretary.page.goto(f"{server}/rounds/TK-2025/board")
    expect(secretary.page.get_by_role("row", name="Công đoàn Trường Tiểu học")).to_be_visible()
    secretary.shot("bang-tong-hop")
    secretary.page.set_viewport_size({"width": 390, "height": 844})
    secretary.page.goto(f"{server}/dossiers/{code}")
    secretary.shot("ho-so-dien-thoai")
