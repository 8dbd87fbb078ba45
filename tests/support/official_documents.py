"""Small documents of each kind, from plain data shaped like the demo's (Lai Châu, 2025), and
what tests/documents/conftest.py renders them into (`Rendered`, one per kind)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument

from awards.reports.documents import Issuer, ListEntry, Nd30Document, Signature
from awards.reports.escalation_docs import SubmissionFacts, danh_sach, quyet_dinh, to_trinh
from awards.reports.office_docs import (
    ACHIEVEMENT_TEMPLATES,
    NOTICE_TEMPLATE,
    PLAN_TEMPLATE,
    AchievementFacts,
    NoticeEntry,
    PlanPhase,
    PublicNotice,
    RoundPlan,
    achievement_document,
    notice_document,
    plan_document,
)
from awards.reports.periodic import (
    AwardCount,
    AwardTier,
    OverdueItem,
    PeriodReport,
    Proposal,
    UnitShare,
)
from awards.reports.periodic_render import body_blocks
from awards.reports.prizes import (
    OTHER_SPENDING,
    PRIZE_SPENDING,
    RECEIPT,
    FundLine,
    FundReport,
    PrizeList,
    PrizeListLine,
    SeatDocument,
    SeatRow,
    fund_report_document,
    prize_list_document,
    seat_document,
)
from awards.reports.programme import ProgrammeRollup, rollup
from awards.reports.templated import default_template
from awards.services.council.minutes import (
    MinutesData,
    MinutesItem,
    MinutesMember,
    minutes_document,
)
from awards.services.council.minutes_data import official_rule, quorum_text
from awards.services.council.tally import TallyData, TallyGroup, TallyLine, tally_document
from awards.services.reporting.parameters import load_report_policy
from rules.council import CouncilRule
from tests.support import seed004
from tests.support.pdf import Pdf

PROVINCE = load_report_policy().issuer("LDLD-LC")
DISTRICT = Issuer(
    "Liên đoàn Lao động tỉnh Lai Châu", "Liên đoàn Lao động huyện Mường Tè", "LĐLĐ", "Mường Tè"
)
DISTRICT_SIGNATURE = Signature("TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Lò Văn Thắng")
UBND = Issuer("", "Ủy ban nhân dân tỉnh Lai Châu", "UBND", "Lai Châu")
UBND_SIGNATURE = Signature("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lê Văn Lương")

# The pack's default rule (status R, a research note as its basis) and a V-old one.
DEFAULT_RULE = CouncilRule.from_json(
    {
        "quorum": "2/3",
        "ballot": "open",
        "threshold": "1/2",
        "comparison": "more_than",
        "denominator": "present",
        "written_opinions_count": False,
        "status": "R",
        "legal_basis": "Quá bán số thành viên dự họp, biểu quyết công khai; tỷ lệ có mặt 2/3 "
        "(thông lệ họp hội đồng, chưa tìm được văn bản hiện hành quy định; NĐ 98/2023, "
        "NĐ 152/2025 cần xác minh)",
        "source": "council-default@1.0.0",
    }
)
SECRET_RULE = CouncilRule.from_json(
    {
        **DEFAULT_RULE.to_json(),
        "ballot": "secret",
        "threshold": "9/10",
        "comparison": "at_least",
        "denominator": "total",
        "status": "V-old",
        "legal_basis": "Khoản 8 Điều 45 NĐ 91/2017/NĐ-CP (≥ 90% tổng số thành viên, bỏ phiếu "
        "kín); tỷ lệ có mặt 2/3 [R]",
    }
)

ROLES = ["chu_tich", "pho_chu_tich", "thu_ky"] + ["uy_vien"] * 6
NAMES = [
    "Nguyễn Văn Hùng",
    "Lò Thị Mai",
    "Tòng Văn Bình",
    "Giàng A Sùng",
    "Lường Thị Hoa",
    "Vàng Văn Tú",
    "Đỗ Thị Lan",
    "Phạm Quốc Việt",
    "Hoàng Minh Đức",
]
PEOPLE = [
    ("Lò Văn Sơn", "Giáo viên", "Trường Tiểu học Mường Kim"),
    ("Nguyễn Thị Hằng", "Kế toán", "Bệnh viện Đa khoa huyện Mường Tè"),
    ("Giàng A Páo", "Công nhân", "Công ty Thủy điện Nậm Na"),
    ("Vàng Thị Dung", "Nhân viên", "Trạm Y tế xã Kan Hồ"),
    ("Phan Văn Toàn", "Chủ tịch Công đoàn cơ sở", "Công đoàn Trường THCS thị trấn Mường Tè"),
]


def minutes_data(number: int = 3) -> MinutesData:
    members = tuple(
        MinutesMember(name, "Ủy viên Ban Thường vụ", role, "present" if k != 8 else None)
        for k, (name, role) in enumerate(zip(NAMES, ROLES, strict=True))
    )
    items = tuple(
        MinutesItem(
            code=f"HS-2025-{k:06d}",
            nominee=person,
            unit=unit,
            award_code="CSTDCS" if k < 3 else "LDTT",
            award_name="Chiến sĩ thi đua cơ sở" if k < 3 else "Lao động tiên tiến",
            yes=8 if k != 2 else 3,
            no=0 if k != 2 else 5,
            outcome="approved" if k != 2 else "not_approved",
            reason="" if k != 2 else "Không đạt tỷ lệ phiếu đồng ý theo quy định",
            rule_text=official_rule(SECRET_RULE if k < 3 else DEFAULT_RULE),
            quota_text=(
                "Công đoàn Trường Tiểu học Mường Kim: 3 hồ sơ cho tối đa 2 suất" if k < 3 else ""
            ),
        )
        for k, (person, _, unit) in enumerate(PEOPLE)
    )
    return MinutesData(
        unit_name="Liên đoàn Lao động huyện Mường Tè",
        council_name="Hội đồng Thi đua – Khen thưởng Liên đoàn Lao động huyện Mường Tè",
        short_code="HĐTĐKT",
        place="Mường Tè",
        number=number,
        held_on=date(2025, 12, 10),
        location="Hội trường Liên đoàn Lao động huyện Mường Tè",
        round_name="Tổng kết phong trào thi đua năm 2025",
        members=members,
        items=items,
        quorum_text=quorum_text([SECRET_RULE, DEFAULT_RULE], list(members)),
        starts_at="08 giờ 00 phút",
        ends_at="10 giờ 30 phút",
    )


def tally_data() -> TallyData:
    """The secret ballot of the biên bản's three Chiến sĩ thi đua cơ sở: 8 ballots, 8 back."""
    lines = tuple(
        TallyLine(i.nominee, i.unit, i.yes, i.no, f"{i.yes * 100 // 9}%", OUTCOME[i.outcome])
        for i in minutes_data().items[:3]
    )
    group = TallyGroup("Chiến sĩ thi đua cơ sở", official_rule(SECRET_RULE), 8, 8, lines)
    return TallyData(minutes_data(), "03/BB-HĐTĐKT", ("Lò Thị Mai", "Tòng Văn Bình"), (group,))


