"""DOCX in the NĐ 30/2020 layout (Phụ lục I) as LĐLĐ Lai Châu uses it (seeds 001, 003).

A4; margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman. Header: a borderless
two-by-two table (issuer | national motto, each with its rule line; then "Số:" | place-date on
one line); the title word and trích yếu over a short rule; the body; a borderless footer table
(Nơi nhận | signature block) that never splits and stays with the last paragraph. Page numbers
from page 2, centred in the page header.
"""

from __future__ import annotations

import copy
import io
import re
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.parser import element_class_lookup
from docx.oxml.table import CT_Row, CT_Tbl
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from awards.reports.documents import (
    Block,
    BodyHeading,
    BodyImage,
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
# The text width is 210 - 30 - 15 = 165 mm. Upper-case names at 12-13 pt are 80-90 mm long
# ("LIÊN ĐOÀN LAO ĐỘNG HUYỆN MƯỜNG TÈ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), so the header
# table is 180 mm wide from 10 mm inside the left margin (20 to 200 mm), its cells almost unpadded;
# a longer name is broken where an office breaks it (`name_lines`).
HEADER_WIDTHS_MM = (88, 92)
HEADER_INDENT_MM = -10
HEADER_SIZE = 12  # tên cơ quan and quốc hiệu: 12-13 pt in Phụ lục I
CELL_PADDING_MM = 0.5
ISSUER_RULE_MM = 30  # "một đường kẻ ngang, nét liền, độ dài bằng 1/3 đến 1/2 độ dài dòng chữ"
SUMMARY_RULE_MM = 35
MOTTO_RULE_MM = 56  # as long as "Độc lập - Tự do - Hạnh phúc"
TABLE_SIZE = 12
ARTICLE = re.compile(r"^Điều \d+\.")
CENTER, JUSTIFY, LEFT = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
    WD_ALIGN_PARAGRAPH.LEFT,
)
SIGNATURE_SPACE_LINES = 4
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]
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
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True  # no number on page 1
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


