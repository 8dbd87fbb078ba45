"""The schema of ``rules/policies/<family>/policy.yaml``: what an awards office may write.

Bump rules for ``version`` (semver, adapted from gatekeeper-library): major = may change an
existing decision (stricter threshold, new requirement); minor = new optional parameter or a more
lenient rule; patch = wording, legal basis or status only. Examples and README need no bump.
"""

from __future__ import annotations

import re
from datetime import date
from fractions import Fraction
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from rules.facts import NomineeKind

Status = Literal["V", "V-old", "C", "R"]
# What a person reads for each status tag (the research's verification levels).
STATUS_LABELS: dict[str, str] = {
    "V": "V: đã xác minh",
    "V-old": "V-old: văn bản cũ, cần xác nhận còn hiệu lực",
    "C": "C: chỉ có nguồn thứ cấp, cần kiểm tra",
    "R": "R: chưa xác minh, là tham số",
}
PriorityKey = Literal["direct_worker_first", "non_leader_first", "score_desc", "dossier_code"]
SEMVER = r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$"
IDENT = r"^[a-z0-9]+(-[a-z0-9]+)*$"
DEFAULT_PRIORITY: tuple[PriorityKey, ...] = (
    "direct_worker_first",
    "non_leader_first",
    "score_desc",
    "dossier_code",
)

_STRICT = ConfigDict(extra="forbid", frozen=True)


def _not_a_number(value: Any) -> Any:
    # pydantic would read 0 or 1.5e9 as a Unix timestamp; a policy date must be written as a date.
    if isinstance(value, int | float):
        raise ValueError("ngày phải viết dạng YYYY-MM-DD, không phải số")
    return value


PolicyDate = Annotated[date, BeforeValidator(_not_a_number)]


class Requirement(BaseModel):
    """One criterion: a registered check with params, or a rule-author expression."""

    model_config = _STRICT
    id: str = Field(pattern=IDENT, description="Mã yêu cầu, chữ thường nối bằng '-'.")
    check: str | None = Field(None, description="Mã check đã đăng ký (TD01…).")
    params: dict[str, Any] = Field(default_factory=dict, description="Tham số của check.")
    expression: str | None = Field(None, description="Biểu thức trên NomineeFacts.")
    message: str = Field(min_length=1, description="Thông báo tiếng Việt khi không đạt.")
    legal_basis: str = Field(min_length=1, description="Căn cứ pháp lý (văn bản, điều, khoản).")
    status: Status = Field(description="Mức xác minh: V, V-old, C, R.")

    @model_validator(mode="after")
    def _one_kind(self) -> Requirement:
        if (self.check is None) == (self.expression is None):
            raise ValueError("cần đúng một trong hai: 'check' (kèm params) hoặc 'expression'")
        if self.expression is not None and self.params:
            raise ValueError("'params' chỉ dùng với 'check'")
        return self


class AppliesTo(BaseModel):
    """Which dossiers the policy decides: award codes, deciding levels, nominee kinds."""

    model_config = _STRICT
    award_codes: tuple[str, ...] = Field(min_length=1)
    levels: tuple[str, ...] = Field((), description="Cấp quyết định; rỗng = mọi cấp.")
    nominee_kinds: tuple[NomineeKind, ...] = Field(min_length=1)


class Quota(BaseModel):
    """A cap over a batch (round × deciding level × award form × unit)."""

    model_config = _STRICT
    kind: Literal["ratio", "absolute", "per_topic"]
    max_ratio: float | None = Field(None, gt=0, le=1, description="Trần theo tỷ lệ của 'base'.")
    base: str | None = Field(None, description="Số gốc của tỷ lệ, ví dụ LDTT.")
    max_count: int | None = Field(None, ge=0, description="Trần tuyệt đối (mỗi đơn vị/chuyên đề).")
    group_by: Literal["unit_code", "federation_code"] = "unit_code"
    status: Status
    legal_basis: str = Field(min_length=1)

    @model_validator(mode="after")
    def _fits_kind(self) -> Quota:
        if self.kind == "ratio" and (self.max_ratio is None or not self.base):
            raise ValueError("quota kind 'ratio' cần 'max_ratio' và 'base'")
        if self.kind != "ratio" and self.max_count is None:
            raise ValueError(f"quota kind '{self.kind}' cần 'max_count'")
        return self