OUTCOME = {"approved": "Thông qua", "not_approved": "Không thông qua"}


def submission_facts(number: int = 5) -> SubmissionFacts:
    return SubmissionFacts(
        number=number,
        issued_on=date(2025, 12, 15),
        round_name="Tổng kết phong trào thi đua năm 2025",
        from_name="Liên đoàn Lao động huyện Mường Tè",
        to_name="Liên đoàn Lao động tỉnh Lai Châu",
        award_name="Bằng khen của Ban Chấp hành Liên đoàn Lao động tỉnh",
        collectives=(
            ListEntry(
                "Công đoàn Trường Tiểu học Mường Kim",
                "",
                "Liên đoàn Lao động huyện Mường Tè",
                "Hoàn thành xuất sắc nhiệm vụ năm 2025",
            ),
        ),
        people=tuple(
            ListEntry(name, position, unit, "Hoàn thành xuất sắc nhiệm vụ năm 2025")
            for name, position, unit in PEOPLE
        ),
        symbol="TTr-LĐLĐ",
        council_minutes="Biên bản số 03/BB-HĐTĐKT ngày 10/12/2025",
        legal_basis=("Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",),
    )


def period_report() -> PeriodReport:
    units = tuple(
        UnitShare(name, 12, 10, 4, 7, 8, 6, 2, 4, ("trực tiếp dưới chỉ tiêu",) if k else ())
        for k, name in enumerate(
            ["Liên đoàn Lao động huyện Mường Tè", "Công đoàn ngành Giáo dục tỉnh Lai Châu"]
        )
    )
    return PeriodReport(
        kind="tong_ket",
        year=2025,
        half=None,
        start=date(2025, 1, 1),
        end=date(2025, 11, 30),
        level_name="Liên đoàn Lao động tỉnh Lai Châu",
        level_short="LĐLĐ tỉnh",
        by_state=(
            ("draft", "Nháp", 4),
            ("submitted", "Chờ tiếp nhận", 3),
            ("awarded", "Đã khen thưởng", 17),
        ),
        decided=(AwardCount("BK_LDLD", "Bằng khen", 2, 4),),
        proposed=(Proposal("UBND tỉnh", (AwardCount("BK_UBND", "Bằng khen", 1, 2),)),),
        units=units,
        direct_target_pct=30,
        non_leader_target_pct=60,
        overdue_by_state=(("submitted", "Chờ tiếp nhận", 1),),
        overdue=(
            OverdueItem(
                "HS-2025-000031",
                "Chờ tiếp nhận",
                date(2025, 11, 20),
                "Liên đoàn Lao động huyện Mường Tè",
                "Bằng khen của Ban Chấp hành Liên đoàn Lao động tỉnh",
            ),
        ),
        # The units' 16 awards: 6 Bằng khen of the province, 10 Giấy khen of the districts.
        tiers=(
            AwardTier("here", (AwardCount("BK_LDLD", "Bằng khen", 2, 4),)),
            AwardTier("below", (AwardCount("GK_LDLD_H", "Giấy khen", 1, 9),)),
        ),
    )


