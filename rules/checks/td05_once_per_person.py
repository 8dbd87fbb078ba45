"""An award given once per person has not been received before.

Kỷ niệm chương and Giải thưởng Nguyễn Đức Cảnh are given once per person.

Passes:
    params {}; award_code KNC; once_only_received []
Fails:
    params {}; award_code KNC; once_only_received [KNC]
"""

from __future__ import annotations

from pydantic import Field

from rules.checks.base import CheckParams, CheckResult
from rules.helpers import Context, received

CODE = "TD05"
NAME = "eligibility.once_per_person"


class Params(CheckParams):
    award_code: str | None = Field(None, description="Mã cần kiểm tra; mặc định là award_code.")
    also_blocked_by: tuple[str, ...] = Field(
        (), description="Các hình thức khác đã nhận cũng loại trừ (ví dụ Huy chương cùng tên)."
    )


def evaluate(ctx: Context, params: Params) -> CheckResult:
    codes = (params.award_code or ctx.facts.award_code, *params.also_blocked_by)
    held = [code for code in codes if received(code, ctx)]
    detail = f"đã nhận {', '.join(held)}" if held else "chưa nhận lần nào"
    return CheckResult(not held, {f"received({c})": c in held for c in codes}, detail)
