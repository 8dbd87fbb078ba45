"""DOCX in the NĐ 30/2020 layout (Phụ lục I) as LĐLĐ Lai Châu uses it (seeds 001, 003).

A4; margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman. Header: a borderless
two-column table (issuer and number | national motto and place-date); the title word and trích
yếu; the body; a borderless footer table (Nơi nhận | signature block).
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from awards.reports.documents import (
    Block,
    BodyHeading,
    BodyTable,
    BodyText,
    Nd30Document,
    Signature,
)
from awards.reports.numbering import number_line
from notifications.vn import place_date

FONT_NAME = "Times New Roman"
BODY_SIZE = 14
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
HEADER_WIDTHS_MM = (70, 95)  # the text width is 210 - 30 - 15 = 165 mm
CENTER, JUSTIFY, LEFT = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
    WD_ALIGN_PARAGRAPH.LEFT,
)
SIGNATURE_SPACE_LINES = 4
Container = DocxDocument | _Cell


def _line(
    where: Container,
    text: str,
    *,
    size: float = 13,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH = CENTER,
    reuse_first: bool = False,
) -> Paragraph:
    """One paragraph of one run; ``reuse_first`` fills a table cell's initial empty paragraph."""
    paragraph = where.paragraphs[0] if reuse_first else where.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.font.size, run.bold, run.italic = Pt(size), bold, italic
    return paragraph


def _setup(document: DocxDocument) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    normal = document.styles["Normal"]
    normal.font.name = FONT_NAME
    normal.font.size = Pt(BODY_SIZE)
    # Word picks the East Asian font slot for some Vietnamese text unless it is set as well.
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT_NAME)


def _borderless(table: Table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    # Word rejects out-of-order children of w:tblPr, so insert where the schema puts it.
    later = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption")
    table._tbl.tblPr.insert_element_before(borders, *later)


def _two_columns(document: DocxDocument, widths_mm: tuple[float, float]) -> tuple[_Cell, _Cell]:
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borderless(table)
    _widths(table, widths_mm)
    left, right = table.rows[0].cells
    return left, right


def _widths(table: Table, widths_mm: tuple[float, ...]) -> None:
    """Both the grid (LibreOffice reads it) and every cell (Word reads those)."""
    for column, width in zip(table.columns, widths_mm, strict=False):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)


def _header(document: DocxDocument, doc: Nd30Document) -> None:
    left, right = _two_columns(document, HEADER_WIDTHS_MM)
    _line(left, doc.issuer.parent_name.upper(), reuse_first=True)
    _line(left, doc.issuer.name.upper(), bold=True)
    number = _line(left, number_line(doc.number, doc.kind, doc.issuer.short_code))
    number.paragraph_format.space_before = Pt(6)
    if doc.kind is None:  # a công văn carries its subject under the number
        _line(left, f"V/v {doc.summary}", size=12)
    _line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, reuse_first=True)
    _line(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=BODY_SIZE)
    when = _line(right, place_date(doc.issuer.place, doc.date), size=BODY_SIZE, italic=True)
    when.paragraph_format.space_before = Pt(12)


def _title(document: DocxDocument, doc: Nd30Document) -> None:
    if doc.title_word is not None:
        word = _line(document, doc.title_word.upper(), size=BODY_SIZE, bold=True)
        word.paragraph_format.space_before = Pt(18)
        _line(document, doc.summary, size=BODY_SIZE, bold=True)
    if doc.addressees:
        lines = doc.addressees
        first = _line(document, f"Kính gửi: {lines[0]}", size=BODY_SIZE)
        first.paragraph_format.space_before = Pt(12)
        for extra in lines[1:]:
            _line(document, extra, size=BODY_SIZE)
    document.add_paragraph().paragraph_format.space_after = Pt(6)


def _body_paragraph(document: DocxDocument, text: str, bold: bool, italic: bool) -> None:
    paragraph = _line(document, text, size=BODY_SIZE, bold=bold, italic=italic, align=JUSTIFY)
    paragraph.paragraph_format.first_line_indent = Mm(10)
    paragraph.paragraph_format.space_after = Pt(6)


def _table(document: DocxDocument, block: BodyTable) -> None:
    table = document.add_table(rows=1 + len(block.rows), cols=len(block.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for col, heading in enumerate(block.columns):
        _line(table.cell(0, col), heading, bold=True, reuse_first=True)
    for r, values in enumerate(block.rows, start=1):
        for col, value in enumerate(values):
            align = CENTER if col == 0 else LEFT
            _line(table.cell(r, col), value, align=align, reuse_first=True)
    if block.widths_mm:
        _widths(table, block.widths_mm)
    document.add_paragraph()


def _body(document: DocxDocument, blocks: tuple[Block, ...]) -> None:
    for block in blocks:
        if isinstance(block, BodyHeading):
            _body_paragraph(document, block.text, bold=True, italic=block.level >= 3)
        elif isinstance(block, BodyText):
            _body_paragraph(document, block.text, bold=False, italic=False)
        else:
            _table(document, block)


def recipient_lines(doc: Nd30Document) -> list[str]:
    """``- …;`` per recipient, then ``- Lưu: VT, <ban>.`` (the archive line always comes last)."""
    lines = [f"- {r.strip().rstrip(';,.').strip()};" for r in doc.recipients]
    return lines + [f"- Lưu: {doc.archive_note.strip().rstrip('.')}."]


def _footer(document: DocxDocument, doc: Nd30Document) -> None:
    left, right = _two_columns(document, (80, 85))
    if doc.left_signature is not None:
        _signature(left, doc.left_signature)
    else:
        _line(left, "Nơi nhận:", size=12, bold=True, italic=True, align=LEFT, reuse_first=True)
        for text in recipient_lines(doc):
            _line(left, text, size=11, align=LEFT)
    _signature(right, doc.signature)


def _signature(cell: _Cell, signature: Signature) -> None:
    if signature.on_behalf:
        _line(cell, signature.on_behalf.upper(), size=BODY_SIZE, bold=True, reuse_first=True)
        _line(cell, signature.title.upper(), size=BODY_SIZE, bold=True)
    else:
        _line(cell, signature.title.upper(), size=BODY_SIZE, bold=True, reuse_first=True)
    for _ in range(SIGNATURE_SPACE_LINES):
        _line(cell, "", size=BODY_SIZE)
    _line(cell, signature.name, size=BODY_SIZE, bold=True)


def build_docx(doc: Nd30Document) -> DocxDocument:
    """The python-docx document; `docx_bytes` gives the file."""
    document = Document()
    _setup(document)
    _header(document, doc)
    _title(document, doc)
    _body(document, doc.body)
    _footer(document, doc)
    return document


def docx_bytes(doc: Nd30Document, path: Path | None = None) -> bytes:
    """The .docx file's bytes; also written to ``path`` when one is given."""
    buffer = io.BytesIO()
    build_docx(doc).save(buffer)
    data = buffer.getvalue()
    if path is not None:
        path.write_bytes(data)
    return data
