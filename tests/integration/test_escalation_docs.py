"""Tờ trình, danh sách and draft quyết định built from a real escalation (submission → hops)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocxDocument

from awards.bootstrap import App
from awards.services.escalation.documents import write_round_documents
from awards.services.escalation.escalate import escalate_round
from states import Trigger
from tests.integration.council_fixtures import council
from tests.integration.lifecycle_fixtures import HOP, NOW, SECRETARY, build_org, draft, drive


def _header(doc: DocxDocument) -> tuple[list[str], list[str]]:
    """The printed lines of the header's columns, both rows (rule lines carry no text)."""
    rows = doc.tables[0].rows
    left = [p.text for r in rows for p in r.cells[0].paragraphs if p.text]
    right = [p.text for r in rows for p in r.cells[1].paragraphs if p.text]
    return left, right


def _rows(table: object) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]  # type: ignore[attr-defined]


@pytest.fixture
def to_ubnd(tdkt: App) -> App:
    return escalated_to_ubnd(tdkt)


def escalated_to_ubnd(tdkt: App) -> App:
    """Three people and CS1 itself proposed for Bằng khen UBND tỉnh, escalated twice."""
    build_org(tdkt)
    codes = [draft(tdkt, "BK_UBND", person=p) for p in ("DV1", "DV2", "DV3")]
    codes.append(draft(tdkt, "BK_UBND", unit="CS1"))
    for code in codes:
        drive(tdkt, code, [Trigger.submit, *HOP])
    day = NOW + timedelta(days=1)
    escalate_round(tdkt.uow, round_code="TK-2025", unit_code="THAN-UYEN", actor=SECRETARY, now=day)
    for code in codes:
        drive(tdkt, code, HOP, now=day)
    report = escalate_round(
        tdkt.uow,
        round_code="TK-2025",
        unit_code="LDLD-LC",
        actor=SECRETARY,
        now=NOW + timedelta(days=2),
    )
    assert [len(s.sent) for s in report.submissions] == [4]
    return tdkt


def test_documents_of_the_to_trinh_to_ubnd(to_ubnd: App, tmp_path: Path) -> None:
    (docs,) = write_round_documents(to_ubnd.uow, "TK-2025", tmp_path, from_unit_code="LDLD-LC")
    to_trinh, danh_sach, quyet_dinh = (Document(str(p)) for p in docs.files)
    left, right = _header(to_trinh)
    assert left == [
        "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM",
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU",
        f"Số: {docs.document_no}",
    ]
    assert docs.document_no.endswith("/TTr-LĐLĐ")
    assert right[-1] == "Lai Châu, ngày 05 tháng 11 năm 2025"
    text = "\n".join(p.text for p in to_trinh.paragraphs)
    assert "TỜ TRÌNH" in text and "Kính gửi: Ủy ban nhân dân tỉnh Lai Châu" in text
    assert "cho 01 tập thể, 03 cá nhân" in text
    collectives, people = danh_sach.tables[1], danh_sach.tables[2]
    assert _rows(collectives)[0] == ["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Thành tích tóm tắt"]
    assert [r[1] for r in _rows(collectives)[1:]] == ["Công đoàn Trường Tiểu học Mường Kim"]
    # Vietnamese order: by given name (Hằng < Páo < Sơn), not by family name.
    assert [r[1] for r in _rows(people)[1:]] == ["Nguyễn Thị Hằng", "Giàng A Páo", "Lò Văn Sơn"]
    assert [r[0] for r in _rows(people)[1:]] == ["1", "2", "3"]
    q_left, q_right = _header(quyet_dinh)
    assert q_left[-2] == "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU" and q_left[-1] == "Số:     /QĐ-UBND"
    assert q_right[-1] == "Lai Châu, ngày      tháng      năm 2025"  # dated when signed
    q_text = "\n".join(p.text for p in quyet_dinh.paragraphs)
    assert "Điều 1. Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 01 tập thể" in q_text
    assert f"tại Tờ trình số {docs.document_no} ngày 05/11/2025," in q_text
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LAI CHÂU" in q_text  # a Bằng khen of the Chủ tịch
    # The tờ trình: its own Nơi nhận, its legal basis; the danh sách: no number of its own.
    footer = [p.text for p in to_trinh.tables[-1].cell(0, 0).paragraphs]
    assert footer == ["Nơi nhận:", "- Như trên;", "- Lưu: VT, CSPL&QHLĐ."]
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in text
    ds_left, _ = _header(danh_sach)
    assert not any(line.startswith("Số:") for line in ds_left)
    assert f"(Kèm theo Tờ trình số {docs.document_no} ngày 05/11/2025 của" in "\n".join(
        p.text for p in danh_sach.paragraphs
    )


def test_order_by_unit_and_the_lower_level_submission(to_ubnd: App, tmp_path: Path) -> None:
    council(to_ubnd)  # Than Uyên's council: its place and its chair sign the district's tờ trình
    written = write_round_documents(to_ubnd.uow, "TK-2025", tmp_path, order="unit")
    assert len(written) == 2  # Than Uyên → LĐLĐ tỉnh, then LĐLĐ tỉnh → UBND tỉnh
    first = Document(str(written[0].files[0]))
    left, _ = _header(first)
    assert left[1:3] == ["LIÊN ĐOÀN LAO ĐỘNG", "HUYỆN THAN UYÊN"] and "/TTr-LĐLĐ" in left[3]
    _, right = _header(first)
    # The district's own place, from its council; the signer is its council's chair.
    assert right[-1].startswith("Than Uyên, ngày ")
    footer = [p.text for p in first.tables[-1].cell(0, 1).paragraphs]
    assert footer[:2] == ["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH"] and footer[-1] == "Lò Văn Thắng"