def empty_period() -> PeriodReport:
    """A half-year with only drafts: nothing proposed, decided or overdue."""
    return replace(
        period_report(),
        kind="so_ket",
        half=1,
        end=date(2025, 5, 31),
        by_state=(("draft", "Nháp", 2),),
        decided=(),
        proposed=(),
        units=(),
        overdue_by_state=(),
        overdue=(),
        tiers=(),
    )


def report_document(report: PeriodReport, number: int = 2) -> Nd30Document:
    return Nd30Document(
        issuer=PROVINCE.issuer,
        kind="BC",
        number=number,
        date=date(2025, 12, 12),
        summary=report.title,
        signature=PROVINCE.signature,
        body=body_blocks(report),
        recipients=PROVINCE.recipients,
        archive_note=PROVINCE.archive_note,
    )


# What a secretariat types on the report screen (seed 003's wording, shortened).
REPORT_TEXTS = {
    "tinh_hinh_chung": (
        "Phong trào CNVCLĐ và hoạt động Công đoàn tỉnh luôn nhận được sự quan tâm lãnh đạo, chỉ "
        "đạo sát sao của Tỉnh ủy, Tổng LĐLĐ Việt Nam.\nToàn tỉnh có 26.816 CNVCLĐ; nữ chiếm 53,39%."
    ),
    "uu_diem": "Các phong trào thi đua được triển khai sâu rộng, gắn với nhiệm vụ chính trị.",
    "ton_tai": "Một số công đoàn cấp trên trực tiếp cơ sở gửi hồ sơ đề nghị khen thưởng chậm.",
    "nguyen_nhan": "Cán bộ làm công tác thi đua, khen thưởng ở cơ sở chủ yếu kiêm nhiệm.",
    "phuong_huong": "Tiếp tục đẩy mạnh phong trào thi đua “Lao động giỏi, Lao động sáng tạo”.",
    "kien_nghi": "Đề nghị Tổng Liên đoàn quan tâm phân bổ thêm chỉ tiêu khen thưởng cho tỉnh.",
}


def full_report_document() -> Nd30Document:
    """The tổng kết as issued: the template, the sections written, the chart embedded."""
    return replace(
        report_document(period_report(), number=4), body=body_blocks(period_report(), REPORT_TEXTS)
    )


