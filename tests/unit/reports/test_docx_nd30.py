"""The DOCX reopens with the NĐ 30 header, number, date line, title, Nơi nhận and signature."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from awards.reports.documents import (
    BodyHeading,
    BodyTable,
    BodyText,
    Issuer,
    ListEntry,
    Nd30Document,
    Signature,
    award_list_table,
    document_kinds,
)
from awards.reports.docx_nd30 import docx_bytes, name_lines, recipient_lines

LAI_CHAU = Issuer(
    parent_name="Tổng Liên đoàn Lao động Việt Nam",
    name="Liên đoàn Lao động tỉnh Lai Châu",
    short_code="LĐLĐ",
    place="Lai Châu",
)
REPORT_714 = Nd30Document(
    issuer=LAI_CHAU,
    kind="BC",
    number=714,
    date=date(2023, 6, 13),
    summary=(
        "Công tác thi đua, khen thưởng 6 tháng đầu năm, nhiệm vụ trọng tâm 6 tháng cuối năm 2023"
    ),
    signature=Signature("TM. BAN THƯỜNG VỤ", "PHÓ CHỦ TỊCH", "Lương Xuân Trường"),
    body=(
        BodyHeading("I. TÌNH HÌNH CHUNG"),
        BodyHeading("1. Thuận lợi", level=2),
        BodyText("Phong trào CNVCLĐ và hoạt động Công đoàn tỉnh luôn nhận được sự quan tâm."),
    ),
    recipients=(
        "TT Tỉnh ủy, HĐND, UBND tỉnh",
        "Sở Nội vụ tỉnh;",
        "Khối thi đua MTTQ và các tổ chức CT-XH",
        "LĐLĐ các huyện, TP, CĐN; CĐCS trực thuộc",
    ),
    archive_note="VT, CSPL&QHLĐ",
)


def _open(doc: Nd30Document, tmp_path: Path | None = None) -> DocxDocument:
    return Document(io.BytesIO(docx_bytes(doc, tmp_path / "x.docx" if tmp_path else None)))


def _cell_lines(document: DocxDocument, table: int, col: int) -> list[str]:
    """The printed lines of a column (the header's two rows; rule lines have no text)."""
    rows = document.tables[table].rows
    return [p.text for row in rows for p in row.cells[col].paragraphs if p.text or table]


@pytest.fixture(scope="module")
def report() -> DocxDocument:
    return _open(REPORT_714)


def test_header_columns(report: DocxDocument) -> None:
    assert _cell_lines(report, 0, 0) == [
        "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM",
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU",
        "Số: 714/BC-LĐLĐ",
    ]
    assert _cell_lines(report, 0, 1) == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Lai Châu, ngày 13 tháng 6 năm 2023",
    ]


def test_header_emphasis(report: DocxDocument) -> None:
    def printed(row: int, col: int) -> list[object]:
        return [p for p in report.tables[0].cell(row, col).paragraphs if p.text]

    assert [p.runs[0].bold for p in printed(0, 0)] == [False, True]
    assert [p.runs[0].bold for p in printed(0, 1)] == [True, True]
    assert not printed(1, 0)[0].runs[0].bold and printed(1, 1)[0].runs[0].italic
    properties = [child.tag.split("}")[1] for child in report.tables[0]._tbl.tblPr]
    # Schema order (Word rejects any other).
    assert properties == ["tblW", "tblInd", "tblBorders", "tblLayout", "tblCellMar", "tblLook"]
    assert 'w:val="nil"' in report.tables[0]._tbl.tblPr.xml
    assert [round(c.width.mm) for c in report.tables[0].columns] == [88, 92]


def test_long_names_break_before_the_administrative_unit() -> None:
    assert name_lines("LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU") == ["LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU"]
    assert name_lines("LIÊN ĐOÀN LAO ĐỘNG HUYỆN MƯỜNG TÈ") == [
        "LIÊN ĐOÀN LAO ĐỘNG",
        "HUYỆN MƯỜNG TÈ",
    ]
    assert name_lines("CÔNG ĐOÀN NGÀNH GIÁO DỤC TỈNH LAI CHÂU") == [
        "CÔNG ĐOÀN NGÀNH GIÁO DỤC",
        "TỈNH LAI CHÂU",
    ]


