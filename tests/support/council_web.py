"""Council sessions through the API: a session opened with the roll taken, votes by account."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from awards.bootstrap import App
from tests.support.council import HELD, UNIT, eligible
from tests.support.web import build_world, client_for, council_with_accounts, login

BASE = "/api/council/sessions"


def as_user(app: App, username: str) -> tuple[TestClient, dict[str, str]]:
    client = client_for(app)
    return client, login(client, username)


def open_and_roll(app: App) -> tuple[str, list[str], list[int]]:
    """World, council, two eligible dossiers, a session opened and everyone present (API)."""
    build_world(app)
    members = council_with_accounts(app)
    codes = eligible(app)
    sec, h = as_user(app, "minh")
    r = sec.post(
        BASE, json={"unit_code": UNIT, "round_code": "TK-2025", "held_on": str(HELD)}, headers=h
    )
    assert r.status_code == 201, r.text
    assert r.json()["items"] == 2 and r.json()["groups"] == {"GK_CDCT": 2}
    session = r.json()["code"]
    for member_id in members:
        r = sec.post(
            f"{BASE}/{session}/attendance",
            json={"member_id": member_id, "presence": "present"},
            headers=h,
        )
        assert r.status_code == 204, r.text
    return session, codes, members


def vote(app: App, username: str, session: str, **body: Any) -> Any:
    client, h = as_user(app, username)
    return client.post(f"{BASE}/{session}/votes", json={"choice": "yes", **body}, headers=h)
