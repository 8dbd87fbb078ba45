"""Issue 20 in headless Chromium: a secretary previews and downloads a dossier's files, the
irreversible moves ask first, and the desks are reached from the menu."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from awards.bootstrap import App
from tests.support.browser import Walk, serving
from tests.support.daily import PDF, daily_world

pytestmark = pytest.mark.browser


@pytest.fixture
def day(sqlite_tdkt: App) -> Iterator[tuple[str, dict[str, list[str]]]]:
    codes = daily_world(sqlite_tdkt)
    with serving(sqlite_tdkt) as base:
        yield base, codes


def test_secretary_previews_and_downloads_attachments(
    day: tuple[str, dict[str, list[str]]], browser_page: Page, tmp_path: Path
) -> None:
    base, codes = day
    walk = Walk(browser_page, base, "20-tep")
    walk.login("minh")
    page = walk.page
    page.goto(f"{base}/dossiers/{codes['eligible'][0]}")
    files = page.locator("li.attachment")
    expect(files).to_have_count(2)
    image = files.nth(1)
    image.get_by_text("Xem trước").click()
    picture = image.get_by_role("img")
    expect(picture).to_be_visible()
    # Visible comes before loaded: wait for the decoded image (a 1 × 1 PNG) before reading it.
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=picture.element_handle()
    )
    assert picture.evaluate("img => img.naturalWidth") == 1
    pdf = files.nth(0)
    pdf.get_by_text("Xem trước").click()
    frame = pdf.locator("iframe")
    expect(frame).to_be_visible()
    assert frame.evaluate("f => f.title") == "Xem trước to-trinh.pdf"
    walk.shot("xem-truoc")
    with page.expect_download() as info:
        pdf.get_by_role("link", name="to-trinh.pdf").click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.name == "to-trinh.pdf" and saved.read_bytes() == PDF


def test_irreversible_actions_ask_first(
    day: tuple[str, dict[str, list[str]]], browser_page: Page
) -> None:
    base, codes = day
    page = browser_page
    answers: list[str] = []

    def answer(accept: bool) -> None:
        page.once(
            "dialog", lambda d: (answers.append(d.message), d.accept() if accept else d.dismiss())
        )

    officer = Walk(page, base, "20-xac-nhan")
    officer.login("hoa")
    page.goto(f"{base}/dossiers/{codes['returned'][0]}")
    buttons = page.locator("form.action button")
    expect(buttons).to_have_text(["Nộp lại", "Rút"])  # the dangerous one after
    withdraw = page.get_by_role("button", name="Rút", exact=True)
    assert "danger" in (withdraw.get_attribute("class") or "")
    officer.shot("rut")
    answer(False)
    withdraw.click()
    officer.state_is("Bị trả lại")
    assert answers and "không nộp lại được" in answers[-1]
    answer(True)
    withdraw.click()
    officer.state_is("Đã rút")

    chair = Walk(page, base, "20-xac-nhan")
    page.context.clear_cookies()
    chair.login("thang")
    page.goto(f"{base}/council/sessions/{codes['session'][0]}")
    answer(False)
    page.get_by_role("button", name="Kết thúc phiên họp").click()
    assert "không hoàn tác được" in answers[-1]
    expect(page.locator("h1 .state")).to_have_text("đang họp")

    admin = Walk(page, base, "20-xac-nhan")
    page.context.clear_cookies()
    admin.login("quantri")
    page.goto(f"{base}/admin/users")
    lock = page.get_by_role("button", name="Khóa dung")
    answer(False)
    lock.click()
    assert "Khóa tài khoản dung" in answers[-1]
    expect(page.get_by_role("button", name="Khóa dung")).to_be_visible()
    answer(True)
    page.get_by_role("button", name="Khóa dung").click()
    expect(page.get_by_role("button", name="Mở lại dung")).to_be_visible()
