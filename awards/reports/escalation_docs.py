"""The documents of an escalation: the tờ trình, its danh sách, and the draft quyết định.

Pure: the caller passes the submission's facts and list entries. Tập thể and cá nhân go in
separate lists; people are ordered the Vietnamese way (given name first) or by unit, as the
level chooses (``order="name"`` or ``"unit"``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from awards.reports.documents import (
    Block,
    BodyHeading,
    BodyText,
    Issuer,
    ListEntry,
    Nd30Document,
    Signature,
    award_list_table,
    issuing_power,
)
from awards.reports.periodic import counted
from awards.reports.programme import unit_name_key
from notifications.vn import short_date, vn_sort_key

ORDERS = ("name", "unit")


COUNCIL = "Hội đồng Thi đua – Khen thưởng"  # one dash everywhere: the en dash of the seeds


@dataclass(frozen=True)
class SubmissionFacts:
    number: int
    issued_on: date
    round_name: str
    from_name: str
    to_name: str
    award_name: str
    collectives: tuple[ListEntry, ...]
    people: tuple[ListEntry, ...]
    symbol: str = ""  # "TTr-LĐLĐ": the tờ trình is cited with it ("05/TTr-LĐLĐ")
    # "Biên bản số 03/BB-HĐTĐKT ngày 10/12/2025": the council session that approved the list.
    council_minutes: str = ""
    legal_basis: tuple[str, ...] = ()  # citations: "Luật Thi đua, khen thưởng năm 2022"
    # A decision of several tờ trình, or of dossiers submitted to the level directly, words its
    # "Theo đề nghị của …" line and who carries it out (Điều 3) itself.
    proposal: str = ""
    executors: str = ""

    @property
    def document_no(self) -> str:
        return f"{self.number:02d}/{self.symbol}" if self.symbol else f"{self.number:02d}"

    @property
    def cited(self) -> str:
        """ "Tờ trình số 05/TTr-LĐLĐ ngày 15/12/2025 của Liên đoàn Lao động huyện Mường Tè"."""
        return (
            f"Tờ trình số {self.document_no} ngày {short_date(self.issued_on)} của {self.from_name}"
        )


def ordered(entries: Sequence[ListEntry], order: str) -> list[ListEntry]:
    if order not in ORDERS:
        raise ValueError(f"Cách sắp xếp '{order}' không có; dùng 'name' hoặc 'unit'.")
    if order == "name":
        return sorted(entries, key=lambda e: vn_sort_key(e.full_name))
    return sorted(entries, key=lambda e: (unit_name_key(e.unit), vn_sort_key(e.full_name)))


def list_blocks(facts: SubmissionFacts, order: str) -> list[Block]:
    """ "I. TẬP THỂ" then "II. CÁ NHÂN", each numbered from 1; an empty part is left out."""
    blocks: list[Block] = []
    parts = [("TẬP THỂ", facts.collectives), ("CÁ NHÂN", facts.people)]
    numerals = iter(("I", "II"))
    for title, entries in parts:
        if entries:
            blocks.append(BodyHeading(f"{next(numerals)}. {title} ({len(entries):02d})"))
            blocks.append(award_list_table(ordered(entries, order)))
    return blocks


def _who(facts: SubmissionFacts) -> str:
    return counted(len(facts.collectives), len(facts.people))


def to_trinh(
    facts: SubmissionFacts,
    issuer: Issuer,
    signature: Signature,
    *,
    recipients: Sequence[str] = (),
    archive_note: str = "VT",
) -> Nd30Document:
    """The submission: its legal basis, the council's biên bản, the request; its own Nơi nhận
    ("Như trên" and whoever the level adds), never a report's distribution list."""
    council = (
        f"{facts.council_minutes} họp {COUNCIL} {facts.from_name} xét khen thưởng "
        f"{facts.round_name}"
        if facts.council_minutes
        else f"kết quả xét của {COUNCIL} {facts.from_name} trong {facts.round_name}"
    )
    body: tuple[Block, ...] = (
        *(BodyText(f"Căn cứ {basis};") for basis in facts.legal_basis),
        BodyText(f"Căn cứ {council};"),
        BodyText(
            f"{facts.from_name} kính trình {facts.to_name} xem xét, tặng {facts.award_name} cho "
            f"{_who(facts)} đã có thành tích xuất sắc trong {facts.round_name} (có danh sách "
            "kèm theo)."
        ),
        BodyText(f"Kính đề nghị {facts.to_name} xem xét, quyết định./."),
    )
    return Nd30Document(
        issuer=issuer,
        kind="TTr",
        number=facts.number,
        date=facts.issued_on,
        summary=f"Về việc đề nghị tặng {facts.award_name}",
        signature=signature,
        body=body,
        recipients=("Như trên", *recipients),
        archive_note=archive_note,
        addressees=(facts.to_name,),
    )