def test_title_and_summary(report: DocxDocument) -> None:
    texts = [p.text for p in report.paragraphs]
    index = texts.index("BÁO CÁO")
    assert texts[index + 1] == REPORT_714.summary
    assert report.paragraphs[index].runs[0].bold and report.paragraphs[index + 1].runs[0].bold
    assert report.paragraphs[index].alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_body_is_justified_with_first_line_indent(report: DocxDocument) -> None:
    body = next(p for p in report.paragraphs if p.text.startswith("Phong trào CNVCLĐ"))
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert body.paragraph_format.first_line_indent is not None
    heading = next(p for p in report.paragraphs if p.text == "I. TÌNH HÌNH CHUNG")
    assert heading.runs[0].bold


def test_recipients_end_with_archive_line(report: DocxDocument) -> None:
    lines = _cell_lines(report, 1, 0)
    assert lines[0] == "Nơi nhận:"
    assert lines[1:] == [
        "- TT Tỉnh ủy, HĐND, UBND tỉnh;",
        "- Sở Nội vụ tỉnh;",
        "- Khối thi đua MTTQ và các tổ chức CT-XH;",
        "- LĐLĐ các huyện, TP, CĐN; CĐCS trực thuộc;",
        "- Lưu: VT, CSPL&QHLĐ.",
    ]
    first = report.tables[1].cell(0, 0).paragraphs[0].runs[0]
    assert first.bold and first.italic


def test_signature_block(report: DocxDocument) -> None:
    lines = _cell_lines(report, 1, 1)
    assert lines[:2] == ["TM. BAN THƯỜNG VỤ", "PHÓ CHỦ TỊCH"]
    assert lines[-1] == "Lương Xuân Trường"
    assert lines[2:-1] == [""] * 4  # room for the signature and the seal
    assert report.tables[1].cell(0, 1).paragraphs[-1].runs[0].bold


def test_page_is_a4_with_nd30_margins_and_times_new_roman(report: DocxDocument) -> None:
    section = report.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert abs(section.page_width.mm - 210) < 0.1 and abs(section.page_height.mm - 297) < 0.1
    margins = {
        side: round(getattr(section, f"{side}_margin").mm)  # stored in twips: 15 mm → 14.993
        for side in ("top", "bottom", "left", "right")
    }
    assert 20 <= margins["top"] <= 25 and 20 <= margins["bottom"] <= 25
    assert 30 <= margins["left"] <= 35 and 15 <= margins["right"] <= 20
    normal = report.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size.pt == 14
    assert 'w:eastAsia="Times New Roman"' in normal.element.xml


@pytest.mark.parametrize(
    "issued, line",
    [
        (date(2023, 3, 3), "Lai Châu, ngày 03 tháng 3 năm 2023"),
        (date(2020, 1, 14), "Lai Châu, ngày 14 tháng 01 năm 2020"),
        (date(2025, 2, 27), "Lai Châu, ngày 27 tháng 02 năm 2025"),
    ],
)
def test_place_date_line_uses_leading_zeros(issued: date, line: str) -> None:
    document = _open(replace(REPORT_714, date=issued))
    assert _cell_lines(document, 0, 1)[2] == line


def test_unnumbered_draft_leaves_a_gap(tmp_path: Path) -> None:
    draft = replace(REPORT_714, number=None, kind="TTr")
    document = _open(draft, tmp_path)
    assert _cell_lines(document, 0, 0)[2] == "Số:     /TTr-LĐLĐ"
    assert "TỜ TRÌNH" in [p.text for p in document.paragraphs]
    assert (tmp_path / "x.docx").read_bytes()[:2] == b"PK"


