"""Screenshots of the four daily screens (inbox, dossier, council session, appraisal desk) at
desktop width and at 390 px, for the issue-20 note: `python -m tests.e2e.daily_shots PREFIX`."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from awards.bootstrap import build
from awards.settings import Settings
from tests.support.browser import CHROMIUM, SHOTS, serving
from tests.support.daily import daily_world
from tests.support.web import PASSWORD


def login(page: Page, base: str, user: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login")
    page.get_by_label("Tên đăng nhập").fill(user)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/")


def shots(prefix: str) -> list[Path]:
    folder = Path(tempfile.mkdtemp(prefix="tdkt-shots-"))
    app = build(Settings(data_dir=folder), migrate=True)
    codes = daily_world(app)
    server = serving(app)
    base = server.__enter__()
    screens = [
        ("minh", "hop-viec", "/"),
        ("minh", "ho-so", f"/dossiers/{codes['eligible'][0]}"),
        ("dung", "phien-hop", f"/council/sessions/{codes['session'][0]}"),
        ("minh", "tham-dinh", "/rounds/TK-2025/appraisal"),
    ]
    SHOTS.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        for width, tag in ((1280, "desktop"), (390, "390")):
            ctx = browser.new_context(viewport={"width": width, "height": 900}, locale="vi-VN")
            page = ctx.new_page()
            for user, name, path in screens:
                login(page, base, user)
                page.goto(base + path)
                out = SHOTS / f"20-{prefix}-{name}-{tag}.png"
                page.screenshot(path=str(out), full_page=True)
                written.append(out)
            ctx.close()
        browser.close()
    server.__exit__(None, None, None)  # the server stops
    app.close()
    return written


if __name__ == "__main__":
    for path in shots(sys.argv[1] if len(sys.argv) > 1 else "sau"):
        print(path)
