"""A direct worker with enough years in direct production (Giải thưởng Nguyễn Đức Cảnh).

Passes:
    params {min_years: 5}; is_direct_worker true, years_direct_production 7
Fails:
    params {min_years: 5}; is_direct_worker false (or 4 years in production)
"""

from __future__ import annotations

from pydantic import Field

from rules.checks.base import CheckParams, CheckResult
from rules.helpers import Context

CODE = "TD08"
NAME = "eligibility.direct_production"


class Params(CheckParams):
    min_years: float = Field(gt=0, description="Số năm trực tiếp sản xuất tối thiểu.")


def evaluate(ctx: Context, params: Params) -> CheckResult:
    f = ctx.facts
    passed = f.is_direct_worker and f.years_direct_production >= params.min_years
    used = {"is_direct_worker": f.is_direct_worker, "years": f.years_direct_production}
    who = "trực tiếp sản xuất" if f.is_direct_worker else "không trực tiếp sản xuất"
    return CheckResult(passed, used, f"{who}, {f.years_direct_production:g} năm")
