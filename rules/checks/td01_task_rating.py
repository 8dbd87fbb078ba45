"""The task rating of a year is at least a given level.

Luật TĐKT 2022 Điều 24: Lao động tiên tiến needs "hoàn thành tốt nhiệm vụ trở lên".

Passes:
    params {min_rating: hoan_thanh_tot}; history 2025 task_rating hoan_thanh_xuat_sac
Fails:
    params {min_rating: hoan_thanh_tot}; history 2025 task_rating hoan_thanh (or no record)
"""

from __future__ import annotations

from pydantic import Field

from rules.checks.base import CheckParams, CheckResult
from rules.facts import RATING_LABELS, TaskRating
from rules.helpers import Context, rating_at_least

CODE = "TD01"
NAME = "eligibility.task_rating"


class Params(CheckParams):
    min_rating: TaskRating = Field(description="Mức xếp loại thấp nhất được chấp nhận.")
    year_offset: int = Field(0, le=0, description="0 = năm xét; -1 = năm trước năm xét.")


def evaluate(ctx: Context, params: Params) -> CheckResult:
    year = ctx.facts.round_year + params.year_offset
    rating = next((r.task_rating for r in ctx.facts.history if r.year == year), None)
    passed = rating_at_least(params.min_rating, params.year_offset, ctx)
    detail = f"năm {year}: {RATING_LABELS.get(rating, rating) if rating else 'chưa có xếp loại'}"
    return CheckResult(passed, {f"task_rating[{year}]": rating}, detail)
