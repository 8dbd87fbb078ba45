"""Value brought by sáng kiến reaches the threshold of the nominee's profile (Bằng LĐ sáng tạo).

Thresholds are lower for people without a leadership post (QĐ 1564/2014 Đ.16, V-old): non-leaders
up to cao đẳng ≥ 80 million from one solution or ≥ 120 million over 3 consecutive years;
non-leaders with a university degree ≥ 150 million; leaders ≥ 200 million or a management
improvement recognised at province level.

Passes:
    non-leader, cao_dang, one sáng kiến of 90,000,000 in the round year
Fails:
    leader, one sáng kiến of 150,000,000 at co_so scope
"""

from __future__ import annotations

from pydantic import Field

from rules.checks.base import CheckParams, CheckResult
from rules.facts import InitiativeScope, Qualification
from rules.helpers import Context, initiatives, value_max, value_sum

CODE = "TD07"
NAME = "eligibility.creative_value"


class Params(CheckParams):
    non_leader_min_vnd: int = Field(gt=0, description="Không giữ chức vụ, trình độ ≤ cao đẳng.")
    non_leader_window_years: int = Field(3, ge=1, description="Số năm liên tiếp được cộng dồn.")
    non_leader_window_total_vnd: int = Field(gt=0, description="Tổng giá trị trong các năm đó.")
    degree_min_vnd: int = Field(gt=0, description="Không giữ chức vụ, trình độ đại học trở lên.")
    degree_levels: tuple[Qualification, ...] = ("dai_hoc", "thac_si", "tien_si")
    leader_min_vnd: int = Field(gt=0, description="Người giữ chức vụ lãnh đạo, quản lý.")
    leader_alt_scope: InitiativeScope | None = Field(
        "tinh", description="Hoặc: giải pháp quản lý được công nhận từ phạm vi này trở lên."
    )


def evaluate(ctx: Context, params: Params) -> CheckResult:
    f, best = ctx.facts, value_max(1, 0, ctx)
    used: dict[str, object] = {"holds_leadership_post": f.holds_leadership_post, "value_max": best}
    if f.holds_leadership_post:
        alt = params.leader_alt_scope is not None and initiatives(
            params.leader_alt_scope, 1, 0, ctx
        )
        passed, need = best >= params.leader_min_vnd or bool(alt), params.leader_min_vnd
    elif f.qualification in params.degree_levels:
        passed, need = best >= params.degree_min_vnd, params.degree_min_vnd
    else:
        total = value_sum(params.non_leader_window_years, 0, ctx)
        used["value_sum"] = total
        need = params.non_leader_min_vnd
        passed = best >= need or total >= params.non_leader_window_total_vnd
    used["qualification"] = f.qualification
    return CheckResult(passed, used, f"giá trị làm lợi lớn nhất {best:,} đ (cần {need:,} đ)")
