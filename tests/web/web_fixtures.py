"""A small world for web tests: the lifecycle tree plus a foreign district, users by role.

Helpers are shared by the API, page and browser tests (the council walk of issue 5 adds its
steps with the same `login`/`make_user`).
"""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from awards.bootstrap import App
from awards.services.accounts.users import NewUser, add_user, grant_role
from awards.services.org.units import NewUnit, add_units
from awards.web import create_app
from tests.integration.lifecycle_fixtures import NOW, build_org

PASSWORD = "mat-khau-dung-123"
FOREIGN_TREE = [
    NewUnit("TAN-UYEN", "Liên đoàn Lao động huyện Tân Uyên", "ldld_huyen", "LDLD-LC"),
    NewUnit("CS2", "Công đoàn Trường THCS Pắc Ta", "cdcs", "TAN-UYEN", sector="hcsn"),
    NewUnit("LDLD-DB", "Liên đoàn Lao động tỉnh Điện Biên", "ldld_tinh", "TLD"),
]
PARENT = {"CS1": "THAN-UYEN", "THAN-UYEN": "LDLD-LC", "LDLD-LC": "TLD"}
FOREIGN = {"CS1": "CS2", "THAN-UYEN": "TAN-UYEN", "LDLD-LC": "LDLD-DB"}


def build_world(app: App) -> None:
    build_org(app)
    add_units(app.uow, FOREIGN_TREE)


def make_user(
    app: App,
    username: str,
    role: str,
    unit: str,
    name: str | None = None,
    email: str | None = None,
) -> str:
    add_user(app.uow, NewUser(username, name or f"Người dùng {username}", PASSWORD, email))
    grant_role(app.uow, username, role, unit)
    return username


def client_for(app: App) -> TestClient:
    return TestClient(create_app(app, clock=lambda: NOW))


def login(client: TestClient, username: str) -> dict[str, str]:
    """Sign in through the API; returns the header that unsafe requests must carry."""
    r = client.post("/api/session", json={"username": username, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return {"X-CSRF-Token": r.json()["csrf_token"]}


def api_move(
    client: TestClient, headers: dict[str, str], code: str, trigger: str, **body: Any
) -> Any:
    return client.post(
        f"/api/dossiers/{code}/moves", json={"trigger": trigger, **body}, headers=headers
    )


def csrf_of(html: str) -> str:
    """The CSRF token a page's forms carry (for posting a form as the browser would)."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found
    return found.group(1)