def _field_char(paragraph: Paragraph, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(char)


def _page_numbers(document: DocxDocument) -> None:
    """A PAGE field centred in the header of pages 2 onwards (NĐ 30 Phụ lục I, mục 9)."""
    paragraph = document.sections[0].header.paragraphs[0]
    paragraph.alignment = CENTER
    _field_char(paragraph, "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = " PAGE "
    paragraph.add_run()._r.append(code)
    _field_char(paragraph, "separate")
    paragraph.add_run("2")  # shown until the field is updated
    _field_char(paragraph, "end")
    for run in paragraph.runs:
        run.font.size = Pt(13)


def _rule(where: Container, length_mm: float, box_mm: float) -> Paragraph:
    """A centred horizontal rule ``length_mm`` long: the top border of an empty, 2 pt paragraph
    indented from both sides of its box (a cell or the text width)."""
    paragraph = where.add_paragraph()
    fmt = paragraph.paragraph_format
    side = max((box_mm - length_mm) / 2, 0)
    fmt.left_indent = fmt.right_indent = Mm(side)
    fmt.space_before, fmt.space_after = Pt(3), Pt(0)  # clear of the descenders above
    fmt.line_spacing = Pt(2)
    paragraph.add_run("").font.size = Pt(2)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().insert_element_before(
        borders, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr"
    )
    return paragraph


def _unsplit(table: Table) -> None:
    """Rows never break across pages (the signature block, a danh sách line)."""
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _repeat_header(table: Table) -> None:
    header = OxmlElement("w:tblHeader")
    table.rows[0]._tr.get_or_add_trPr().append(header)


def _cell_padding(table: Table, mm: float) -> None:
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(round(mm * 1440 / 25.4)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption")


def _indent(table: Table, mm: float) -> None:
    indent = OxmlElement("w:tblInd")
    indent.set(qn("w:w"), str(round(mm * 1440 / 25.4)))
    indent.set(qn("w:type"), "dxa")
    later = ("w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")
    table._tbl.tblPr.insert_element_before(indent, *later)


def _grid(
    document: DocxDocument, rows: int, widths_mm: tuple[float, float], indent_mm: float = 0
) -> Table:
    table = document.add_table(rows=rows, cols=2)
    table.autofit = False
    if indent_mm:
        _indent(table, indent_mm)
    else:
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borderless(table)
    _cell_padding(table, CELL_PADDING_MM)
    _widths(table, widths_mm)
    return table


def _two_columns(document: DocxDocument, widths_mm: tuple[float, float]) -> tuple[_Cell, _Cell]:
    table = _grid(document, 1, widths_mm)
    _unsplit(table)
    left, right = table.rows[0].cells
    return left, right


def _widths(table: Table, widths_mm: tuple[float, ...]) -> None:
    """The table's width, the grid (LibreOffice reads it) and every cell (Word reads those)."""
    total = table._tbl.tblPr.find(qn("w:tblW"))
    if total is not None:
        total.set(qn("w:type"), "dxa")
        total.set(qn("w:w"), str(round(sum(widths_mm) * 1440 / 25.4)))
    for column, width in zip(table.columns, widths_mm, strict=False):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)


HEADER_LINE_CHARS = 32  # "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU" fits a column at 12 pt bold
PARENT_LINE_CHARS = 35  # the regular weight is narrower
_BREAK_BEFORE = ("HUYỆN", "TỈNH", "THÀNH PHỐ", "THỊ XÃ", "QUẬN", "NGÀNH")


def name_lines(name: str, limit: int = HEADER_LINE_CHARS) -> list[str]:
    """An upper-case name in lines that fit the header column, broken where an office breaks
    it: before the administrative unit ("LIÊN ĐOÀN LAO ĐỘNG / HUYỆN MƯỜNG TÈ"), never inside a
    place name ("… TỈNH LAI / CHÂU")."""
    if len(name) <= limit:
        return [name]
    cuts = [name.rfind(f" {word} ") for word in _BREAK_BEFORE]
    cut = max((c for c in cuts if c > 0), default=-1)
    if cut < 0:  # no administrative word: the space nearest the middle
        spaces = [k for k, ch in enumerate(name) if ch == " "]
        cut = min(spaces, key=lambda k: abs(k - len(name) / 2), default=-1)
    if cut < 0:
        return [name]
    return [name[:cut].strip(), *name_lines(name[cut:].strip(), limit)]


def _header(document: DocxDocument, doc: Nd30Document) -> None:
    """Row 1: issuer | quốc hiệu and tiêu ngữ, each over its rule; row 2: "Số:" | place-date."""
    table = _grid(document, 2, HEADER_WIDTHS_MM, HEADER_INDENT_MM)
    (left, right), (number_cell, date_cell) = (r.cells for r in table.rows)
    parent = doc.issuer.parent_name.upper()
    for k, text in enumerate(name_lines(parent, PARENT_LINE_CHARS) if parent else []):
        _line(left, text, size=HEADER_SIZE, reuse_first=k == 0)
    for k, text in enumerate(name_lines(doc.issuer.name.upper())):
        _line(left, text, size=HEADER_SIZE, bold=True, reuse_first=not parent and k == 0)
    _rule(left, ISSUER_RULE_MM, HEADER_WIDTHS_MM[0])
    _line(
        right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=HEADER_SIZE, bold=True, reuse_first=True
    )
    _line(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=13)
    _rule(right, MOTTO_RULE_MM, HEADER_WIDTHS_MM[1])
    if doc.attachment:  # a list attached to another document carries no number of its own
        _line(number_cell, "", size=13, reuse_first=True)
    else:
        text = number_line(doc.number, doc.kind, doc.issuer.short_code)
        _line(number_cell, text, size=13, reuse_first=True)
    if doc.kind is None and not doc.attachment:  # a công văn: its subject under the number
        _line(number_cell, f"V/v {doc.summary}", size=12)
    when = place_date(doc.issuer.place, doc.date)
    if doc.number is None and doc.kind is not None:  # a draft: the signer dates it on signing
        when = f"{doc.issuer.place}, ngày      tháng      năm {doc.date.year}"
    _line(date_cell, when, size=BODY_SIZE, italic=True, reuse_first=True)
    for cell in (number_cell, date_cell):
        cell.paragraphs[0].paragraph_format.space_before = Pt(6)


def _title(document: DocxDocument, doc: Nd30Document) -> None:
    if doc.title_word is not None:
        word = _line(document, doc.title_word.upper(), size=BODY_SIZE, bold=True)
        word.paragraph_format.space_before = Pt(18)
        _line(document, doc.summary, size=BODY_SIZE, bold=True)
        if doc.attachment:
            _line(document, doc.attachment, size=BODY_SIZE, italic=True)
        _rule(document, SUMMARY_RULE_MM, TEXT_WIDTH_MM)
    if doc.addressees:
        lines = doc.addressees
        first = _line(document, f"Kính gửi: {lines[0]}", size=BODY_SIZE)
        first.paragraph_format.space_before = Pt(12)
        for extra in lines[1:]:
            _line(document, extra, size=BODY_SIZE)
    document.add_paragraph().paragraph_format.space_after = Pt(6)


def _body_paragraph(
    document: DocxDocument, text: str, bold: bool, italic: bool, centred: bool = False
) -> None:
    align = CENTER if centred else JUSTIFY
    article = ARTICLE.match(text)
    if article and not bold:  # "Điều 1." bold, the article's text regular
        paragraph = _line(document, article[0], size=BODY_SIZE, bold=True, align=align)
        paragraph.add_run(text[article.end() :]).font.size = Pt(BODY_SIZE)
    else:
        paragraph = _line(document, text, size=BODY_SIZE, bold=bold, italic=italic, align=align)
    if not centred:
        paragraph.paragraph_format.first_line_indent = Mm(10)
    paragraph.paragraph_format.space_after = Pt(6)
    if bold:  # a heading never ends a page
        paragraph.paragraph_format.keep_with_next = True


def _table(document: DocxDocument, block: BodyTable) -> None:
    """A grid table at 12 pt: fixed column widths, the heading row repeated on every page, no
    row split across pages; numbers centred."""
    first, rest = block.rows[:1], block.rows[1:]
    table = document.add_table(rows=1 + len(first), cols=len(block.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _cell_padding(table, 1)
    heading_row, *rows = table.rows
    for heading, cell in zip(block.columns, heading_row.cells, strict=True):
        _line(cell, heading, size=TABLE_SIZE, bold=True, reuse_first=True)
    for values, row in zip(first, rows, strict=True):
        for col, (value, cell) in enumerate(zip(values, row.cells, strict=True)):
            _line(cell, value, size=TABLE_SIZE, align=_align(col, value), reuse_first=True)
    _widths(table, block.widths_mm or _even_widths(block))
    _repeat_header(table)
    _unsplit(table)
    if rest:
        _copy_rows(table._tbl, rows[0]._tr, rest)
    document.add_paragraph().paragraph_format.space_after = Pt(0)


def _align(col: int, value: str) -> WD_ALIGN_PARAGRAPH:
    """The STT column and numbers centred, text on the left."""
    return CENTER if col == 0 or value.replace(".", "").rstrip("%").isdigit() else LEFT


_ALIGN_VAL = {CENTER: "center", LEFT: "left"}  # w:jc/@w:val, as python-docx writes them
_ROWS_PARSER = etree.XMLParser(resolve_entities=False)  # blank text kept: a w:t may be " "
_ROWS_PARSER.set_element_class_lookup(element_class_lookup)
_SLOT = re.compile(r"@(\d+)@|<w:t>#(\d+)#</w:t>")
_RUN_BREAKS = re.compile(r"([\t\r\n])")


def _copy_rows(tbl: CT_Tbl, template: CT_Row, rows: tuple[tuple[str, ...], ...]) -> None:
    """The rows after the first, written as WordprocessingML from the first row's XML (widths,
    12 pt runs, cantSplit) with their own text and alignment and parsed in one go: the XML
    python-docx writes cell by cell (a 900-row biên bản took seconds), in milliseconds."""
    blank = copy.deepcopy(template)
    for col, tc in enumerate(blank.iterchildren(qn("w:tc"))):
        paragraph = tc.find(qn("w:p"))
        paragraph.find(f"{qn('w:pPr')}/{qn('w:jc')}").set(qn("w:val"), f"@{col}@")
        run = paragraph.find(qn("w:r"))
        for child in run[1:]:  # all but the run properties
            run.remove(child)
        etree.SubElement(run, qn("w:t")).text = f"#{col}#"
    xml = etree.tostring(blank, encoding="unicode").replace("{", "{{").replace("}", "}}")
    row_format = _SLOT.sub(lambda m: f"{{a[{m[1]}]}}" if m[1] else f"{{t[{m[2]}]}}", xml)
    xml = "".join(
        row_format.format(
            a=[_ALIGN_VAL[_align(col, v)] for col, v in enumerate(values)],
            t=[_run_content(v) for v in values],
        )
        for values in rows
    )
    tbl.extend(etree.fromstring(f"<rows>{xml}</rows>", _ROWS_PARSER))


def _run_content(text: str) -> str:
    """A run's content as ``add_run(text)`` writes it: a w:t per stretch of text (space kept
    when it starts or ends with one), w:tab for a tab, w:br for a line break; none when empty."""
    parts = []
    for part in _RUN_BREAKS.split(text) if _RUN_BREAKS.search(text) else (text,):
        if part == "\t":
            parts.append("<w:tab/>")
        elif part in ("\r", "\n"):
            parts.append("<w:br/>")
        elif part:
            space = ' xml:space="preserve"' if len(part.strip()) < len(part) else ""
            parts.append(f"<w:t{space}>{escape(part)}</w:t>")
    return "".join(parts)


def _even_widths(block: BodyTable) -> tuple[float, ...]:
    """STT 12 mm, the first text column (a unit's name) twice the others."""
    n = len(block.columns)
    if n == 1:
        return (TEXT_WIDTH_MM,)
    rest = (TEXT_WIDTH_MM - 12) / (n)  # the name column counts double: n - 1 + 1 shares
    return (12.0, 2 * rest, *([rest] * (n - 2)))


def _body(document: DocxDocument, blocks: tuple[Block, ...]) -> None:
    for block in blocks:
        if isinstance(block, BodyHeading):
            italic = block.level >= 3
            _body_paragraph(document, block.text, True, italic, centred=block.centred)
        elif isinstance(block, BodyText):
            _body_paragraph(document, block.text, bold=False, italic=False)
        elif isinstance(block, BodyImage):
            _image(document, block)
        else:
            _table(document, block)
    if blocks and not isinstance(blocks[-1], BodyTable):
        # The last paragraph goes to the next page with the signature rather than leave it alone.
        document.paragraphs[-1].paragraph_format.keep_with_next = True


def _image(document: DocxDocument, block: BodyImage) -> None:
    """The picture inline in its own centred paragraph, kept with its caption."""
    paragraph = document.add_paragraph()
    paragraph.alignment = CENTER
    paragraph.paragraph_format.keep_with_next = bool(block.caption)
    paragraph.add_run().add_picture(io.BytesIO(block.png), width=Mm(block.width_mm))
    if block.caption:
        caption = _line(document, block.caption, size=TABLE_SIZE, italic=True)
        caption.paragraph_format.space_after = Pt(6)


def recipient_lines(doc: Nd30Document) -> list[str]:
    """``- …;`` per recipient, then ``- Lưu: VT, <ban>.`` (the archive line always comes last)."""
    lines = [f"- {r.strip().rstrip(';,.').strip()};" for r in doc.recipients]
    return lines + [f"- Lưu: {doc.archive_note.strip().rstrip('.')}."]


def _footer(document: DocxDocument, doc: Nd30Document) -> None:
    left, right = _two_columns(document, (80, 85))
    right_lines = _signature_lines(doc.signature)
    if doc.left_signature is not None:
        left_lines = _signature_lines(doc.left_signature)
        # Both names on one line: pad the shorter block at the top (THƯ KÝ beside TM./CHỦ TỊCH).
        height = max(len(left_lines), len(right_lines))
        _signature(left, [""] * (height - len(left_lines)) + left_lines)
        _signature(right, [""] * (height - len(right_lines)) + right_lines)
        return
    if not doc.attachment:  # an attached list is sent with its document
        _line(left, "Nơi nhận:", size=12, bold=True, italic=True, align=LEFT, reuse_first=True)
        for text in recipient_lines(doc):
            _line(left, text, size=11, align=LEFT)
    _signature(right, right_lines)


def _signature_lines(signature: Signature) -> list[str]:
    head = [signature.on_behalf.upper()] if signature.on_behalf else []
    return [*head, signature.title.upper(), *[""] * SIGNATURE_SPACE_LINES, signature.name]


def _signature(cell: _Cell, lines: list[str]) -> None:
    for k, text in enumerate(lines):
        paragraph = _line(cell, text, size=BODY_SIZE, bold=True, reuse_first=k == 0)
        paragraph.paragraph_format.keep_with_next = k < len(lines) - 1


def build_docx(doc: Nd30Document) -> DocxDocument:
    """The python-docx document; `docx_bytes` gives the file."""
    document = Document()
    _setup(document)
    _page_numbers(document)
    _header(document, doc)
    _title(document, doc)
    _body(document, doc.body)
    _footer(document, doc)
    _annex(document, doc)
    return document


def _annex(document: DocxDocument, doc: Nd30Document) -> None:
    if not doc.annex:
        return
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    *titles, note = doc.annex_heading
    for text in titles:
        _line(document, text, size=BODY_SIZE, bold=True)
    _line(document, note, size=BODY_SIZE, italic=True)
    _rule(document, SUMMARY_RULE_MM, TEXT_WIDTH_MM)
    document.add_paragraph().paragraph_format.space_after = Pt(0)
    _body(document, doc.annex)


def docx_bytes(doc: Nd30Document, path: Path | None = None) -> bytes:
    """The .docx file's bytes; also written to ``path`` when one is given."""
    buffer = io.BytesIO()
    build_docx(doc).save(buffer)
    data = buffer.getvalue()
    if path is not None:
        path.write_bytes(data)
    return data
