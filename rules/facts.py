"""The facts a rule may see about one nominee in one round: the schema rule authors write against.

Plain data only (awards/facts.py builds it from the database in bulk). Every scalar field of
`NomineeFacts` is a name usable in policy expressions; the lists (history, discipline) are reached
only through the helper functions of `rules.helpers` (streak, count, initiatives, value_sum, ...).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

NomineeKind = Literal["ca_nhan", "tap_the"]
TaskRating = Literal["hoan_thanh_xuat_sac", "hoan_thanh_tot", "hoan_thanh", "khong_hoan_thanh"]
AwardType = Literal["regular", "dot_xuat", "chuyen_de"]
InitiativeScope = Literal["co_so", "tinh", "toan_quoc"]
Sector = Literal["hcsn", "sxkd"]
Qualification = Literal["so_cap", "trung_cap", "cao_dang", "dai_hoc", "thac_si", "tien_si"]
DisciplineLevel = Literal["khien_trach", "canh_cao", "cach_chuc", "buoc_thoi_viec", "khai_tru"]

# Rank of ratings and scopes: "at least X" comparisons use these orders.
RATING_RANK: dict[str, int] = {
    "khong_hoan_thanh": 0,
    "hoan_thanh": 1,
    "hoan_thanh_tot": 2,
    "hoan_thanh_xuat_sac": 3,
}
# What a person reads instead of the code (messages, e-mails, documents).
RATING_LABELS: dict[str, str] = {
    "khong_hoan_thanh": "không hoàn thành nhiệm vụ",
    "hoan_thanh": "hoàn thành nhiệm vụ",
    "hoan_thanh_tot": "hoàn thành tốt nhiệm vụ",
    "hoan_thanh_xuat_sac": "hoàn thành xuất sắc nhiệm vụ",
}
SCOPE_RANK: dict[str, int] = {"co_so": 0, "tinh": 1, "toan_quoc": 2}
DISCIPLINE_RANK: dict[str, int] = {
    "khien_trach": 0,
    "canh_cao": 1,
    "cach_chuc": 2,
    "buoc_thoi_viec": 3,
    "khai_tru": 4,
}

# What people read for each value (screens, messages, templates); codes stay for typing.
NOMINEE_KIND_LABELS: dict[str, str] = {"ca_nhan": "Cá nhân", "tap_the": "Tập thể"}
DISCIPLINE_LABELS: dict[str, str] = {
    "khien_trach": "Khiển trách",
    "canh_cao": "Cảnh cáo",
    "cach_chuc": "Cách chức",
    "buoc_thoi_viec": "Buộc thôi việc",
    "khai_tru": "Khai trừ",
}

_PLAIN = ConfigDict(extra="forbid", frozen=True)


class AwardRecord(BaseModel):
    """An award received in a year (Bằng khen, Giấy khen, ...)."""

    model_config = _PLAIN
    code: str = Field(description="Mã hình thức khen thưởng, ví dụ BK_LDLD, BK_TLD, GK_CDCT.")
    type: AwardType = Field(
        "regular",
        description="regular = thường xuyên; dot_xuat = đột xuất; chuyen_de = theo chuyên đề. "
        "Đột xuất và chuyên đề không dùng làm căn cứ khen thưởng cao hơn (NĐ 152/2025).",
    )


class Initiative(BaseModel):
    """A recognised sáng kiến (or đề tài) and the value it brought."""

    model_config = _PLAIN
    scope: InitiativeScope = Field(description="Phạm vi công nhận: co_so | tinh | toan_quoc.")
    value_vnd: int = Field(0, ge=0, description="Giá trị làm lợi (đồng).")


class YearRecord(BaseModel):
    """The achievements of the nominee in one year."""

    model_config = _PLAIN
    year: int = Field(description="Năm đánh giá.")
    task_rating: TaskRating | None = Field(None, description="Mức xếp loại hoàn thành nhiệm vụ.")
    titles: tuple[str, ...] = Field(
        (), description="Danh hiệu thi đua đạt được: LDTT, CSTDCS, CSTD_TINH, CSTD_TQ, TT_LDXS…"
    )
    awards: tuple[AwardRecord, ...] = Field((), description="Hình thức khen thưởng đã nhận.")
    initiatives: tuple[Initiative, ...] = Field((), description="Sáng kiến được công nhận.")


class DisciplinePeriod(BaseModel):
    """A disciplinary period; achievements count only from its end (NĐ 152/2025)."""

    model_config = _PLAIN
    level: DisciplineLevel = Field(description="Hình thức kỷ luật.")
    start: date = Field(description="Ngày bắt đầu thi hành kỷ luật.")
    end: date | None = Field(None, description="Ngày hết thời hạn kỷ luật; None = đang thi hành.")


class NomineeFacts(BaseModel):
    """Everything rules may see about one nominee (cá nhân or tập thể) in one round."""

    model_config = _PLAIN
    # The round and the proposal
    dossier_code: str = Field("", description="Mã hồ sơ; tiêu chí phụ cuối cùng khi xếp ưu tiên.")
    nominee_kind: NomineeKind = Field(description="ca_nhan = cá nhân; tap_the = tập thể.")
    round_year: int = Field(description="Năm của đợt xét (năm đề nghị).")
    award_code: str = Field(description="Mã hình thức/danh hiệu đề nghị, ví dụ CSTD_TINH.")
    topic: str | None = Field(None, description="Chuyên đề (cho Bằng khen chuyên đề).")
    registered: bool = Field(
        False, description="Đã đăng ký thi đua hình thức này trong đợt (đăng ký chưa rút)."
    )
    # The unit
    unit_code: str = Field("", description="Mã đơn vị đề nghị (đơn vị trực tiếp của đối tượng).")
    federation_code: str = Field("", description="Mã LĐLĐ tỉnh / CĐ ngành TW chủ quản.")
    unit_sector: Sector | None = Field(None, description="Khu vực: hcsn | sxkd.")
    # The person (cá nhân)
    full_name: str = Field("", description="Họ và tên (hoặc tên tập thể).")
    gender: Literal["nam", "nu"] | None = Field(None, description="Giới tính.")
    birth_year: int | None = Field(None, description="Năm sinh.")
    position: str = Field("", description="Chức vụ, ghi như trong hồ sơ.")
    is_direct_worker: bool = Field(False, description="Công nhân, người lao động trực tiếp.")
    holds_leadership_post: bool = Field(False, description="Giữ chức vụ lãnh đạo, quản lý.")
    qualification: Qualification | None = Field(None, description="Trình độ (Bằng LĐ sáng tạo).")
    union_years_dedicated: float = Field(0, ge=0, description="Số năm công tác CĐ chuyên trách.")
    union_years_non_dedicated: float = Field(
        0, ge=0, description="Số năm công tác CĐ không chuyên trách (ngoài DN ngoài nhà nước)."
    )
    union_years_non_state_enterprise: float = Field(
        0, ge=0, description="Số năm công tác CĐ không chuyên trách ở CĐCS doanh nghiệp ngoài NN."
    )
    years_direct_production: float = Field(0, ge=0, description="Số năm trực tiếp sản xuất.")
    pending_review: bool = Field(
        False, description="Đang bị xem xét kỷ luật, điều tra, thanh tra, khiếu nại, tố cáo."
    )
    # The collective (tập thể)
    collective_kind: str = Field("", description="Loại tập thể: cdcs, to_cong_doan, phong_ban…")
    member_count: int = Field(0, ge=0, description="Số thành viên của tập thể.")
    members_total: int = Field(0, ge=0, description="Số thành viên được đánh giá trong năm.")
    members_completed: int = Field(0, ge=0, description="Số thành viên hoàn thành nhiệm vụ.")
    members_ldtt: int = Field(0, ge=0, description="Số thành viên đạt Lao động tiên tiến.")
    members_cstdcs: int = Field(0, ge=0, description="Số thành viên đạt CSTĐ cơ sở.")
    members_disciplined: int = Field(
        0, ge=0, description="Số thành viên bị kỷ luật từ cảnh cáo trở lên trong năm."
    )
    # History
    history: tuple[YearRecord, ...] = Field((), description="Thành tích theo năm.")
    discipline: tuple[DisciplinePeriod, ...] = Field((), description="Các thời kỳ kỷ luật.")
    once_only_received: tuple[str, ...] = Field(
        (), description="Hình thức chỉ tặng một lần đã nhận (KNC, GT_NDC…)."
    )
    score: float = Field(0, description="Điểm xếp ưu tiên khi chỉ tiêu không đủ (cao trước).")
