"""The biên bản kiểm phiếu of a secret ballot, written when the session closes; both backends."""

from __future__ import annotations

import io

import pytest
from docx import Document
from sqlmodel import col, select

from awards.bootstrap import App
from awards.errors import ConflictError, NotFoundError, ValidationError
from awards.model import Attachment, CouncilEvent
from awards.services.council import close_session, record_attendance, vote
from awards.services.council.tally import set_tellers, tally_file
from tests.support.council import NOW, SECRETARY, attend, ready
from tests.support.documents import docx_text
from tests.support.forbidden import FORBIDDEN

TELLERS = ["Lò Thị Mai", "Tòng Văn Bình", "Giàng A Sùng"]


def _secret_session(app: App) -> tuple[list[str], str]:
    members, codes, code = ready(app, "CSTD_TINH", ["DV1", "DV2"])
    attend(app, code, members[:8])
    record_attendance(app.uow, code, members[8], "absent", SECRETARY, NOW, written_opinion=True)
    passes, fails = codes
    for k, m in enumerate(members):
        vote(app.uow, code, m, "yes", SECRETARY, NOW, dossier_codes=[passes])
        vote(app.uow, code, m, "no" if k == 4 else "yes", SECRETARY, NOW, dossier_codes=[fails])
    return codes, code


def test_closing_a_secret_ballot_writes_the_tally_with_its_tellers(tdkt: App) -> None:
    codes, code = _secret_session(tdkt)
    assert set_tellers(tdkt.uow, code, [*TELLERS, " "], SECRETARY, NOW) == tuple(TELLERS)
    closed = close_session(tdkt.uow, code, SECRETARY, NOW)
    text = docx_text(tally_file(tdkt.uow, code))
    assert "BIÊN BẢN KIỂM PHIẾU" in text
    assert f"(Kèm theo Biên bản số {closed.minutes_number} ngày 10/12/2025)" in text
    assert "1. Lò Thị Mai, Trưởng ban;" in text and "3. Giàng A Sùng, Ủy viên;" in text
    # 8 present and 1 written opinion: 9 ballots out, 9 back, all valid.
    assert (
        "Số phiếu phát ra: 9; số phiếu thu vào: 9; số phiếu hợp lệ: 9; số phiếu không hợp lệ: 0."
        in text
    )
    assert FORBIDDEN.findall(text) == []
    with tdkt.uow(write=False) as uow:
        kinds = uow.session.exec(
            select(Attachment.kind).where(col(Attachment.kind) == "ket_qua_phieu_kin")
        ).all()
        events = uow.session.exec(
            select(CouncilEvent.kind).where(col(CouncilEvent.kind) == "tellers")
        ).all()
    assert len(kinds) == 2 and events == ["tellers"]


def test_the_tally_rows_carry_each_nominees_votes_and_share(tdkt: App) -> None:
    _, code = _secret_session(tdkt)
    close_session(tdkt.uow, code, SECRETARY, NOW)
    doc = Document(io.BytesIO(tally_file(tdkt.uow, code)))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert [r[3:] for r in rows] == [
        ["9", "0", "100%", "Thông qua"],
        ["8", "1", "88,89%", "Không thông qua"],
    ]
    # Without a Ban kiểm phiếu recorded, the council's secretary counted and signs.
    assert "Việc kiểm phiếu do Thư ký Hội đồng" in docx_text(tally_file(tdkt.uow, code))


def test_tellers_are_checked_and_fixed_once_the_session_closes(tdkt: App) -> None:
    _, code = _secret_session(tdkt)
    with pytest.raises(ValidationError, match="từ 1 đến 5"):
        set_tellers(tdkt.uow, code, [" "], SECRETARY, NOW)
    close_session(tdkt.uow, code, SECRETARY, NOW)
    with pytest.raises(ConflictError, match="đã kết thúc"):
        set_tellers(tdkt.uow, code, TELLERS, SECRETARY, NOW)


def test_an_open_ballot_session_has_no_tally(tdkt: App) -> None:
    members, codes, code = ready(tdkt, "GK_CDCT", ["DV1"])
    attend(tdkt, code, members)
    for m in members:
        vote(tdkt.uow, code, m, "yes", SECRETARY, NOW, dossier_codes=codes)
    close_session(tdkt.uow, code, SECRETARY, NOW)
    with pytest.raises(NotFoundError, match="không có biên bản kiểm phiếu"):
        tally_file(tdkt.uow, code)