def round_plan() -> RoundPlan:
    return RoundPlan(
        code="PD-2026",
        name="Thi đua chào mừng Đại hội Công đoàn tỉnh Lai Châu lần thứ XIV năm 2026",
        year=2026,
        movement="Lao động giỏi, Lao động sáng tạo",
        organiser="Liên đoàn Lao động tỉnh Lai Châu",
        opens_on=date(2026, 1, 5),
        closes_on=date(2026, 10, 30),
        submission_deadline=date(2026, 9, 15),
        phases=(
            PlanPhase(
                "Đợt 1: chào mừng Ngày Quốc tế Lao động 1/5", date(2026, 1, 5), date(2026, 5, 1)
            ),
            PlanPhase(
                "Đợt 2: chào mừng Đại hội Công đoàn tỉnh", date(2026, 5, 2), date(2026, 9, 15)
            ),
        ),
        level_deadlines=(
            ("công đoàn cơ sở", date(2026, 8, 20)),
            ("công đoàn cấp trên trực tiếp cơ sở", date(2026, 9, 1)),
        ),
        admitted=("Bằng khen của Ban Chấp hành Liên đoàn Lao động tỉnh", "Giấy khen"),
    )


def public_notice() -> PublicNotice:
    people = [
        ("Nguyễn Thị Hằng", "Giáo viên", "Công đoàn Trường Tiểu học Mường Kim"),
        ("Lò Văn Sơn", "Tổ trưởng", "Công đoàn Trường Tiểu học Mường Kim"),
        ("Giàng A Páo", "Công nhân", "Công đoàn Công ty Thủy điện Nậm Na"),
    ]
    award = "Giải thưởng Nguyễn Đức Cảnh"
    return PublicNotice(
        round_name="Tổng kết phong trào thi đua năm 2025",
        level_name="Liên đoàn Lao động tỉnh Lai Châu",
        starts_on=date(2025, 11, 3),
        ends_on=date(2025, 11, 10),
        days=5,
        entries=(
            NoticeEntry(
                "tap_the",
                ListEntry(
                    "Công đoàn Trường Tiểu học Mường Kim",
                    "",
                    "Liên đoàn Lao động huyện Than Uyên",
                    award,
                ),
            ),
            *(NoticeEntry("ca_nhan", ListEntry(n, pos, unit, award)) for n, pos, unit in people),
        ),
        legal_basis=("Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",),
    )


def achievement_facts() -> AchievementFacts:
    return AchievementFacts(
        kind="ca_nhan",
        award_name="Bằng khen của Ban Chấp hành Liên đoàn Lao động tỉnh",
        year=2025,
        name="Nguyễn Thị Hằng",
        unit="Công đoàn Trường Tiểu học Mường Kim",
        unit_place="Than Uyên",
        position="Tổ trưởng chuyên môn",
        gender="Nữ",
        birth_year=1981,
        qualification="Đại học",
        summary="Hoàn thành xuất sắc nhiệm vụ năm 2025",
        ratings=((2024, "hoàn thành xuất sắc nhiệm vụ"), (2023, "hoàn thành tốt nhiệm vụ")),
        recognitions=((2024, "Giấy khen", "Số 12/QĐ-LĐLĐ ngày 20/12/2024"),),
    )


def _template(name: str) -> tuple[str, str]:
    return default_template(name), name


def seed004_rollup() -> ProgrammeRollup:
    return rollup(seed004.PROGRAMME, seed004.targets(), seed004.raw_records())


def documents() -> dict[str, Nd30Document]:
    """Every kind the engine prints, keyed by the file stem of its page images."""
    facts = submission_facts()
    to_ubnd = replace(
        submission_facts(9),
        from_name="Liên đoàn Lao động tỉnh Lai Châu",
        to_name="Ủy ban nhân dân tỉnh Lai Châu",
        award_name="Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
    )
    return {
        "bien-ban": minutes_document(minutes_data()),
        "bien-ban-kiem-phieu": tally_document(tally_data()),
        "to-trinh": to_trinh(facts, DISTRICT, DISTRICT_SIGNATURE, recipients=()),
        "danh-sach": danh_sach(facts, DISTRICT, DISTRICT_SIGNATURE),
        "du-thao-quyet-dinh": quyet_dinh(facts, PROVINCE.issuer, PROVINCE.signature),
        "quyet-dinh": quyet_dinh(
            to_ubnd, UBND, UBND_SIGNATURE, number=12, signed_on=date(2025, 12, 28)
        ),
        "tong-ket": report_document(period_report()),
        "so-ket-trong": report_document(empty_period(), number=3),
        "danh-sach-chi-thuong": prize_list_document(prize_list(), DISTRICT, DISTRICT_SIGNATURE),
        "bao-cao-quy": fund_report_document(fund_report(), DISTRICT, DISTRICT_SIGNATURE),
        "phan-bo-dai-bieu": seat_document(seat_table(), PROVINCE.issuer, PROVINCE.signature),
        "tong-ket-day-du": full_report_document(),
        "ke-hoach": plan_document(
            round_plan(),
            PROVINCE.issuer,
            PROVINCE.signature,
            date(2026, 1, 5),
            _template(PLAN_TEMPLATE),
        ),
        "thong-bao-cong-khai": notice_document(
            public_notice(),
            PROVINCE.issuer,
            PROVINCE.signature,
            date(2025, 11, 3),
            _template(NOTICE_TEMPLATE),
            number=7,
        ),
        "bao-cao-thanh-tich": achievement_document(
            achievement_facts(), date(2025, 11, 5), _template(ACHIEVEMENT_TEMPLATES["ca_nhan"])
        ),
    }


