"""The quyết định and certificates screens, both backends: the secretariat previews (no number),
the chair issues with a confirm, both download the DOCX, the PDF and the certificates."""

from __future__ import annotations

import io

import pytest
from docx import Document
from sqlmodel import func, select

from awards.bootstrap import App
from awards.model import IssuedNumber
from tests.support.decisions import approved_at_level
from tests.support.web import build_world, client_for, csrf_of, login, make_user

WHERE = {"unit": "THAN-UYEN", "round": "TK-2025"}


@pytest.fixture
def world(tdkt: App) -> App:
    build_world(tdkt)
    make_user(tdkt, "thu-ky-tu", "secretariat", "THAN-UYEN")
    make_user(tdkt, "chu-tich-tu", "chair", "THAN-UYEN", name="Hoàng Thọ Trung")
    make_user(tdkt, "can-bo", "unit_officer", "CS1")
    approved_at_level(tdkt, with_org=False)
    return tdkt


def _numbers(app: App) -> int:
    with app.uow(write=False) as uow:
        return int(uow.session.exec(select(func.count()).select_from(IssuedNumber)).one())


def _text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def test_the_secretariat_previews_and_may_not_issue(world: App) -> None:
    client = client_for(world)
    login(client, "thu-ky-tu")
    page = client.get("/decisions", params={"unit": "THAN-UYEN"})
    assert page.status_code == 200 and "Soạn quyết định" in page.text
    preview = client.get("/decisions/preview", params={**WHERE, "on": "2025-12-20"})
    assert preview.status_code == 200
    assert "Giấy khen của Công đoàn cấp trên trực tiếp cơ sở" in preview.text
    assert "Chỉ Chủ tịch Hội đồng" in preview.text and "Ban hành quyết định" not in preview.text
    draft = client.get(
        "/decisions/draft.docx", params={**WHERE, "award": "GK_CDCT", "signer": "Hoàng Thọ Trung"}
    )
    assert draft.status_code == 200
    assert "Kèm theo Quyết định số      /QĐ-LĐLĐ" in _text(draft.content)
    form = {"csrf_token": csrf_of(page.text), **WHERE, "signer": "X", "on": "2025-12-20"}
    refused = client.post("/decisions/issue", data={**form, "confirm": "yes"})
    assert refused.status_code == 403
    assert _numbers(world) == 0


def test_the_chair_issues_with_a_confirm_then_downloads(world: App) -> None:
    client = client_for(world)
    login(client, "chu-tich-tu")
    preview = client.get("/decisions/preview", params={**WHERE, "on": "2025-12-20"})
    assert "Ban hành quyết định" in preview.text and _numbers(world) == 0
    form = {
        "csrf_token": csrf_of(preview.text),
        **WHERE,
        "signer": "Hoàng Thọ Trung",
        "title": "",
        "on": "2025-12-20",
    }
    unconfirmed = client.post("/decisions/issue", data=form)
    assert unconfirmed.status_code == 422 and "Tôi đã kiểm tra dự thảo" in unconfirmed.text
    assert _numbers(world) == 0
    issued = client.post(
        "/decisions/issue", data={**form, "confirm": "yes"}, follow_redirects=False
    )
    assert issued.status_code == 303
    page = client.get(issued.headers["location"])
    assert "01/QĐ-LĐLĐ" in page.text and "20/12/2025" in page.text
    docx = client.get("/decisions/QĐ-TK-2025-001.docx")
    assert docx.status_code == 200
    assert "(Kèm theo Quyết định số 01/QĐ-LĐLĐ ngày 20/12/2025" in _text(docx.content)
    again = client.post("/decisions/issue", data={**form, "confirm": "yes"})
    assert again.status_code == 422 and "Không có hồ sơ nào" in again.text
    certs = client.get("/certificates", params={"unit": "THAN-UYEN"})
    assert certs.status_code == 200 and "Quyết định số 01/QĐ-LĐLĐ" in certs.text
    merged = client.get("/decisions/QĐ-TK-2025-001/certificates.pdf")
    assert merged.status_code == 200 and merged.content.startswith(b"%PDF")
    single = client.get("/decisions/QĐ-TK-2025-001/certificates/HS-2025-000001.pdf")
    assert single.status_code == 200 and single.content.startswith(b"%PDF")


@pytest.mark.slow
def test_the_issued_decision_downloads_as_pdf(world: App) -> None:
    client = client_for(world)
    login(client, "chu-tich-tu")
    preview = client.get("/decisions/preview", params={**WHERE, "on": "2025-12-20"})
    form = {"csrf_token": csrf_of(preview.text), **WHERE, "signer": "Hoàng Thọ Trung"}
    client.post("/decisions/issue", data={**form, "on": "2025-12-20", "confirm": "yes"})
    pdf = client.get("/decisions/QĐ-TK-2025-001.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_unit_officer_sees_no_decision_screen(world: App) -> None:
    client = client_for(world)
    login(client, "can-bo")
    assert "/decisions" not in client.get("/").text
    assert client.get("/decisions/preview", params=WHERE).status_code == 403
    assert client.get("/decisions", params={"unit": "THAN-UYEN"}).status_code == 403
