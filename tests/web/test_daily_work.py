"""The daily work of unit officers, secretariats and council members (issue 20), on SQLite and
PostgreSQL: attachments, labels instead of codes, finding work, bulk moves, council screens."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from awards.bootstrap import App
from tests.web.daily_fixtures import PDF, PNG, daily_world
from tests.web.web_fixtures import client_for, login, make_user


@pytest.fixture
def day(tdkt: App) -> tuple[App, dict[str, list[str]]]:
    return tdkt, daily_world(tdkt)


def signed_in(app: App, username: str) -> TestClient:
    client = client_for(app)
    login(client, username)
    return client


def attachment_links(html: str, code: str) -> list[str]:
    return re.findall(rf'href="(/dossiers/{code}/attachments/\d+)" download', html)


@pytest.mark.postgres
def test_reviewer_downloads_and_previews_attachments(day: tuple[App, dict[str, list[str]]]) -> None:
    app, codes = day
    code = codes["eligible"][0]
    secretary = signed_in(app, "minh")
    page = secretary.get(f"/dossiers/{code}")
    pdf_url, png_url = attachment_links(page.text, code)
    assert f'<iframe src="{pdf_url}?inline=1"' in page.text
    assert f'<img src="{png_url}?inline=1"' in page.text

    pdf = secretary.get(pdf_url)
    assert pdf.status_code == 200 and pdf.content == PDF
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith("attachment;")
    assert 'filename="to-trinh.pdf"' in pdf.headers["content-disposition"]
    shown = secretary.get(f"{png_url}?inline=1")
    assert shown.content == PNG and shown.headers["content-type"] == "image/png"
    assert shown.headers["content-disposition"].startswith("inline;")
    assert "frame-ancestors 'self'" in shown.headers["content-security-policy"]


@pytest.mark.postgres
def test_attachment_downloads_are_scope_checked(day: tuple[App, dict[str, list[str]]]) -> None:
    app, codes = day
    code, other = codes["eligible"][0], codes["eligible"][1]
    url = attachment_links(signed_in(app, "minh").get(f"/dossiers/{code}").text, code)[0]
    make_user(app, "xuan", "secretariat", "TAN-UYEN", "Thường trực huyện khác")
    outsider = signed_in(app, "xuan")
    refused = outsider.get(url)
    assert refused.status_code == 403 and "hồ sơ" in refused.text
    assert PDF not in refused.content
    # the id of one dossier's file cannot be read through another dossier's address
    wrong = signed_in(app, "minh").get(url.replace(code, other))
    assert wrong.status_code == 404 and f"Hồ sơ {other} không có tài liệu" in wrong.text
    assert client_for(app).get(url, follow_redirects=False).status_code == 303  # not signed in
