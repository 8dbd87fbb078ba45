"""The minutes (biên bản họp) as a DOCX: header, number, date line, attendance, tallies,
decisions and signatures, read back with python-docx."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest
from sqlmodel import col, select

from awards.bootstrap import App
from awards.model import Attachment
from awards.reports.documents import Nd30Document
from awards.reports.docx_nd30 import docx_bytes
from awards.services.council import (
    NewDelegation,
    close_session,
    closing,
    delegate,
    minutes_file,
    record_attendance,
    vote,
)
from awards.services.council.minutes_data import LOCAL_TIME
from tests.support.council import MEMBERS, NOW, SECRETARY, attend, ready
from tests.support.forbidden import FORBIDDEN


def _texts(document: docx.document.Document) -> tuple[list[str], list[list[list[str]]]]:
    paragraphs = [p.text for p in document.paragraphs]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    return paragraphs, tables


def test_minutes_record_attendance_tallies_and_decisions(tdkt: App) -> None:
    members, codes, code = ready(tdkt, "GK_CDCT", ["DV1", "DV2"])
    delegate(
        tdkt.uow,
        NewDelegation(members[3], "Lò Thị Xuân", date(2025, 12, 9), date(2025, 12, 11), "Ốm"),
        SECRETARY,
        NOW,
    )
    attend(tdkt, code, members[:3] + members[4:7])
    record_attendance(tdkt.uow, code, members[3], "substitute", SECRETARY, NOW)
    record_attendance(tdkt.uow, code, members[8], "absent", SECRETARY, NOW, written_opinion=True)
    voters = members[:7]
    for k, m in enumerate(voters):
        vote(tdkt.uow, code, m, "yes", SECRETARY, NOW, dossier_codes=[codes[0]])
        vote(tdkt.uow, code, m, "no" if k < 4 else "yes", SECRETARY, NOW, dossier_codes=[codes[1]])
    closed = close_session(tdkt.uow, code, SECRETARY, NOW)
    number, stored = minutes_file(tdkt.uow, code)
    assert number == closed.minutes_number == "01/BB-HĐTĐKT" and stored == closed.minutes

    paragraphs, tables = _texts(docx.Document(io.BytesIO(stored)))
    header, attendance, tally, footer = tables
    (left, right), (number_cell, date_cell) = header
    assert left.startswith("LIÊN ĐOÀN LAO ĐỘNG HUYỆN THAN UYÊN\n")
    assert "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG" in left and number_cell == "Số: 01/BB-HĐTĐKT"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right
    assert date_cell == "Than Uyên, ngày 10 tháng 12 năm 2025"
    assert "BIÊN BẢN" in paragraphs
    # The session was opened at NOW (Việt Nam time) and closed at NOW.
    opened = f"Vào hồi {NOW.astimezone(LOCAL_TIME):%H} giờ {NOW.astimezone(LOCAL_TIME):%M} phút"
    assert any(
        p.startswith(f"{opened}, ngày 10 tháng 12 năm 2025, tại Hội trường") for p in paragraphs
    )
    assert any(p.startswith("Chủ trì: Lò Văn Thắng, Chủ tịch Hội đồng.") for p in paragraphs)
    assert any(p.startswith("Thư ký: Tòng Văn Minh") for p in paragraphs)
    assert any("Phiên họp kết thúc vào hồi" in p for p in paragraphs)
    # Official text: no status tag, research note or dossier code (rule authors' screens keep them).
    printed = "\n".join(paragraphs + [c for t in tables for row in t for c in row])
    assert FORBIDDEN.findall(printed) == []
    assert any(
        "Tổng số thành viên Hội đồng: 9; có mặt: 7 (trong đó 1 người" in p for p in paragraphs
    )
    assert any("phiên họp đủ điều kiện tiến hành" in p for p in paragraphs)

    assert attendance[0] == ["STT", "Họ và tên", "Chức vụ", "Nhiệm vụ trong Hội đồng", "Tham dự"]
    rows = {r[1]: r for r in attendance[1:]}
    assert set(rows) == {name for name, _, _ in MEMBERS}
    assert rows["Lò Văn Thắng"][3:] == ["Chủ tịch Hội đồng", "Có mặt"]
    assert rows["Lường Thị Dung"][4] == "Ủy quyền: Lò Thị Xuân"
    assert rows["Hoàng Văn Toán"][4] == "Vắng mặt"
    assert rows["Sùng Thị Pà"][4] == "Vắng, có ý kiến bằng văn bản"

    lines = {r[1]: r for r in tally[1:]}  # by nominee: the dossier code is not printed
    assert lines["Nguyễn Thị Hằng"][3:] == ["7", "0", "Thông qua"]
    assert lines["Lò Văn Sơn"][3:] == ["3", "4", "Không thông qua"]
    assert any(p == "Hội đồng thông qua 1/2 hồ sơ; không thông qua 1 hồ sơ." for p in paragraphs)
    assert any(p.startswith("- Lò Văn Sơn (") and "Không đạt tỷ lệ" in p for p in paragraphs)

    secretary, chair = footer[0]
    assert "THƯ KÝ" in secretary and "Tòng Văn Minh" in secretary
    assert "TM. HỘI ĐỒNG" in chair and "CHỦ TỊCH" in chair and "Lò Văn Thắng" in chair
    with tdkt.uow() as uow:
        kept = uow.session.exec(
            select(Attachment).where(col(Attachment.kind) == "bien_ban_hoi_dong")
        ).all()
    assert len(kept) == 2 and {a.filename for a in kept} == {f"bien-ban-{code}.docx"}


def _voted(tdkt: App) -> str:
    members, _, code = ready(tdkt, "GK_CDCT", ["DV1", "DV2"])
    attend(tdkt, code, members[:7])
    for m in members[:7]:
        vote(tdkt.uow, code, m, "yes", SECRETARY, NOW, award_code="GK_CDCT")
    return code


def _counted(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The DOCX renders of closing (the real renderer, counted)."""
    made: list[bytes] = []

    def render(doc: Nd30Document) -> bytes:
        made.append(docx_bytes(doc))
        return made[-1]

    closing._rendered.cache_clear()
    monkeypatch.setattr(closing, "docx_bytes", render)
    return made


