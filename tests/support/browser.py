"""The browser walk's harness: the real app under uvicorn in a thread on a free port, Debian's
headless Chromium through Playwright, and `Walk`, a user's steps with a screenshot of every main
page (to artifacts/screenshots). The fixtures `server` and `browser_page` are in
tests/e2e/conftest.py."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import uvicorn
from playwright.sync_api import Page, expect, sync_playwright

from awards.bootstrap import App
from awards.web import create_app
from tests.support.lifecycle import NOW
from tests.support.ports import free_port
from tests.support.web import PASSWORD

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


@contextmanager
def serving(app: App, now: datetime = NOW) -> Iterator[str]:
    """The app under uvicorn in a thread, its clock stopped at `now`; yields its base URL."""
    port = free_port()
    config = uvicorn.Config(
        create_app(app, clock=lambda: now), host="127.0.0.1", port=port, log_level="warning"
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


@contextmanager
def chromium_page() -> Iterator[Page]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        yield context.new_page()
        context.close()
        browser.close()


class Walk:
    """A user's steps in the browser, with a screenshot of every main page."""

    def __init__(self, page: Page, base: str, name: str) -> None:
        self.page, self.base, self.name = page, base, name

    def shot(self, what: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{self.name}-{what}.png"), full_page=True)

    def login(self, username: str, password: str = PASSWORD) -> None:
        # A sign-out still in flight replaces the CSRF cookie under the login form just loaded:
        # wait for it, and if the form still lost the race, load it once more (only then).
        self.page.wait_for_load_state("networkidle")
        for attempt in (1, 2):
            self.page.goto(f"{self.base}/login")
            self.page.get_by_label("Tên đăng nhập").fill(username)
            self.page.get_by_label("Mật khẩu").fill(password)
            self.page.get_by_role("button", name="Đăng nhập").click()
            inbox = self.page.get_by_role("heading", name="Hộp việc của tôi")
            try:
                expect(inbox).to_be_visible()
                return
            except AssertionError:
                if attempt == 2 or "mã CSRF" not in self.page.content():
                    raise

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
