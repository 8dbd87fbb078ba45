"""Saved filters per account on /dossiers and the inbox (issue 20): name, list, apply, delete,
through the page and the API, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from awards.bootstrap import App
from tests.support.cli import Run, cli_runner
from tests.support.daily import daily_world
from tests.support.web import client_for, csrf_of, login


@pytest.fixture
def day(tdkt: App) -> tuple[App, dict[str, list[str]]]:
    return tdkt, daily_world(tdkt)


@pytest.fixture
def run(tdkt: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Run]:
    yield from cli_runner(tdkt, tmp_path / "cli-data", monkeypatch)


def signed_in(app: App, username: str) -> tuple[TestClient, dict[str, str]]:
    client = client_for(app)
    return client, login(client, username)


def codes_in(html: str) -> list[str]:
    return re.findall(r'<td><a href="/dossiers/(HS-[\d-]+)">', html)


@pytest.mark.postgres
def test_a_filter_of_the_dossier_list_is_saved_applied_and_deleted(
    day: tuple[App, dict[str, list[str]]],
) -> None:
    app, codes = day
    client, _ = signed_in(app, "minh")
    page = client.get("/dossiers?state=received&sort=due&page=1&award=")
    assert "Chưa lưu bộ lọc nào" in page.text
    assert 'name="query" value="state=received&amp;sort=due"' in page.text  # no page, no blanks
    form = {"csrf_token": csrf_of(page.text), "screen": "dossiers", "query": "state=received"}
    saved = client.post("/filters", data={**form, "name": "Chờ thẩm định"}, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == "/dossiers?state=received"
    applied = client.get(saved.headers["location"]).text
    assert sorted(codes_in(applied)) == sorted(codes["received"])
    assert '<a href="/dossiers?state=received" aria-current="true">Chờ thẩm định</a>' in applied
    # the same name again replaces the filter; an empty name is refused with what to do
    form["query"] = "state=submitted"
    client.post("/filters", data={**form, "name": "chờ thẩm định"}, follow_redirects=False)
    listed = client.get("/dossiers").text
    assert listed.count('href="/dossiers?state=submitted"') == 1
    assert 'href="/dossiers?state=received"' not in listed
    empty = client.post("/filters", data={**form, "name": "  "})
    assert empty.status_code == 422 and "Tên bộ lọc trống" in empty.text
    # another account does not see it, and cannot delete it
    other, oh = signed_in(app, "lan")
    assert "chờ thẩm định" not in other.get("/dossiers").text
    (mine,) = client.get("/api/filters", params={"screen": "dossiers"}).json()
    assert other.delete(f"/api/filters/{mine['id']}", headers=oh).status_code == 404
    gone = client.post(
        f"/filters/{mine['id']}/delete",
        data={"csrf_token": form["csrf_token"]},
        follow_redirects=False,
    )
    assert gone.status_code == 303 and gone.headers["location"] == "/dossiers"
    assert client.get("/api/filters").json() == []


@pytest.mark.postgres
def test_inbox_filters_through_the_api(day: tuple[App, dict[str, list[str]]], run: Run) -> None:
    app, codes = day
    client, h = signed_in(app, "minh")
    body = {"screen": "inbox", "name": "Đã tiếp nhận", "query": "?state=received&sort=due&page=3"}
    made = client.post("/api/filters", json=body, headers=h)
    assert made.status_code == 201, made.text
    assert made.json()["url"] == "/?state=received&sort=due"
    home = client.get("/").text
    assert '<a href="/?state=received&amp;sort=due">Đã tiếp nhận</a>' in home
    assert sorted(codes_in(client.get(made.json()["url"]).text)) == sorted(codes["received"])
    listed = run("users", "filters", "minh")
    assert "hộp việc: Đã tiếp nhận → /?state=received&sort=due" in listed
    assert "chưa lưu bộ lọc nào" in run("users", "filters", "lan")
    assert "Không có tài khoản 'ai'" in run("users", "filters", "ai", code=1)
    wrong = client.post("/api/filters", json={**body, "screen": "reports"}, headers=h)
    assert wrong.status_code == 422 and "không có bộ lọc để lưu" in wrong.json()["message"]
    assert client.delete(f"/api/filters/{made.json()['id']}", headers=h).status_code == 204
    assert "Chưa lưu bộ lọc nào" in client.get("/").text