FRACTION = r"^[1-9]\d*/[1-9]\d*$"


def _exact_share(value: Any) -> Any:
    # A share is kept as written ("9/10", 0.9): rules.council reads it as an exact Fraction.
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError("tỷ lệ phải viết dạng phân số '9/10' hoặc số thập phân 0.9")
    if isinstance(value, str) and re.fullmatch(FRACTION, value) is None:
        raise ValueError("tỷ lệ dạng chuỗi phải là phân số, ví dụ '9/10'")
    share = Fraction(value) if isinstance(value, str) else Fraction(str(value))
    if not 0 < share <= 1:
        raise ValueError("tỷ lệ phải lớn hơn 0 và không quá 1")
    return value


Share = Annotated[float | str, BeforeValidator(_exact_share)]


class Council(BaseModel):
    """How the council votes on this award (all figures are parameters with a status).

    ``threshold`` compared with ``comparison`` against yes votes over ``denominator``: the total
    membership, those taking part (present, plus written opinions where they count), or the votes
    cast. "Quá bán" is ``comparison: more_than`` with ``threshold: "1/2"``.
    """

    model_config = _STRICT
    quorum: str = Field(pattern=FRACTION, description="Tỷ lệ có mặt, ví dụ 2/3.")
    ballot: Literal["open", "secret"]
    threshold: Share = Field(description="Tỷ lệ đồng ý tối thiểu: '9/10' hoặc 0.9.")
    comparison: Literal["at_least", "more_than"] = Field(
        "at_least", description="at_least = từ … trở lên; more_than = trên … (quá bán)."
    )
    denominator: Literal["present", "total", "cast"]
    written_opinions_allowed: bool = False
    status: Status
    legal_basis: str = Field(min_length=1)


class CouncilDefault(BaseModel):
    """``rules/policies/council.yaml``: the council rule of awards whose policy has none."""

    model_config = _STRICT
    id: str = Field(pattern=IDENT)
    version: str = Field(pattern=SEMVER)
    title: str = Field(min_length=1)
    council: Council


class LevelDays(BaseModel):
    """Working days allowed for appraisal, per level (a parameter, usually not [V])."""

    model_config = _STRICT
    value: dict[str, int] = Field(min_length=1)
    status: Status
    legal_basis: str = Field(min_length=1)


class Policy(BaseModel):
    """One version of one policy, as written in policy.yaml."""

    model_config = _STRICT
    id: str = Field(pattern=IDENT)
    version: str = Field(pattern=SEMVER, description="Semver, ví dụ 1.2.0.")
    title: str = Field(min_length=1)
    effective_from: PolicyDate
    effective_to: PolicyDate | None = None
    applies_to: AppliesTo
    requirements: tuple[Requirement, ...] = Field(min_length=1)
    quota: Quota | None = None
    priority: tuple[PriorityKey, ...] = DEFAULT_PRIORITY
    council: Council | None = None
    appraisal_working_days: LevelDays | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Policy:
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError("effective_to phải sau effective_from")
        ids = [r.id for r in self.requirements]
        if len(ids) != len(set(ids)):
            raise ValueError("mã yêu cầu (requirements[].id) bị trùng")
        if not self.priority or self.priority[-1] != "dossier_code":
            raise ValueError("priority phải kết thúc bằng 'dossier_code' (tiêu chí phụ ổn định)")
        return self

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    @property
    def period(self) -> str:
        """ "01/01/2019 – 31/12/2023", or "từ 01/01/2024" while open."""
        start = f"{self.effective_from:%d/%m/%Y}"
        return f"{start} – {self.effective_to:%d/%m/%Y}" if self.effective_to else f"từ {start}"

    @property
    def label(self) -> str:
        """What a person reads: "Chính sách cstdcs phiên bản 1.0.0 (hiệu lực từ 01/01/2024)"."""
        return f"Chính sách {self.id} phiên bản {self.version} (hiệu lực {self.period})"