def prize_list() -> PrizeList:
    """A district's decision: three people and a collective, Giấy khen at 0,3 and 0,6."""
    award = "Giấy khen của Công đoàn cấp trên trực tiếp cơ sở"
    people = tuple(
        PrizeListLine(
            name, "Giáo viên", "Công đoàn Trường Tiểu học Mường Kim", award, "0,3", 710_000
        )
        for name in ("Nguyễn Thị Hằng", "Lò Văn Sơn", "Giàng A Páo")
    )
    collective = PrizeListLine(
        "Công đoàn Trường Tiểu học Mường Kim", "", "", award, "0,6", 1_410_000
    )
    return PrizeList(
        "15/QĐ-LĐLĐ",
        date(2025, 12, 20),
        "Liên đoàn Lao động huyện Than Uyên",
        2_340_000,
        people,
        (collective,),
    )


PRIZE_MEMO = "Chi tiền thưởng theo Quyết định số 15/QĐ-LĐLĐ (4 khen thưởng)"


def fund_report() -> FundReport:
    lines = []
    balance = 0
    for n, (day, kind, memo, ref, amount) in enumerate(
        [
            (
                date(2025, 1, 15),
                RECEIPT,
                "Trích lập quỹ thi đua, khen thưởng năm 2025",
                "PT-01",
                50_000_000,
            ),
            (
                date(2025, 7, 2),
                OTHER_SPENDING,
                "Tổ chức hội nghị sơ kết 6 tháng",
                "PC-04",
                -2_500_000,
            ),
            (
                date(2025, 12, 20),
                PRIZE_SPENDING,
                "Chi tiền thưởng theo Quyết định số 15/QĐ-LĐLĐ (4 khen thưởng)",
                "15/QĐ-LĐLĐ",
                -3_540_000,
            ),
        ],
        start=1,
    ):
        balance += amount
        lines.append(FundLine(n, day, kind, memo, ref, amount, balance))
    return FundReport(
        "Liên đoàn Lao động huyện Than Uyên", date(2025, 1, 1), date(2025, 12, 31), 0, tuple(lines)
    )


def seat_table() -> SeatDocument:
    rows = tuple(
        SeatRow(name, members, seats, proposed)
        for name, members, seats, proposed in (
            ("Liên đoàn Lao động huyện Than Uyên", 3_120, 19, 12),
            ("Liên đoàn Lao động huyện Nậm Nhùn", 1_840, 11, 4),
            ("Liên đoàn Lao động huyện Tân Uyên", 2_970, 18, 20),
        )
    )
    return SeatDocument("Hội nghị điển hình tiên tiến năm 2025", date(2025, 2, 28), 88, 40, 2, rows)


ISSUED = "quyet-dinh-ban-hanh"  # issued by the service from a database (tests/documents/conftest)
DOCX_KINDS = (
    "bien-ban",
    "bien-ban-kiem-phieu",
    "to-trinh",
    "danh-sach",
    "du-thao-quyet-dinh",
    "quyet-dinh",
    "tong-ket",
    "so-ket-trong",
    "danh-sach-chi-thuong",
    "bao-cao-quy",
    "phan-bo-dai-bieu",
    "tong-ket-day-du",
    "ke-hoach",
    "thong-bao-cong-khai",
    "bao-cao-thanh-tich",
    ISSUED,
)
XLSX_KINDS = ("bieu-tong-hop", "tong-ket-bang")


@dataclass(frozen=True)
class Rendered:
    name: str
    source: Path
    pdf: Pdf
    images: list[Path]
    doc: Nd30Document | None = None  # None for a workbook

    def docx(self) -> DocxDocument:
        return Document(str(self.source))
