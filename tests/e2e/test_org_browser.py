"""The organisation screen in headless Chromium: an administrator finds a unit, merges it into
another after confirming, and uploads the organisation file with a dry run (issue 18)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from awards.bootstrap import App
from tests.support.browser import Walk
from tests.support.web import make_user

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]


def test_an_administrator_merges_a_district_and_uploads_the_tree(
    server: str, sqlite_tdkt: App, browser_page: Page, tmp_path: Path
) -> None:
    make_user(sqlite_tdkt, "quantri", "admin", "LDLD-LC", "Vàng Văn Quản")
    admin = Walk(browser_page, server, "10-to-chuc")
    admin.login("quantri")
    page = admin.page
    page.get_by_role("link", name="Tổ chức").click()
    page.get_by_label("Tìm đơn vị theo tên hoặc mã").fill("Tân Uyên")
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role("link", name="TAN-UYEN").click()
    expect(page.locator("#h-unit")).to_contain_text("Liên đoàn Lao động huyện Tân Uyên")
    merge = page.locator("form[action$='/merge']")
    merge.get_by_label("Mã đơn vị nhận hợp nhất").fill("THAN-UYEN")
    merge.get_by_label("Có hiệu lực từ ngày").fill("2025-07-01")
    merge.get_by_role("button", name="Hợp nhất").click()
    # The confirmation box is required: the browser does not send the form without it.
    expect(page.locator("#done")).to_have_count(0)
    merge.get_by_label("Tôi xác nhận hợp nhất").check()
    merge.get_by_role("button", name="Hợp nhất").click()
    expect(page.locator("#done")).to_contain_text("TAN-UYEN hợp nhất vào THAN-UYEN")
    expect(page.locator("ul.events")).to_contain_text("Hợp nhất vào đơn vị khác · Vàng Văn Quản")
    admin.shot("hop-nhat")

    csv = tmp_path / "don-vi.csv"
    csv.write_text(
        "Mã đơn vị,Tên đơn vị,Mã đơn vị cấp trên,Loại đơn vị\n"
        "CS7,Công đoàn Trường Mầm non Mường Kim,THAN-UYEN,Công đoàn cơ sở\n"
        "CS8,,THAN-UYEN,Công đoàn cơ sở\n",
        encoding="utf-8",
    )
    page.get_by_label("Tệp danh sách đơn vị (.xlsx, .csv)").set_input_files(str(csv))
    page.get_by_label("Ngày hiệu lực của các dòng để trống ngày").fill("2025-07-01")
    page.get_by_role("button", name="Tải lên").click()
    expect(page.locator("#upload-errors")).to_contain_text("bắt buộc với đơn vị mới")
    admin.shot("loi-tep")
    csv.write_text(csv.read_text(encoding="utf-8").replace("CS8,,", "CS8,Công đoàn Trạm Y tế,"))
    page.get_by_label("Tệp danh sách đơn vị (.xlsx, .csv)").set_input_files(str(csv))
    page.get_by_label("Ngày hiệu lực của các dòng để trống ngày").fill("2025-07-01")
    page.get_by_role("button", name="Tải lên").click()
    expect(page.locator("#upload-ok")).to_contain_text("Chạy thử, chưa ghi gì: 2 thay đổi")
    page.get_by_label("Tệp danh sách đơn vị (.xlsx, .csv)").set_input_files(str(csv))
    page.get_by_label("Ngày hiệu lực của các dòng để trống ngày").fill("2025-07-01")
    page.get_by_label("Chạy thử (chỉ xem các thay đổi, chưa ghi)").uncheck()
    page.get_by_role("button", name="Tải lên").click()
    expect(page.locator("#upload-ok")).to_contain_text("Đã ghi: 2 thay đổi")
    admin.shot("nhap-tep")
