"""The Ban kiểm phiếu on the session screen and the biên bản kiểm phiếu download, both backends."""

from __future__ import annotations

import pytest

from awards.bootstrap import App
from awards.services.council import close_session, vote
from tests.support.council import NOW, SECRETARY, attend, eligible, session
from tests.support.council_web import as_user
from tests.support.documents import docx_text
from tests.support.web import build_world, council_with_accounts, csrf_of


@pytest.fixture
def secret_session(tdkt: App) -> str:
    build_world(tdkt)
    members = council_with_accounts(tdkt)
    codes = eligible(tdkt, "CSTD_TINH", ["DV1"])
    code = session(tdkt)
    attend(tdkt, code, members)
    for m in members:
        vote(tdkt.uow, code, m, "yes", SECRETARY, NOW, dossier_codes=codes)
    return code


def test_the_secretariat_records_the_tellers_and_everyone_downloads_the_tally(
    tdkt: App, secret_session: str
) -> None:
    code = secret_session
    sec, _ = as_user(tdkt, "minh")
    page = sec.get(f"/council/sessions/{code}")
    assert "Ban kiểm phiếu" in page.text and "Chưa ghi Ban kiểm phiếu" in page.text
    form = {"csrf_token": csrf_of(page.text), "names": "Lường Thị Dung\nGiàng A Chứ\n"}
    posted = sec.post(f"/council/sessions/{code}/tellers", data=form, follow_redirects=False)
    assert posted.status_code == 303
    assert "Lường Thị Dung (Trưởng ban)" in sec.get(f"/council/sessions/{code}").text
    member, _ = as_user(tdkt, "dung")  # a member sees the session but may not set the tellers
    refused = member.post(
        f"/council/sessions/{code}/tellers",
        data={"csrf_token": csrf_of(member.get(f"/council/sessions/{code}").text), "names": "X"},
    )
    assert refused.status_code == 403
    close_session(tdkt.uow, code, SECRETARY, NOW)
    closed = member.get(f"/council/sessions/{code}")
    assert 'id="tally-link"' in closed.text
    docx = member.get(f"/council/sessions/{code}/tally.docx")
    assert docx.status_code == 200
    text = docx_text(docx.content)
    assert "1. Lường Thị Dung, Trưởng ban;" in text and "2. Giàng A Chứ, Ủy viên;" in text
