"""The minutes (biên bản họp) of a session as an NĐ 30/2020 document: attendance, each dossier's
tally, the decisions, and the signatures of the secretary and the chair."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from awards.reports.documents import (
    Block,
    BodyHeading,
    BodyTable,
    BodyText,
    Issuer,
    Nd30Document,
    Signature,
)
from awards.services.council.setup import ROLE_LABELS
from notifications.vn import vn_date

ATTENDANCE_COLUMNS = ("STT", "Họ và tên", "Chức vụ", "Nhiệm vụ trong Hội đồng", "Tham dự")
ATTENDANCE_WIDTHS = (12.0, 42.0, 45.0, 36.0, 30.0)
TALLY_COLUMNS = ("STT", "Cá nhân, tập thể", "Đơn vị", "Đồng ý", "Không đồng ý", "Kết quả")
TALLY_WIDTHS = (12.0, 42.0, 50.0, 17.0, 19.0, 25.0)
COUNCIL_TITLE = "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG"  # en dash, as in the council's own name
OUTCOME_LABEL = {"approved": "Thông qua", "not_approved": "Không thông qua"}


@dataclass(frozen=True)
class MinutesMember:
    full_name: str
    title: str
    role: str
    presence: str | None  # present | substitute | absent | None (not recorded = absent)
    substitute: str = ""
    written: bool = False

    @property
    def attended(self) -> str:
        if self.presence == "present":
            return "Có mặt"
        if self.presence == "substitute":
            return f"Ủy quyền: {self.substitute}"
        return "Vắng, có ý kiến bằng văn bản" if self.written else "Vắng mặt"


@dataclass(frozen=True)
class MinutesItem:
    code: str
    nominee: str
    unit: str
    award_code: str
    award_name: str
    yes: int
    no: int
    outcome: str
    reason: str
    rule_text: str
    quota_text: str = ""


@dataclass(frozen=True)
class MinutesData:
    unit_name: str
    council_name: str
    short_code: str
    place: str
    number: int
    held_on: date
    location: str
    round_name: str
    members: tuple[MinutesMember, ...]
    items: tuple[MinutesItem, ...]
    quorum_text: str
    starts_at: str = ""  # "08 giờ 00 phút"
    ends_at: str = ""


def minutes_document(data: MinutesData) -> Nd30Document:
    return Nd30Document(
        issuer=Issuer(data.unit_name, COUNCIL_TITLE, data.short_code, data.place),
        kind="BB",
        number=data.number,
        date=data.held_on,
        summary=f"Họp Hội đồng Thi đua – Khen thưởng xét khen thưởng {data.round_name}",
        signature=_chair(data.members),
        left_signature=_secretary(data.members),
        body=(*_opening(data), *_attendance(data), *_groups(data), *_conclusion(data)),
    )


def _opening(data: MinutesData) -> list[Block]:
    where = f", tại {data.location}" if data.location else ""
    when = (
        f"Vào hồi {data.starts_at}, {vn_date(data.held_on)}"
        if data.starts_at
        else (f"Hôm nay, {vn_date(data.held_on)}")
    )
    chair, secretary = _chair(data.members), _secretary(data.members)
    blocks: list[Block] = [
        BodyText(f"{when}{where}, {data.council_name} họp xét khen thưởng {data.round_name}.")
    ]
    if chair.name:
        blocks.append(BodyText(f"Chủ trì: {chair.name}, {_role_of(data.members, chair.name)}."))
    if secretary.name:
        blocks.append(BodyText(f"Thư ký: {secretary.name}, Thư ký Hội đồng."))
    return blocks


def _role_of(members: tuple[MinutesMember, ...], name: str) -> str:
    return next((ROLE_LABELS[m.role] for m in members if m.full_name == name), "chủ tọa")


def _attendance(data: MinutesData) -> list[Block]:
    members = data.members
    present = [m for m in members if m.presence in ("present", "substitute")]
    substitutes = sum(1 for m in members if m.presence == "substitute")
    written = sum(1 for m in members if m.written)
    rows = tuple(
        (str(n), m.full_name, m.title, ROLE_LABELS[m.role], m.attended)
        for n, m in enumerate(members, start=1)
    )
    return [
        BodyHeading("I. THÀNH PHẦN THAM DỰ"),
        BodyText(
            f"Tổng số thành viên Hội đồng: {len(members)}; có mặt: {len(present)} (trong đó "
            f"{substitutes} người dự thay theo ủy quyền); vắng mặt: {len(members) - len(present)} "
            f"({written} thành viên có ý kiến bằng văn bản)."
        ),
        BodyTable(ATTENDANCE_COLUMNS, rows, ATTENDANCE_WIDTHS),
        BodyText(data.quorum_text),
    ]


def _groups(data: MinutesData) -> list[Block]:
    blocks: list[Block] = [BodyHeading("II. NỘI DUNG VÀ KẾT QUẢ BIỂU QUYẾT")]
    groups: dict[str, list[MinutesItem]] = {}
    for item in data.items:
        groups.setdefault(item.award_code, []).append(item)
    for n, items in enumerate(groups.values(), start=1):
        first = items[0]
        blocks.append(BodyHeading(f"{n}. {first.award_name} ({len(items)} hồ sơ)", level=2))
        blocks.append(BodyText(f"Quy tắc biểu quyết: {first.rule_text}."))
        quotas = sorted({i.quota_text for i in items if i.quota_text})
        blocks += [BodyText(f"Chỉ tiêu: {q}.") for q in quotas]
        rows = tuple(
            (
                str(k),
                i.nominee,
                i.unit,
                str(i.yes),
                str(i.no),
                OUTCOME_LABEL[i.outcome],
            )
            for k, i in enumerate(items, start=1)
        )
        blocks.append(BodyTable(TALLY_COLUMNS, rows, TALLY_WIDTHS))
    return blocks


def _conclusion(data: MinutesData) -> list[Block]:
    approved = [i for i in data.items if i.outcome == "approved"]
    refused = [i for i in data.items if i.outcome != "approved"]
    blocks: list[Block] = [
        BodyHeading("III. KẾT LUẬN"),
        BodyText(
            f"Hội đồng thông qua {len(approved)}/{len(data.items)} hồ sơ; không thông qua "
            f"{len(refused)} hồ sơ."
        ),
    ]
    blocks += [BodyText(f"- {i.nominee} ({i.unit}): {i.reason}") for i in refused]
    ended = f"Phiên họp kết thúc vào hồi {data.ends_at} cùng ngày. " if data.ends_at else ""
    blocks.append(
        BodyText(
            f"{ended}Biên bản đã được đọc lại trước Hội đồng và các thành viên dự họp nhất trí "
            "thông qua./."
        )
    )
    return blocks


def _chair(members: tuple[MinutesMember, ...]) -> Signature:
    attending = [m for m in members if m.presence == "present"]
    for m in attending:
        if m.role == "chu_tich":
            return Signature("TM. HỘI ĐỒNG", "CHỦ TỊCH", m.full_name)
    for m in attending:
        if m.role == "pho_chu_tich":
            return Signature("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", m.full_name)
    return Signature("TM. HỘI ĐỒNG", "CHỦ TỌA", attending[0].full_name if attending else "")


def _secretary(members: tuple[MinutesMember, ...]) -> Signature:
    for m in members:
        if m.role == "thu_ky" and m.presence == "present":
            return Signature("", "THƯ KÝ", m.full_name)
    return Signature("", "THƯ KÝ", "")
