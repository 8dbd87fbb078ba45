"""Documents written from the federation's templates (awards/data/mau-*.j2): the kế hoạch of a
round with its timetable, the thông báo công khai of a level's nominees, and the báo cáo thành
tích a unit officer completes for a nominee. Pure: the services pass the facts and the template.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from awards.reports.documents import (
    Block,
    BodyTable,
    BodyText,
    Issuer,
    ListEntry,
    Nd30Document,
    Signature,
)
from awards.reports.templated import render_template
from notifications.vn import short_date, vn_sort_key

Template = tuple[str, str]  # (source, name)
PLAN_TEMPLATE = "mau-ke-hoach.j2"
NOTICE_TEMPLATE = "mau-thong-bao-cong-khai.j2"
ACHIEVEMENT_TEMPLATES = {
    "ca_nhan": "mau-bao-cao-thanh-tich-ca-nhan.j2",
    "tap_the": "mau-bao-cao-thanh-tich-tap-the.j2",
}
PLAN_RECIPIENTS = ("Các công đoàn cấp trên trực tiếp cơ sở", "Các ban, Văn phòng")


# -- kế hoạch ------------------------------------------------------------------------------
@dataclass(frozen=True)
class PlanPhase:
    name: str
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class RoundPlan:
    code: str
    name: str  # "Thi đua năm 2025"
    year: int
    movement: str  # the phong trào
    organiser: str  # "Liên đoàn Lao động tỉnh Lai Châu"
    opens_on: date
    closes_on: date
    submission_deadline: date
    phases: tuple[PlanPhase, ...] = ()
    level_deadlines: tuple[tuple[str, date], ...] = ()  # (level label, hạn nộp)
    admitted: tuple[str, ...] = ()  # award names; empty: every award


TIMETABLE_COLUMNS = ("TT", "Nội dung", "Thời gian", "Đơn vị thực hiện")
TIMETABLE_WIDTHS_MM = (12.0, 66.0, 52.0, 35.0)  # a "dd/mm/yyyy - dd/mm/yyyy" on one line


def timetable(plan: RoundPlan) -> BodyTable:
    """The round's phases and deadlines per level, in date order (what the round admin set)."""
    rows: list[tuple[str, str, str]] = [
        (
            f"Phát động, triển khai {plan.name[:1].lower()}{plan.name[1:]}",
            _from(plan.opens_on),
            plan.organiser,
        )
    ]
    rows += [
        (
            f"Giai đoạn: {p.name}",
            f"{short_date(p.starts_on)} - {short_date(p.ends_on)}",
            "Các cấp công đoàn",
        )
        for p in plan.phases
    ]
    rows += [
        (
            f"{label[:1].upper()}{label[1:]} gửi hồ sơ đề nghị khen thưởng về cấp trên",
            _before(day),
            f"{label[:1].upper()}{label[1:]}",
        )
        for label, day in sorted(plan.level_deadlines, key=lambda x: x[1])
    ]
    rows += [
        (
            f"Hạn cuối gửi hồ sơ đề nghị khen thưởng về {plan.organiser}",
            _before(plan.submission_deadline),
            "Các cấp công đoàn",
        ),
        ("Xét, khen thưởng; sơ kết, tổng kết đợt thi đua", _by(plan.closes_on), plan.organiser),
    ]
    cells = tuple((str(n), *row) for n, row in enumerate(rows, start=1))
    return BodyTable(TIMETABLE_COLUMNS, cells, TIMETABLE_WIDTHS_MM)


def _from(day: date) -> str:
    return f"Từ ngày {short_date(day)}"


def _before(day: date) -> str:
    return f"Trước ngày {short_date(day)}"


def _by(day: date) -> str:
    return f"Đến ngày {short_date(day)}"


def plan_document(
    plan: RoundPlan, issuer: Issuer, signature: Signature, on: date, template: Template
) -> Nd30Document:
    """The kế hoạch as an unnumbered draft: the number comes when the office issues it."""
    context = {
        "dot": plan,
        "to_chuc": plan.organiser,
        "phong_trao": plan.movement,
        "hinh_thuc": ", ".join(plan.admitted),
        "han_cuoi": short_date(plan.submission_deadline),
        "ket_thuc": short_date(plan.closes_on),
    }
    body = render_template(
        template[0],
        template[1],
        context,
        sections={},
        tables={"thoi_gian_bieu": lambda: [timetable(plan)]},
    )
    return Nd30Document(
        issuer=issuer,
        kind="KH",
        number=None,
        date=on,
        summary=plan.name,
        signature=signature,
        body=body,
        recipients=PLAN_RECIPIENTS,
        archive_note="VT",
    )


# -- thông báo công khai -------------------------------------------------------------------
@dataclass(frozen=True)
class NoticeEntry:
    kind: str  # ca_nhan | tap_the
    entry: ListEntry  # name, position, unit, and the award proposed as its "achievement"


@dataclass(frozen=True)
class PublicNotice:
    round_name: str
    level_name: str
    starts_on: date
    ends_on: date
    days: int | None  # the window's length from the policy (deadlines.yaml), when known
    entries: tuple[NoticeEntry, ...]
    legal_basis: tuple[str, ...] = ()


NOTICE_COLUMNS = ("STT", "Tập thể, cá nhân", "Chức vụ", "Đơn vị", "Hình thức đề nghị")


