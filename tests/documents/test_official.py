"""What an official would refuse to sign (issue 17), checked on the PDF and DOCX of each kind."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from docx.oxml.ns import qn
from openpyxl import load_workbook
from PIL import Image

from awards.reports.docx_nd30 import name_lines, recipient_lines
from tests.support.forbidden import FORBIDDEN
from tests.support.official_documents import DOCX_KINDS, XLSX_KINDS, Rendered
from tests.support.pdf import MM, words

# One xdist group: one LibreOffice run per test run (docs/contributing.md).
pytestmark = pytest.mark.xdist_group("documents")

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


@pytest.mark.parametrize("kind", DOCX_KINDS + XLSX_KINDS)
def test_no_status_tag_internal_code_or_state(rendered: dict[str, Rendered], kind: str) -> None:
    text = rendered[kind].pdf.text
    assert FORBIDDEN.findall(text) == []


@pytest.mark.parametrize("kind", DOCX_KINDS)
def test_header_names_print_whole_lines(rendered: dict[str, Rendered], kind: str) -> None:
    r = rendered[kind]
    assert r.doc is not None
    lines = [line.strip() for line in r.pdf.pages[0].splitlines()]
    wanted = [*name_lines(r.doc.issuer.name.upper()), MOTTO]
    if r.doc.issuer.parent_name:
        wanted.append(r.doc.issuer.parent_name.upper())
    for name in wanted:
        assert any(name in line for line in lines[:6]), (name, lines[:6])


@pytest.mark.parametrize("kind", DOCX_KINDS)
def test_place_and_date_on_the_number_line(rendered: dict[str, Rendered], kind: str) -> None:
    r = rendered[kind]
    assert r.doc is not None
    dated = [line for line in r.pdf.pages[0].splitlines()[:8] if ", ngày " in line]
    assert len(dated) == 1 and dated[0].strip().endswith(f"năm {r.doc.date.year}")
    if r.doc.attachment:  # an attached danh sách has no number
        assert "Số:" not in r.pdf.text
    else:
        assert "Số:" in dated[0]


def _bordered(paragraph: object) -> bool:
    ppr = paragraph._p.pPr  # type: ignore[attr-defined]
    return ppr is not None and ppr.find(qn("w:pBdr")) is not None


@pytest.mark.parametrize("kind", DOCX_KINDS)
def test_rule_lines_under_issuer_motto_and_summary(
    rendered: dict[str, Rendered], kind: str, tmp_path: Path
) -> None:
    document = rendered[kind].docx()
    issuer, motto = document.tables[0].rows[0].cells
    assert any(map(_bordered, issuer.paragraphs)) and any(map(_bordered, motto.paragraphs))
    assert sum(map(_bordered, document.paragraphs[:6])) == 1  # under the trích yếu
    # On the printed page: at least three rules of 25 mm or more above the body.
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "100",
            "-f",
            "1",
            "-l",
            "1",
            str(rendered[kind].pdf.path),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    (png,) = tmp_path.glob("p*.png")
    assert _horizontal_rules(png, top_mm=100, min_mm=25) >= 3


def _horizontal_rules(png: Path, top_mm: float, min_mm: float) -> int:
    """Dark horizontal runs of ``min_mm`` or longer above ``top_mm``; a rule drawn over two
    pixel rows, or two rules side by side on one row, are told apart by where they start."""
    image = Image.open(png).convert("L")
    per_mm = image.width / 210
    needed = int(min_mm * per_mm)
    found: set[tuple[int, int]] = set()  # (row, start column / 5 mm)
    for y in range(int(top_mm * per_mm)):
        run = 0
        for x in range(image.width + 1):
            dark = x < image.width and image.getpixel((x, y)) < 160
            if dark:
                run += 1
                continue
            if run >= needed:
                found.add((y, int((x - run) / (5 * per_mm))))
            run = 0
    return sum(1 for y, col in found if (y - 1, col) not in found)


@pytest.mark.parametrize("kind", DOCX_KINDS)
def test_signature_on_the_page_of_the_last_paragraph(
    rendered: dict[str, Rendered], kind: str
) -> None:
    r = rendered[kind]
    assert r.doc is not None
    pages = [re.sub(r"\s+", " ", p) for p in r.pdf.raw_pages]
    assert all(p.strip() for p in pages), "một trang trống"
    signer = r.doc.signature
    signed = [p for p in pages if signer.title.upper() in p and signer.name in p]
    assert len(signed) == 1
    # The body's last paragraph is printed on the signature's page (an annex may follow).
    last = next(b for b in reversed(r.doc.body) if hasattr(b, "text"))
    tail = " ".join(last.text.split()[-4:])  # type: ignore[union-attr]
    assert tail in signed[0], (tail, signed[0][:300])


def test_page_numbers_from_page_two_centred(rendered: dict[str, Rendered]) -> None:
    multi = [r for k, r in rendered.items() if k in DOCX_KINDS and len(r.pdf.pages) > 1]
    assert multi, "a fixture must run over one page"
    for r in rendered.values():
        if r.doc is None:
            continue
        for number in range(1, len(r.pdf.pages) + 1):
            top = [w for w in words(r.pdf.path, number) if w[3] < 19 * MM]  # the header band
            if number == 1:
                assert top == [], top
                continue
            ((x0, _, x1, _, text),) = top
            centre = (30 + 165 / 2) * MM
            assert text == str(number) and abs((x0 + x1) / 2 - centre) < 3 * MM


def test_danh_sach_is_an_attachment(rendered: dict[str, Rendered]) -> None:
    r = rendered["danh-sach"]
    document = r.docx()
    kem_theo = [p for p in document.paragraphs if p.text.startswith("(Kèm theo Tờ trình số")]
    assert len(kem_theo) == 1 and all(run.italic for run in kem_theo[0].runs)
    assert kem_theo[0].text == (
        "(Kèm theo Tờ trình số 05/TTr-LĐLĐ ngày 15/12/2025 của Liên đoàn Lao động huyện Mường Tè)"
    )
    assert "Số:" not in r.pdf.text and "/DS" not in r.pdf.text and "Nơi nhận" not in r.pdf.text
    layout = r.pdf.pages[0]
    assert re.search(r"^\s*STT\s+Họ và tên", layout, re.M)  # STT on one line, not "ST/T"
    people = document.tables[-2]  # the last is the signature block
    assert {row.cells[-1].text for row in people.rows[1:]} == {
        "Hoàn thành xuất sắc nhiệm vụ năm 2025"
    }


def test_to_trinh_cites_its_basis_and_the_council_minutes(rendered: dict[str, Rendered]) -> None:
    r = rendered["to-trinh"]
    text = " ".join(r.pdf.text.split())
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in text
    assert "Căn cứ Biên bản số 03/BB-HĐTĐKT ngày 10/12/2025 họp Hội đồng Thi đua – Khen" in text
    assert "Mường Tè, ngày 15 tháng 12 năm 2025" in text and "Lò Văn Thắng" in text
    assert r.doc is not None and recipient_lines(r.doc) == ["- Như trên;", "- Lưu: VT."]


def test_bien_ban_has_times_chair_secretary_and_citation(rendered: dict[str, Rendered]) -> None:
    text = " ".join(rendered["bien-ban"].pdf.text.split())
    for phrase in (
        "Vào hồi 08 giờ 00 phút, ngày 10 tháng 12 năm 2025, tại Hội trường",
        "Chủ trì: Nguyễn Văn Hùng, Chủ tịch Hội đồng.",
        "Thư ký: Tòng Văn Bình, Thư ký Hội đồng.",
        "Phiên họp kết thúc vào hồi 10 giờ 30 phút cùng ngày.",
        "(theo Khoản 8 Điều 45 Nghị định số 91/2017/NĐ-CP)",
        "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG",
    ):
        assert phrase in text
    assert "Thi đua - Khen" not in text
    # THƯ KÝ and CHỦ TỊCH names on one printed line.
    assert re.search(r"Tòng Văn Bình\s+Nguyễn Văn Hùng", rendered["bien-ban"].pdf.pages[-1])


def test_xlsx_prints_landscape_fit_to_width_with_header_rows(
    rendered: dict[str, Rendered],
) -> None:
    for kind in XLSX_KINDS:
        r = rendered[kind]
        width, height = r.pdf.page_size_pt
        assert width > height, kind  # landscape
        for ws in load_workbook(r.source).worksheets:
            setup = ws.page_setup
            assert setup.orientation == "landscape" and int(setup.paperSize) == 9  # A4
            assert ws.sheet_properties.pageSetUpPr.fitToPage
            assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
            assert ws.print_title_rows and ws.print_area
    assert len(rendered["bieu-tong-hop"].pdf.pages) == 1  # all eleven columns on one page


def test_xlsx_numbers_are_numbers_in_vietnamese_formats(rendered: dict[str, Rendered]) -> None:
    ws = load_workbook(rendered["bieu-tong-hop"].source).active
    assert ws is not None
    counts = [c for row in ws.iter_rows(min_row=6, min_col=3) for c in row if c.value is not None]
    # Counts are numbers; the totals row is SUM formulas.
    assert counts and all(
        isinstance(c.value, int) or str(c.value).startswith("=SUM(") for c in counts
    )
    assert {c.number_format for c in counts} <= {"[$-42A]#,##0", "0"}
    assert "2.300" in rendered["bieu-tong-hop"].pdf.text  # the Vietnamese grouping, printed
    shares = load_workbook(rendered["tong-ket-bang"].source)["Tỷ lệ trực tiếp"]
    percents = [c for c in shares["D"][4:] if c.value is not None]
    assert percents and all(isinstance(c.value, float) for c in percents)
    assert {c.number_format for c in percents} == {"[$-42A]0%"}
    assert "40%" in rendered["tong-ket-bang"].pdf.text  # 4 of 10, printed as a percent


def test_draft_quyet_dinh_follows_phu_luc_iii(rendered: dict[str, Rendered]) -> None:
    r = rendered["du-thao-quyet-dinh"]
    document = r.docx()
    decide = next(p for p in document.paragraphs if p.text == "QUYẾT ĐỊNH:")
    assert decide.alignment == 1 and all(run.bold for run in decide.runs)  # centred, bold
    article = next(p for p in document.paragraphs if p.text.startswith("Điều 1."))
    assert article.runs[0].text == "Điều 1." and article.runs[0].bold
    text = " ".join(r.pdf.text.split())
    paragraphs = [p.text for p in document.paragraphs]
    assert any("tại Tờ trình số 05/TTr-LĐLĐ ngày 15/12/2025," in p for p in paragraphs)
    assert "Lai Châu, ngày tháng năm 2025" in text  # undated until signed
    assert "BAN THƯỜNG VỤ LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU" in text  # who decides
    # The danh sách is an annex on its own page, after the signature.
    annex = " ".join(r.pdf.raw_pages[-1].split())
    assert annex.startswith("2 DANH SÁCH Tặng Bằng khen") or "DANH SÁCH" in annex
    assert "(Kèm theo Quyết định số /QĐ-LĐLĐ ngày tháng năm 2025 của" in annex
    assert "Lương Xuân Trường" not in annex


def test_quyet_dinh_of_the_chu_tich_ubnd(rendered: dict[str, Rendered]) -> None:
    """Numbered and dated; who decides under the trích yếu; "CHỦ TỊCH" signs alone."""
    r = rendered["quyet-dinh"]
    first = " ".join(r.pdf.raw_pages[0].split())
    assert "Số: 12/QĐ-UBND" in first and "Lai Châu, ngày 28 tháng 12 năm 2025" in first
    paragraphs = [p.text for p in r.docx().paragraphs]
    power = paragraphs.index("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LAI CHÂU")
    assert paragraphs[power + 1].startswith("Căn cứ Luật Thi đua, khen thưởng")
    assert paragraphs[power + 2].startswith("Theo đề nghị của Liên đoàn Lao động tỉnh Lai Châu")
    signature = [p.text for p in r.docx().tables[1].cell(0, 1).paragraphs]  # after the header
    assert signature[0] == "CHỦ TỊCH" and signature[-1] == "Lê Văn Lương"
    assert "TM. ỦY BAN NHÂN DÂN" not in r.pdf.text
    annex = " ".join(r.pdf.raw_pages[-1].split())
    assert (
        "(Kèm theo Quyết định số 12/QĐ-UBND ngày 28/12/2025 của Chủ tịch Ủy ban nhân dân tỉnh "
        "Lai Châu)" in annex
    )


def test_an_empty_period_says_so_instead_of_empty_tables(rendered: dict[str, Rendered]) -> None:
    r = rendered["so-ket-trong"]
    assert len(r.docx().tables) == 2  # the header and the signature block only
    text = " ".join(r.pdf.text.split())
    assert text.count("Trong kỳ chưa có hồ sơ đề nghị khen thưởng.") == 3
    assert "Trong kỳ chưa có quyết định khen thưởng." in text and "Không có hồ sơ quá hạn." in text


def test_report_tables_give_unit_names_room(rendered: dict[str, Rendered]) -> None:
    """No column of unit names narrower than 44 mm (they wrapped to 5-6 lines in 25 mm)."""
    tables = rendered["tong-ket"].docx().tables[1:-1]
    assert len(tables) == 4
    for table in tables:
        widths = [round(c.width.mm) for c in table.columns]
        assert sum(widths) in (164, 165, 166) and widths[1] >= 44, widths


def test_an_issued_quyet_dinh_carries_its_number_and_its_own_date(
    rendered: dict[str, Rendered],
) -> None:
    """The register's number and the signing date, never the tờ trình's date (04/11/2025)."""
    r = rendered["quyet-dinh-ban-hanh"]
    first = " ".join(r.pdf.raw_pages[0].split())
    assert "Số: 01/QĐ-LĐLĐ" in first and "Lai Châu, ngày 20 tháng 12 năm 2025" in first
    assert "ngày 04 tháng 11 năm 2025" not in r.pdf.text
    paragraphs = [p.text for p in r.docx().paragraphs]
    assert any(
        "Theo đề nghị của Liên đoàn Lao động huyện Than Uyên tại Tờ trình số 01/TTr-LĐLĐ ngày "
        "04/11/2025," in p
        for p in paragraphs
    )
    assert "Lương Xuân Trường" in r.pdf.text
    annex = " ".join(r.pdf.raw_pages[-1].split())
    assert "(Kèm theo Quyết định số 01/QĐ-LĐLĐ ngày 20/12/2025 của" in annex


def test_bien_ban_kiem_phieu_names_the_tellers_and_counts_every_ballot(
    rendered: dict[str, Rendered],
) -> None:
    r = rendered["bien-ban-kiem-phieu"]
    text = " ".join(r.pdf.text.split())
    assert "BIÊN BẢN KIỂM PHIẾU" in text and "Số:" not in text  # attached, no number
    assert "(Kèm theo Biên bản số 03/BB-HĐTĐKT ngày 10/12/2025)" in text
    assert "1. Lò Thị Mai, Trưởng ban;" in text and "2. Tòng Văn Bình, Ủy viên;" in text
    assert (
        "Số phiếu phát ra: 8; số phiếu thu vào: 8; số phiếu hợp lệ: 8; số phiếu không hợp lệ: 0."
        in text
    )
    assert "TRƯỞNG BAN KIỂM PHIẾU" in text and "Khoản 8 Điều 45" in text


def test_an_issued_quyet_dinh_is_signed_by_the_chair_named(rendered: dict[str, Rendered]) -> None:
    r = rendered["quyet-dinh-ban-hanh"]
    signature = [p.text for p in r.docx().tables[1].cell(0, 1).paragraphs if p.text]
    assert signature == ["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Lương Xuân Trường"]
