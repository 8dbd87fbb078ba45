"""Browser walk of the report, rules and upload screens (issue 8b) in headless Chromium:
a secretary opens the tổng kết report and downloads its XLSX, a rule author simulates a draft
(a broken one first), a unit officer uploads an Excel list with a bad row. Screenshots go to
artifacts/screenshots like the other walks."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from awards.bootstrap import App
from states import Trigger
from tests.support.browser import Walk
from tests.support.lifecycle import draft, drive
from tests.support.screens import (
    BAD_ROW,
    BROKEN_DRAFT,
    GOOD_ROW,
    lenient_draft,
    nominations_xlsx,
)
from tests.support.web import make_user

# One xdist group: one Chromium at a time (once xdist honours groups, docs/contributing.md).
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_reports_rules_and_excel_upload(
    server: str,
    sqlite_tdkt: App,
    browser_page: Page,
    tmp_path: Path,
) -> None:
    code = draft(sqlite_tdkt, "GK_CDCT")
    drive(sqlite_tdkt, code, [Trigger.submit])
    make_user(sqlite_tdkt, "lan", "secretariat", "LDLD-LC", "Vàng Thị Lan")
    make_user(sqlite_tdkt, "tuan", "rule_author", "LDLD-LC", "Lê Văn Tuấn")
    make_user(sqlite_tdkt, "hoa", "unit_officer", "CS1", "Lò Thị Hoa")

    secretary = Walk(browser_page, server, "8b-1-bao-cao")
    secretary.login("lan")
    secretary.page.get_by_role("link", name="Báo cáo").click()
    secretary.page.get_by_label("Loại báo cáo").select_option("tong_ket")
    secretary.page.get_by_role("button", name="Xem báo cáo").click()
    expect(secretary.page.get_by_label("Đơn vị lập báo cáo")).to_have_value("LDLD-LC")
    chart = secretary.page.get_by_role("img", name="Biểu đồ tỷ lệ")
    expect(chart).to_be_visible()
    assert secretary.page.evaluate("document.querySelector('figure img').naturalWidth") > 100
    secretary.shot("tong-ket")
    with secretary.page.expect_download() as info:
        secretary.page.get_by_role("link", name="Tải XLSX").click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.suffix == ".xlsx" and saved.read_bytes()[:2] == b"PK"
    secretary.page.get_by_role("button", name="Đăng xuất").click()

    author = Walk(browser_page, server, "8b-2-chinh-sach")
    author.login("tuan")
    author.page.get_by_role("link", name="Chính sách").click()
    author.page.get_by_role("link", name="Mô phỏng bản dự thảo").click()
    author.page.get_by_label("Bản dự thảo (YAML)").fill(BROKEN_DRAFT)
    author.page.get_by_role("button", name="Kiểm tra và mô phỏng").click()
    expect(author.page.locator("#draft-errors")).to_contain_text("dự thảo:")
    author.shot("du-thao-loi")
    author.page.get_by_label("Bản dự thảo (YAML)").fill(lenient_draft())
    author.page.get_by_role("button", name="Kiểm tra và mô phỏng").click()
    expect(author.page.locator("#simulation")).to_contain_text(code)
    expect(author.page.locator("#simulation")).to_contain_text("Hồ sơ đổi kết quả (1)")
    author.shot("mo-phong")
    author.page.get_by_role("button", name="Đăng xuất").click()

    officer = Walk(browser_page, server, "8b-3-nhap-excel")
    officer.login("hoa")
    officer.page.get_by_role("link", name="Lập hồ sơ").click()
    officer.page.get_by_label("Tệp danh sách (.xlsx, .csv)").set_input_files(
        {"name": "ds.xlsx", "mimeType": XLSX, "buffer": nominations_xlsx(GOOD_ROW, BAD_ROW)}
    )
    officer.page.get_by_role("button", name="Tải lên và kiểm tra").click()
    errors = officer.page.locator("#upload-errors")
    expect(errors).to_contain_text("không ghi dòng nào")
    expect(errors.get_by_role("row", name="3 Mã hình thức")).to_contain_text("KHONG_CO")
    officer.shot("loi-dong")
