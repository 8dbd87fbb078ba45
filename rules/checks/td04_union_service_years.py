"""Weighted years of union work reach a minimum (Kỷ niệm chương).

Non-dedicated years count with a multiplier, and more in a CĐCS of a non-state enterprise
(HD 149/HD-TLĐ 2015: ≥ 20 years, ×1.5, ×2). Every figure is a parameter of the policy.

Passes:
    params {min_years: 20, multiplier_non_dedicated: 1.5, multiplier_non_state_enterprise: 2};
    10 dedicated + 4 non-dedicated + 2 in a non-state enterprise = 10 + 6 + 4 = 20
Fails:
    the same params; 12 dedicated + 4 non-dedicated = 18
"""

from __future__ import annotations

from pydantic import Field

from rules.checks.base import CheckParams, CheckResult
from rules.helpers import Context

CODE = "TD04"
NAME = "eligibility.union_service_years"


class Params(CheckParams):
    min_years: float = Field(gt=0, description="Số năm quy đổi tối thiểu.")
    multiplier_non_dedicated: float = Field(ge=1, description="Hệ số năm không chuyên trách.")
    multiplier_non_state_enterprise: float = Field(
        ge=1, description="Hệ số năm không chuyên trách ở CĐCS doanh nghiệp ngoài nhà nước."
    )


def evaluate(ctx: Context, params: Params) -> CheckResult:
    f = ctx.facts
    total = (
        f.union_years_dedicated
        + f.union_years_non_dedicated * params.multiplier_non_dedicated
        + f.union_years_non_state_enterprise * params.multiplier_non_state_enterprise
    )
    used = {
        "union_years_dedicated": f.union_years_dedicated,
        "union_years_non_dedicated": f.union_years_non_dedicated,
        "union_years_non_state_enterprise": f.union_years_non_state_enterprise,
        "weighted_years": total,
    }
    detail = f"{total:g} năm quy đổi (cần {params.min_years:g})"
    return CheckResult(total >= params.min_years, used, detail)
