"""The printed page of every kind, read back from the PDF LibreOffice makes (NĐ 30/2020, Phụ lục I).

Run in CI (`.ci/run` installs LibreOffice and poppler); a missing tool fails, never skips.
"""

from __future__ import annotations

import pytest
from docx.shared import Length

from tests.documents.conftest import DOCX_KINDS, XLSX_KINDS, Rendered
from tests.documents.pdf import A4_PT

KINDS = DOCX_KINDS + XLSX_KINDS


@pytest.mark.parametrize("kind", KINDS)
def test_every_page_is_a4_with_images_for_the_reviewer(
    rendered: dict[str, Rendered], kind: str
) -> None:
    r = rendered[kind]
    width, height = sorted(r.pdf.page_size_pt)  # a wide table may print landscape
    assert abs(width - A4_PT[0]) < 1 and abs(height - A4_PT[1]) < 1
    assert len(r.images) == len(r.pdf.pages) >= 1
    assert all(p.stat().st_size > 1000 for p in r.images)


@pytest.mark.parametrize("kind", DOCX_KINDS)
def test_margins_20_20_30_15(rendered: dict[str, Rendered], kind: str) -> None:
    section = rendered[kind].docx().sections[0]
    measured = [
        section.page_width,
        section.page_height,
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    ]
    # DOCX stores twentieths of a point: compare to a tenth of a millimetre.
    assert [round(Length(v).mm, 1) for v in measured] == [210, 297, 20, 20, 30, 15]


@pytest.mark.parametrize("kind", KINDS)
def test_fonts_are_times_new_roman_or_its_metric_twin(
    rendered: dict[str, Rendered], kind: str
) -> None:
    # Times New Roman is not installed on Debian; LibreOffice lays out with Liberation Serif,
    # which has the same metrics, so line breaks and page breaks are those of Word.
    fonts = set(rendered[kind].pdf.fonts)
    assert fonts and all(f.startswith(("LiberationSerif", "TimesNewRoman")) for f in fonts), fonts


@pytest.mark.parametrize("kind", DOCX_KINDS)
def test_docx_runs_are_times_new_roman_within_the_decree_sizes(
    rendered: dict[str, Rendered], kind: str
) -> None:
    document = rendered[kind].docx()
    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size.pt == 14
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs += cell.paragraphs
    sizes = {run.font.size.pt for p in paragraphs for run in p.runs if run.text.strip()}
    assert sizes and min(sizes) >= 11 and max(sizes) <= 14, sizes
    assert {run.font.name for p in paragraphs for run in p.runs} <= {None, "Times New Roman"}