def test_the_trial_render_is_the_biên_bản_stored(
    tdkt: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = _voted(tdkt)
    made = _counted(monkeypatch)
    closed = close_session(tdkt.uow, code, SECRETARY, NOW)
    # Rendered once, before the first commit, with the number and the time it is closed with.
    assert made == [closed.minutes] and minutes_file(tdkt.uow, code)[1] == closed.minutes
    paragraphs, tables = _texts(docx.Document(io.BytesIO(closed.minutes)))
    assert tables[0][1][0] == "Số: 01/BB-HĐTĐKT"
    assert any("Phiên họp kết thúc vào hồi" in p for p in paragraphs)


def test_a_number_taken_while_closing_is_rendered_anew(
    tdkt: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = _voted(tdkt)
    made = _counted(monkeypatch)
    move = closing._move_dossiers

    def another_biên_bản_numbered(*args: object, **kw: object) -> object:
        with tdkt.uow() as uow:  # the council's next biên bản goes to another document
            council_id = uow.councils.session_by_code(code).council_id
            uow.registers.take(f"council-{council_id}", "BB", date(2025, 12, 10), "other")
            uow.commit()
        return move(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(closing, "_move_dossiers", another_biên_bản_numbered)
    closed = close_session(tdkt.uow, code, SECRETARY, NOW)
    assert closed.minutes_number == "02/BB-HĐTĐKT" and len(made) == 2
    assert made[-1] == closed.minutes == minutes_file(tdkt.uow, code)[1]
    assert _texts(docx.Document(io.BytesIO(closed.minutes)))[1][0][1][0] == "Số: 02/BB-HĐTĐKT"