def danh_sach(
    facts: SubmissionFacts, issuer: Issuer, signature: Signature, *, order: str = "name"
) -> Nd30Document:
    """The list attached to the tờ trình: no number of its own, its link on an italic line."""
    return Nd30Document(
        issuer=issuer,
        kind=None,
        number=None,
        date=facts.issued_on,
        summary=f"Đề nghị tặng {facts.award_name}",
        signature=signature,
        body=tuple(list_blocks(facts, order)),
        title="DANH SÁCH",
        attachment=f"(Kèm theo {facts.cited})",
    )


def quyet_dinh(
    facts: SubmissionFacts,
    decider: Issuer,
    signature: Signature,
    *,
    order: str = "name",
    number: int | None = None,
    signed_on: date | None = None,
) -> Nd30Document:
    """The quyết định of the deciding level (NĐ 30 Phụ lục III): who decides, the "Căn cứ …"
    lines, "Theo đề nghị của …", "QUYẾT ĐỊNH:", the articles, then the danh sách as an annex on
    its own page. Without ``number`` it is a draft: unnumbered and undated until signed."""
    power, signer = issuing_power(decider, signature, facts.award_name)
    body: list[Block] = [
        BodyHeading(power, centred=True),
        *(BodyText(f"Căn cứ {basis};") for basis in facts.legal_basis),
        BodyText(
            facts.proposal
            or f"Theo đề nghị của {facts.from_name} tại Tờ trình số {facts.document_no} ngày "
            f"{short_date(facts.issued_on)},"
        ),
        BodyHeading("QUYẾT ĐỊNH:", centred=True),
        BodyText(
            f"Điều 1. Tặng {facts.award_name} cho {_who(facts)} (có danh sách kèm theo) đã có "
            f"thành tích xuất sắc trong {facts.round_name}."
        ),
        BodyText("Điều 2. Quyết định có hiệu lực kể từ ngày ký."),
        BodyText(
            f"Điều 3. {facts.executors or facts.from_name} và các tập thể, cá nhân có tên tại "
            "Điều 1 chịu trách nhiệm thi hành Quyết định này./."
        ),
    ]
    on = signed_on or facts.issued_on
    by = f"Chủ tịch {decider.name}" if power.startswith("CHỦ TỊCH ") else decider.name
    if number is None:
        cited = f"số      /QĐ-{decider.short_code} ngày      tháng      năm {on.year}"
    else:
        cited = f"số {number:02d}/QĐ-{decider.short_code} ngày {short_date(on)}"
    return Nd30Document(
        issuer=decider,
        kind="QĐ",
        number=number,
        date=on,
        summary=f"Về việc tặng {facts.award_name}",
        signature=signer,
        body=tuple(body),
        recipients=("Như Điều 3",),
        annex_heading=(
            "DANH SÁCH",
            f"Tặng {facts.award_name}",
            f"(Kèm theo Quyết định {cited} của {by})",
        ),
        annex=tuple(list_blocks(facts, order)),
    )
