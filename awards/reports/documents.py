"""Plain data describing an administrative document (NĐ 30/2020 as the union applies it).

`docx_nd30.build_docx` renders it; other renderers (HTML preview, PDF) can reuse the same data.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from notifications.vn import vn_sort_key

# Type codes of Phụ lục III and the title word printed under the header. A công văn has no code
# (kind=None); a danh sách attached to a tờ trình has none either and takes no number.
document_kinds: Mapping[str, str] = MappingProxyType(
    {
        "BC": "BÁO CÁO",
        "TTr": "TỜ TRÌNH",
        "BB": "BIÊN BẢN",
        "QĐ": "QUYẾT ĐỊNH",
        "KH": "KẾ HOẠCH",
        "HD": "HƯỚNG DẪN",
        "TB": "THÔNG BÁO",
        "CTr": "CHƯƠNG TRÌNH",
        "QyĐ": "QUY ĐỊNH",
    }
)


@dataclass(frozen=True)
class Issuer:
    parent_name: str  # "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM" (cơ quan chủ quản)
    name: str  # "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU"
    short_code: str  # "LĐLĐ", the part after the kind in the number
    place: str  # "Lai Châu", the địa danh of the date line


@dataclass(frozen=True)
class Signature:
    on_behalf: str  # "TM. BAN THƯỜNG VỤ"
    title: str  # "CHỦ TỊCH" or "PHÓ CHỦ TỊCH"
    name: str


@dataclass(frozen=True)
class BodyHeading:
    text: str  # "I. TÌNH HÌNH CHUNG"
    level: int = 1  # 1 bold, 2 bold, 3 bold italic
    centred: bool = False  # "QUYẾT ĐỊNH:" between the căn cứ and the articles


@dataclass(frozen=True)
class BodyText:
    text: str


@dataclass(frozen=True)
class BodyTable:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths_mm: tuple[float, ...] | None = None


@dataclass(frozen=True)
class BodyImage:
    """A picture in the body (a report's chart), centred, ``width_mm`` wide, with a caption."""

    png: bytes
    width_mm: float = 150
    caption: str = ""


Block = BodyHeading | BodyText | BodyTable | BodyImage


@dataclass(frozen=True)
class Nd30Document:
    issuer: Issuer
    kind: str | None  # a key of document_kinds; None for a công văn
    number: int | None  # None: an unnumbered draft
    date: date
    summary: str  # trích yếu
    signature: Signature
    body: tuple[Block, ...] = ()
    recipients: tuple[str, ...] = ()
    archive_note: str = "VT"  # "VT, CSPL&QHLĐ": printed as "- Lưu: VT, CSPL&QHLĐ."
    addressees: tuple[str, ...] = ()  # "Kính gửi:" (tờ trình, công văn)
    title: str | None = None  # overrides the title word of the kind
    # A second signer on the left instead of "Nơi nhận" (a biên bản: thư ký | chủ tọa).
    left_signature: Signature | None = None
    # An attached list: "(Kèm theo Tờ trình số …)" in italics under its title, no number.
    attachment: str = ""
    # An annex after the signature, on its own page: its title lines (the last one italic,
    # "(Kèm theo Quyết định số …)") and its blocks (the danh sách of a quyết định).
    annex_heading: tuple[str, ...] = ()
    annex: tuple[Block, ...] = ()

    def __post_init__(self) -> None:
        if self.kind is not None and self.kind not in document_kinds and self.title is None:
            raise ValueError(f"Loại văn bản không rõ: {self.kind!r}")

    @property
    def title_word(self) -> str | None:
        """ "BÁO CÁO"…; ``None`` for a công văn, which has no title word."""
        if self.title is not None:
            return self.title
        return document_kinds[self.kind] if self.kind else None


@dataclass(frozen=True)
class ListEntry:
    """One line of a danh sách đề nghị khen thưởng."""

    full_name: str
    position: str  # chức vụ
    unit: str
    achievement: str  # thành tích tóm tắt


LIST_COLUMNS = ("STT", "Họ và tên", "Chức vụ", "Đơn vị", "Thành tích tóm tắt")
LIST_WIDTHS_MM = (12.0, 42.0, 30.0, 40.0, 41.0)  # 165 mm; "STT" fits its 12 mm at 12 pt


# Greedy: the last administrative word names the place ("… xã A huyện B" → "B").
def issuing_power(decider: Issuer, signature: Signature, award_name: str) -> tuple[str, Signature]:
    """The line naming who decides (Phụ lục III, under the trích yếu) and how they sign.

    The collective body signs "TM." for itself: "BAN THƯỜNG VỤ LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU"
    with "TM. BAN THƯỜNG VỤ / CHỦ TỊCH". An award in a chairperson's own name ("Bằng khen của
    Chủ tịch Ủy ban nhân dân tỉnh") is decided by "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LAI CHÂU" and
    signed "CHỦ TỊCH" alone.
    """
    name = decider.name.upper()
    if "CỦA CHỦ TỊCH" in award_name.upper():
        return f"CHỦ TỊCH {name}", Signature("", "CHỦ TỊCH", signature.name)
    body = signature.on_behalf.upper().removeprefix("TM.").strip()
    if not body or name.startswith(body):  # "ỦY BAN NHÂN DÂN" of "ỦY BAN NHÂN DÂN TỈNH …"
        return name, signature
    return f"{body} {name}", signature


_ADMIN_UNIT = re.compile(r"^.*\b(?:tỉnh|thành phố|thị xã|huyện|quận|thị trấn|xã|phường)\s+(.+)$")


def place_of(unit_name: str, default: str) -> str:
    """The địa danh of a unit's date line from its name: "Liên đoàn Lao động huyện Mường Tè" →
    "Mường Tè"; ``default`` when the name carries no administrative unit."""
    found = _ADMIN_UNIT.match(unit_name.strip())
    return found[1].strip() if found else default


def award_list_table(entries: Sequence[ListEntry], *, sort_by_name: bool = False) -> BodyTable:
    """The danh sách table; ``sort_by_name`` orders people the Vietnamese way (given name first)."""
    ordered = sorted(entries, key=lambda e: vn_sort_key(e.full_name)) if sort_by_name else entries
    rows = tuple(
        (f"{n}", e.full_name, e.position, e.unit, e.achievement)
        for n, e in enumerate(ordered, start=1)
    )
    return BodyTable(LIST_COLUMNS, rows, LIST_WIDTHS_MM)
