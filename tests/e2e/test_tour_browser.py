"""The README's five-minute tour by role, followed in headless Chromium on the demo.

The demo is the one `make demo` builds (the Lai Châu federation, its round and the accounts
`tdkt demo run` prints), dated 01/12/2025; each test is one role's paragraph of the tour, in the
README's order, and asserts what the README says you should see.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from awards.bootstrap import App, build
from awards.demo.accounts import DEMO_PASSWORD, demo_accounts
from awards.demo.load import load_demo
from awards.demo.round import ORIGINAL_DAY, DemoClock, run_demo_round
from awards.settings import Settings
from tests.support.browser import Walk, serving

pytestmark = [pytest.mark.browser, pytest.mark.slow]
NOW = datetime(ORIGINAL_DAY.year, ORIGINAL_DAY.month, ORIGINAL_DAY.day, 2, 0, tzinfo=UTC)
README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo built once for every role's walk, served on a free port."""
    folder = tmp_path_factory.mktemp("demo")
    app: App = build(Settings(data_dir=folder, database_url=""), migrate=True)
    clock = DemoClock(ORIGINAL_DAY)
    load_demo(app.uow, clock.population())
    summary = run_demo_round(app.uow, clock=clock)
    demo_accounts(app.uow, summary.round_code, on=clock.today)
    with serving(app, NOW) as base:
        yield base
    app.close()


def walk_as(page: Page, base: str, username: str) -> Walk:
    walk = Walk(page, base, f"tour-{username}")
    walk.login(username, DEMO_PASSWORD)
    return walk


def test_the_readme_names_every_account_and_this_test() -> None:
    text = README.read_text(encoding="utf-8")
    for username in ("canbo", "thuongtruc", "chutich", "uyvien", "quytac", "quantri", "thuquy"):
        assert f"(`{username}`" in text
    assert DEMO_PASSWORD in text and "tests/e2e/test_tour_browser.py" in text


def test_unit_officer_corrects_and_resubmits(demo: str, browser_page: Page) -> None:
    walk = walk_as(browser_page, demo, "canbo")
    page = walk.page
    returned = page.get_by_role("link", name="Bị trả lại 1")
    expect(returned).to_be_visible()
    walk.shot("hop-viec")
    page.locator("table a[href^='/dossiers/HS-']").first.click()
    expect(page.locator("#return-reason")).to_contain_text(
        "Thiếu biên bản họp Hội đồng thi đua cơ sở"
    )
    page.get_by_label("Tóm tắt thành tích").fill("Bổ sung: đã có biên bản họp Hội đồng cơ sở.")
    page.get_by_label("Đã sửa gì (ghi chú cho Thường trực)").fill("Bổ sung biên bản")
    page.get_by_role("button", name="Lưu bản sửa").click()
    versions = page.locator("ol.versions")
    expect(versions).to_contain_text("lần sửa 1")
    expect(versions).to_contain_text("Bổ sung: đã có biên bản họp Hội đồng cơ sở.")
    expect(page.locator("ol.history")).to_contain_text("sửa hồ sơ")
    walk.shot("da-sua")
    walk.act("Nộp lại")
    walk.state_is("Đã nộp")


def test_secretariat_saves_a_filter_and_opens_the_report(demo: str, browser_page: Page) -> None:
    walk = walk_as(browser_page, demo, "thuongtruc")
    page = walk.page
    page.get_by_role("navigation").get_by_role("link", name="Hồ sơ", exact=True).click()
    page.locator("#f-state").select_option(label="Đã khen thưởng")
    page.get_by_role("button", name="Lọc", exact=True).click()
    expect(page.locator("table tbody tr").first).to_contain_text("Đã khen thưởng")
    page.get_by_label("Lưu bộ lọc đang xem với tên").fill("Đã khen thưởng")
    page.get_by_role("button", name="Lưu bộ lọc").click()
    saved = page.locator(".saved-filters").get_by_role("link", name="Đã khen thưởng")
    expect(saved).to_be_visible()
    walk.shot("bo-loc")
    page.get_by_role("navigation").get_by_role("link", name="Báo cáo").click()
    expect(page.get_by_role("heading", name="Báo cáo sơ kết, tổng kết")).to_be_visible()
    page.get_by_label("Loại báo cáo").select_option(label="Tổng kết năm")
    page.get_by_role("button", name="Xem báo cáo").click()
    expect(page.locator("#h-rep")).to_contain_text("Công tác thi đua, khen thưởng năm 2025")
    expect(page.get_by_role("link", name="Tải XLSX")).to_be_visible()
    expect(page.get_by_role("button", name="Ban hành báo cáo")).to_be_visible()
    walk.shot("bao-cao")
    page.get_by_role("navigation").get_by_role("link", name="Thẩm định").click()
    expect(page.get_by_role("heading", name="Thẩm định theo bộ chính sách")).to_be_visible()


@pytest.mark.parametrize("username", ["chutich", "uyvien"])
def test_council_opens_its_session(demo: str, browser_page: Page, username: str) -> None:
    walk = walk_as(browser_page, demo, username)
    page = walk.page
    page.get_by_role("navigation").get_by_role("link", name="Hội đồng").click()
    row = page.locator("tr", has_text="PH-LDLD-LC-TK-2025-01")
    expect(row).to_contain_text("đã kết thúc")
    row.get_by_role("link", name="PH-LDLD-LC-TK-2025-01").click()
    expect(page.get_by_text("Bạn biểu quyết với tư cách")).to_be_visible()
    expect(page.get_by_role("link", name="Tải biên bản 01/BB-HĐTĐKT (DOCX)")).to_be_visible()
    walk.shot("phien-hop")


def test_rule_author_reads_a_policy(demo: str, browser_page: Page) -> None:
    walk = walk_as(browser_page, demo, "quytac")
    page = walk.page
    page.get_by_role("navigation").get_by_role("link", name="Chính sách").click()
    simulate = page.get_by_role("link", name="Mô phỏng bản dự thảo trên một đợt đã qua")
    expect(simulate).to_be_visible()
    page.get_by_role("link", name="gk-cdct", exact=True).click()
    expect(page.get_by_text("Ví dụ: 4/4 đúng")).to_be_visible()
    walk.shot("chinh-sach")


def test_admin_sees_the_demo_accounts(demo: str, browser_page: Page) -> None:
    walk = walk_as(browser_page, demo, "quantri")
    page = walk.page
    page.get_by_role("navigation").get_by_role("link", name="Tài khoản").click()
    for username in ("canbo", "thuongtruc", "chutich", "uyvien", "quytac", "thuquy"):
        expect(page.locator("td", has_text=username).first).to_be_visible()
    walk.shot("tai-khoan")


def test_fund_keeper_sees_the_prizes_of_the_decision(demo: str, browser_page: Page) -> None:
    walk = walk_as(browser_page, demo, "thuquy")
    page = walk.page
    page.get_by_role("navigation").get_by_role("link", name="Quỹ khen thưởng").click()
    expect(page.get_by_text("715/QĐ-LĐLĐ").first).to_be_visible()
    expect(page.locator("a[href*='prize-list.docx']").first).to_be_visible()
    walk.shot("quy")
