"""Bằng khen / Giấy khen certificates: one A4 landscape PDF page per awardee, and one merged file.

The wording and layout come from a template (awards/data/certificate.yaml) the federation edits
without a programmer; matplotlib draws the page (no other PDF library), embedding a TrueType font
with every Vietnamese letter (Times New Roman where installed, else its metric twin Liberation
Serif, else DejaVu Serif).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from notifications.vn import place_date, short_date

# matplotlib is imported when a page is drawn, not by every `tdkt` command.
if TYPE_CHECKING:
    from matplotlib.figure import Figure

MM_PER_INCH = 25.4


@dataclass(frozen=True)
class Certificate:
    form: str  # a key of the template's forms: bang_khen | giay_khen
    issuer_line: str  # "BAN CHẤP HÀNH LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU"
    awardee: str  # "Bà Nguyễn Thị Hằng", "Công đoàn Trường Tiểu học Mường Kim"
    detail: str  # "Giáo viên, Trường Tiểu học Mường Kim"
    achievement: str  # "Đã có thành tích xuất sắc trong …"
    decision_no: str  # "12/QĐ-LĐLĐ"
    decision_date: date
    place: str
    signer_title: str  # "TM. BAN THƯỜNG VỤ / CHỦ TỊCH" on two lines, or "CHỦ TỊCH"
    signer_name: str
    register_no: str = ""  # số sổ vàng, when the issuer keeps one

    def fields(self, template: Mapping[str, Any]) -> dict[str, str]:
        found = {k: str(v) for k, v in asdict(self).items()}
        found["title"] = template["forms"][self.form]["title"]
        found["decision_date"] = short_date(self.decision_date)
        found["place_date"] = place_date(self.place, self.decision_date)
        return found


def _page(cert: Certificate, template: Mapping[str, Any]) -> Figure:
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    page = template["page"]
    size = (page["width_mm"] / MM_PER_INCH, page["height_mm"] / MM_PER_INCH)
    figure = Figure(figsize=size)
    figure.patches += [
        Rectangle(
            (inset, inset),
            1 - 2 * inset,
            1 - 2 * inset,
            transform=figure.transFigure,
            fill=False,
            edgecolor=page["border_colour"],
            linewidth=width,
        )
        for inset, width in ((0.025, 3.0), (0.037, 1.0))
    ]
    fields = cert.fields(template)
    colours = {"title": template["forms"][cert.form].get("title_colour", page["text_colour"])}
    for line in template["lines"]:
        text = line["text"].format(**fields).strip()
        if not text or text.endswith(":"):  # an empty field ("Số sổ vàng: ") leaves the line out
            continue
        figure.text(
            line.get("x", 0.5),
            line["y"],
            text,
            ha="center",
            va="center",
            fontsize=line["size"],
            fontweight="bold" if line.get("bold") else "normal",
            fontstyle="italic" if line.get("italic") else "normal",
            color=colours.get(line.get("colour", ""), page["text_colour"]),
            wrap=True,
            linespacing=1.3,
        )
    return figure


def installed_fonts(families: Sequence[str]) -> list[str]:
    """The template's font families installed here, in its order. matplotlib draws a letter
    missing from one (Liberation Serif 1.x has no "ư") with the next, so the list ends with
    DejaVu Serif, which ships with matplotlib and has every Vietnamese letter."""
    from matplotlib import font_manager
    from matplotlib.font_manager import FontProperties

    found = []
    for family in families:
        try:
            font_manager.findfont(FontProperties(family=family), fallback_to_default=False)
        except ValueError:
            continue
        found.append(family)
    return found or ["DejaVu Serif"]


def certificate_pdf(cert: Certificate, template: Mapping[str, Any]) -> bytes:
    """One awardee's certificate as a one-page PDF."""
    return certificates_pdf([cert], template)


def certificates_pdf(certs: Sequence[Certificate], template: Mapping[str, Any]) -> bytes:
    """Every awardee of a decision, one page each, in one PDF (the order given)."""
    import matplotlib
    from matplotlib.backends.backend_pdf import PdfPages

    buffer = io.BytesIO()
    meta = {"Creator": "tdkt", "CreationDate": None}
    # Type 42: the TrueType font itself is embedded, so every diacritic prints as drawn.
    fonts = installed_fonts(template["fonts"])
    with (
        matplotlib.rc_context({"pdf.fonttype": 42, "font.family": fonts}),
        PdfPages(buffer, metadata=meta) as pdf,
    ):
        for cert in certs:
            pdf.savefig(_page(cert, template))
    return buffer.getvalue()
