"""A small world for web tests: the lifecycle tree plus a foreign district, users by role.

Shared by the API, page and browser tests; `council_with_accounts` gives the council of
tests.support.council accounts to sign in with.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from awards.bootstrap import App
from awards.services.accounts.users import NewUser, add_user, grant_role
from awards.services.council.accounts import link_account
from awards.services.org.units import NewUnit, add_units
from awards.web import create_app
from tests.support.council import ACCOUNT_MEMBERS, UNIT, account_members, council, email
from tests.support.council import NOW as COUNCIL_NOW
from tests.support.council import SECRETARY as COUNCIL_SECRETARY
from tests.support.lifecycle import NOW, build_org

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
    assert found, "no CSRF field in the page"
    return found.group(1)


SECRETARY_USER = "minh"


def council_with_accounts(app: App) -> list[int]:
    """The council of ACCOUNT_MEMBERS, an account for each member and one for the secretary
    (the thanuyen mailbox); returns the member ids in order."""
    ids = council(app, account_members())
    for (user, name, _, role), member_id in zip(ACCOUNT_MEMBERS, ids, strict=True):
        make_user(app, user, role, UNIT, name, email(user))
        link_account(app.uow, member_id, user, COUNCIL_SECRETARY, COUNCIL_NOW)  # the secretariat
    make_user(app, SECRETARY_USER, "secretariat", UNIT, "Tòng Văn Minh", "thanuyen@tdkt.example")
    return ids
