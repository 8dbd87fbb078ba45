"""Browser walk in Debian's headless Chromium (Playwright): a unit officer nominates and submits,
a secretary receives and appraises; screenshots of the main pages go to artifacts/screenshots.

The server is the real app under uvicorn in a thread on a free port. `Walk` holds the steps so
the council walk (issue 5: members vote, the chair closes) adds methods, not a new harness.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Page, expect, sync_playwright

from awards.bootstrap import App
from awards.web import create_app
from tests.integration.lifecycle_fixtures import NOW
from tests.web.web_fixtures import PASSWORD, build_world, make_user

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(sqlite_tdkt: App) -> Iterator[str]:
    build_world(sqlite_tdkt)
    yield from serving(sqlite_tdkt)


def serving(app: App) -> Iterator[str]:
    """The app under uvicorn in a thread on a free port, until the generator is closed."""
    port = free_port()
    config = uvicorn.Config(
        create_app(app, clock=lambda: NOW), host="127.0.0.1", port=port, log_level="warning"
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


class Walk:
    """A user's steps in the browser, with a screenshot of every main page."""

    def __init__(self, page: Page, base: str, name: str) -> None:
        self.page, self.base, self.name = page, base, name

    def shot(self, what: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{self.name}-{what}.png"), full_page=True)

    def login(self, username: str) -> None:
        self.page.goto(f"{self.base}/login")
        self.page.get_by_label("Tên đăng nhập").fill(username)
        self.page.get_by_label("Mật khẩu").fill(PASSWORD)
        self.page.get_by_role("button", name="Đăng nhập").click()
        expect(self.page.get_by_role("heading", name="Hộp việc của tôi")).to_be_visible()

    def act(self, label: str, **fields: str) -> None:
        """Press an action button of the dossier page, filling the fields it asks for."""
        button = self.page.get_by_role("button", name=label, exact=True)
        form = self.page.locator("form.action", has=button)
        for field_label, value in fields.items():
            form.get_by_label(field_label).fill(value)
        button.click()
        expect(self.page.locator("#move-error")).to_have_count(0)

    def state_is(self, label: str) -> None:
        expect(self.page.locator("h1 .state")).to_have_text(label)


@pytest.fixture
def browser_page() -> Iterator[Page]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        yield context.new_page()
        context.close()
        browser.close()


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
    secretary.act("Kết luận đủ điều kiện")
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