def test_first_number_of_the_year_has_two_digits() -> None:
    document = _open(replace(REPORT_714, number=1, kind="KH"))
    assert _cell_lines(document, 0, 0)[2] == "Số: 01/KH-LĐLĐ"


def test_cong_van_has_no_title_word_and_a_subject_under_the_number() -> None:
    letter = replace(REPORT_714, kind=None, number=1070, summary="Đẩy mạnh thực hiện")
    document = _open(letter)
    assert _cell_lines(document, 0, 0)[2:] == ["Số: 1070/LĐLĐ", "V/v Đẩy mạnh thực hiện"]
    assert not set(document_kinds.values()) & {p.text for p in document.paragraphs}


def test_award_list_table() -> None:
    entries = [
        ListEntry("Trần Thị Bình", "Giáo viên", "Trường TH Sìn Hồ", "Hoàn thành xuất sắc"),
        ListEntry("Lê Văn Ánh", "Công nhân", "Công ty Thủy điện", "02 sáng kiến"),
    ]
    listing = replace(
        REPORT_714,
        kind=None,
        title="DANH SÁCH",
        attachment="(Kèm theo Tờ trình số 05/TTr-LĐLĐ ngày 15/12/2025)",
        body=(award_list_table(entries, sort_by_name=True),),
    )
    document = _open(listing)
    table = document.tables[1]
    assert [c.text for c in table.rows[0].cells] == [
        "STT",
        "Họ và tên",
        "Chức vụ",
        "Đơn vị",
        "Thành tích tóm tắt",
    ]
    assert [c.text for c in table.rows[1].cells][:2] == ["1", "Lê Văn Ánh"]
    assert [c.text for c in table.rows[2].cells][:2] == ["2", "Trần Thị Bình"]
    texts = [p.text for p in document.paragraphs]
    assert "DANH SÁCH" in texts and "(Kèm theo Tờ trình số 05/TTr-LĐLĐ ngày 15/12/2025)" in texts
    assert not any(line.startswith("Số:") for line in _cell_lines(document, 0, 0))


def test_unknown_kind_is_rejected() -> None:
    with pytest.raises(ValueError, match="Loại văn bản không rõ"):
        replace(REPORT_714, kind="XX")


def test_archive_line_is_last_even_with_no_recipients() -> None:
    bare = replace(REPORT_714, recipients=(), archive_note="VT, CTCS.")
    assert recipient_lines(bare) == ["- Lưu: VT, CTCS."]


def test_table_rows_keep_text_alignment_size_and_rows_whole() -> None:
    """Rows after the first are written from the first one's XML: each keeps its own text
    (spaces, tabs, line breaks, markup characters), numbers centred, 12 pt, never split."""
    values = [
        ("1", "Lò Văn Sơn", "CĐCS Trường <Mường Kim> & Co", "7", "0", "Thông qua"),
        ("2", "", " lề trái", "12.5%", "3", "Không thông qua"),
        ("3", "Tòng\tThị Pà", "Dòng một\nDòng hai", "10", "", "x"),
    ]
    table = BodyTable(("STT", "Họ và tên", "Đơn vị", "Đồng ý", "Không", "Kết quả"), tuple(values))
    document = _open(replace(REPORT_714, body=(table,)))
    grid = document.tables[1]
    assert [[c.text for c in row.cells] for row in grid.rows[1:]] == [list(v) for v in values]
    centred = [
        [c.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER for c in row.cells]
        for row in grid.rows[1:]
    ]
    yes, no = True, False
    assert centred == [
        [yes, no, no, yes, yes, no],
        [yes, no, no, yes, yes, no],  # "12.5%" is a number, an empty cell is not
        [yes, no, no, yes, no, no],
    ]
    runs = [r for row in grid.rows[1:] for c in row.cells for r in c.paragraphs[0].runs]
    assert {r.font.size.pt for r in runs} == {12}
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in grid.rows)
    widths = {tuple(round(c.width.mm) for c in row.cells) for row in grid.rows}
    assert len(widths) == 1
