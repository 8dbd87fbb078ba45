"""A title (or rating) held in consecutive years ending at the round year.

CSTĐ cấp tỉnh needs 03 consecutive CSTĐ cơ sở; CSTĐ toàn quốc 02 consecutive CSTĐ cấp tỉnh
(Luật TĐKT 2022). Đột xuất and chuyên đề awards never count; discipline resets the count.

Passes:
    params {code: CSTDCS, min_years: 3}; CSTDCS in 2023, 2024, 2025, round 2025
Fails:
    params {code: CSTDCS, min_years: 3}; CSTDCS in 2022, 2024, 2025 (a gap), round 2025
"""

from __future__ import annotations

from pydantic import Field

from rules.checks.base import CheckParams, CheckResult
from rules.helpers import Context, streak

CODE = "TD02"
NAME = "eligibility.consecutive_titles"


class Params(CheckParams):
    code: str = Field(description="Mã danh hiệu, hình thức hoặc mức xếp loại cần liên tục.")
    min_years: int = Field(ge=1, description="Số năm liên tục tối thiểu.")
    end: int = Field(0, le=0, description="Năm kết thúc chuỗi: 0 = năm xét, -1 = năm trước.")


def evaluate(ctx: Context, params: Params) -> CheckResult:
    n = streak(params.code, params.end, ctx)
    detail = f"{n} năm liên tục {params.code} (cần {params.min_years})"
    return CheckResult(n >= params.min_years, {f"streak({params.code})": n}, detail)