def notice_table(notice: PublicNotice) -> BodyTable:
    """Tập thể first, then people in Vietnamese name order (given name first)."""
    collectives = [e.entry for e in notice.entries if e.kind == "tap_the"]
    people = sorted(
        (e.entry for e in notice.entries if e.kind != "tap_the"),
        key=lambda e: vn_sort_key(e.full_name),
    )
    rows = tuple(
        (str(n), e.full_name, e.position, e.unit, e.achievement)
        for n, e in enumerate([*sorted(collectives, key=lambda e: e.full_name), *people], 1)
    )
    return BodyTable(NOTICE_COLUMNS, rows, (12.0, 45.0, 28.0, 40.0, 40.0))


def notice_document(
    notice: PublicNotice,
    issuer: Issuer,
    signature: Signature,
    on: date,
    template: Template,
    number: int | None = None,
) -> Nd30Document:
    def listing() -> list[Block]:
        if not notice.entries:
            return [BodyText("Không có hồ sơ nào đang công khai tại cấp này.")]
        return [notice_table(notice)]

    context = {
        "co_quan": notice.level_name,
        "dot": _Named(notice.round_name),
        "tu_ngay": short_date(notice.starts_on),
        "den_ngay": short_date(notice.ends_on),
        "so_ngay": notice.days,
        "can_cu": notice.legal_basis,
    }
    body = render_template(
        template[0], template[1], context, sections={}, tables={"danh_sach": listing}
    )
    return Nd30Document(
        issuer=issuer,
        kind="TB",
        number=number,
        date=on,
        summary=f"Công khai danh sách đề nghị khen thưởng {_lower_first(notice.round_name)}",
        signature=signature,
        body=body,
        recipients=("Các đơn vị có tập thể, cá nhân trong danh sách", "Cổng thông tin điện tử"),
        archive_note="VT",
    )


@dataclass(frozen=True)
class _Named:
    name: str


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# -- báo cáo thành tích --------------------------------------------------------------------
@dataclass(frozen=True)
class AchievementFacts:
    kind: str  # ca_nhan | tap_the
    award_name: str  # "Bằng khen của Ban Chấp hành Liên đoàn Lao động tỉnh"
    year: int
    name: str  # the person or the collective
    unit: str  # the person's unit, or the collective's parent
    unit_place: str  # the địa danh of the date line
    position: str = ""
    gender: str = ""
    birth_year: int | None = None
    qualification: str = ""
    summary: str = ""  # the dossier's achievement summary
    ratings: tuple[tuple[int, str], ...] = ()  # (year, rating label), newest first
    recognitions: tuple[tuple[int, str, str], ...] = ()  # (year, award name, decision)


def _ratings_table(facts: AchievementFacts) -> list[Block]:
    if not facts.ratings:
        return [BodyText("Chưa có kết quả xếp loại trong hồ sơ: đơn vị ghi bổ sung.")]
    rows = tuple((str(y), label[:1].upper() + label[1:]) for y, label in facts.ratings)
    return [BodyTable(("Năm", "Mức độ hoàn thành nhiệm vụ"), rows, (30.0, 135.0))]


def _recognitions_table(facts: AchievementFacts) -> list[Block]:
    if not facts.recognitions:
        return [
            BodyText("Chưa có danh hiệu, hình thức khen thưởng trong hồ sơ: đơn vị ghi bổ sung.")
        ]
    rows = tuple((str(y), name, decision) for y, name, decision in facts.recognitions)
    return [
        BodyTable(
            ("Năm", "Danh hiệu, hình thức khen thưởng", "Số, ngày quyết định; cơ quan ban hành"),
            rows,
            (20.0, 80.0, 65.0),
        )
    ]


def achievement_document(facts: AchievementFacts, on: date, template: Template) -> Nd30Document:
    """The báo cáo thành tích (no number: it is attached to the dossier), signed by the nominee
    (or the collective's head) and confirmed by the head of the unit above."""
    context = {
        "ho_ten": facts.name,
        "ten_tap_the": facts.name,
        "gioi_tinh": facts.gender,
        "nam_sinh": facts.birth_year or "",
        "don_vi": facts.unit,
        "don_vi_cap_tren": facts.unit,
        "chuc_vu": facts.position,
        "trinh_do": facts.qualification,
        "tom_tat": facts.summary,
        "hinh_thuc": facts.award_name,
        "nam": facts.year,
    }
    tables: dict[str, Callable[[], Sequence[Block]]] = {
        "xep_loai": lambda: _ratings_table(facts),
        "khen_thuong": lambda: _recognitions_table(facts),
    }
    body = render_template(template[0], template[1], context, sections={}, tables=tables)
    person = facts.kind == "ca_nhan"
    return Nd30Document(
        issuer=Issuer("", facts.unit, "", facts.unit_place),
        kind="BC",
        number=None,
        date=on,
        title="BÁO CÁO THÀNH TÍCH",
        summary=f"Đề nghị tặng {facts.award_name}",
        signature=Signature(
            "", "NGƯỜI BÁO CÁO THÀNH TÍCH" if person else "THỦ TRƯỞNG ĐƠN VỊ", "(Ký, ghi rõ họ tên)"
        ),
        left_signature=Signature("", "XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ", "(Ký, đóng dấu)")
        if person
        else Signature("", "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG", "(Ký, đóng dấu)"),
        body=body,
        attachment=f"(Kèm theo hồ sơ đề nghị khen thưởng năm {facts.year})",
    )
