"""No discipline in force, none pending, and enough time since the last one ended.

NĐ 152/2025: no award while a disciplinary review, inspection or complaint is being verified;
achievements count only after a disciplinary period ends.

Passes:
    params {}; no discipline, pending_review false
Fails:
    params {}; a discipline period with no end; or pending_review true
"""

from __future__ import annotations

from pydantic import Field

from rules.checks.base import CheckParams, CheckResult
from rules.helpers import NEVER_DISCIPLINED, Context, under_discipline, years_since_discipline

CODE = "TD03"
NAME = "eligibility.no_discipline"


class Params(CheckParams):
    min_years_since_end: int = Field(0, ge=0, description="Số năm tối thiểu từ khi hết kỷ luật.")
    block_pending_review: bool = Field(
        True, description="Chặn khi đang xem xét kỷ luật, khiếu nại."
    )


def evaluate(ctx: Context, params: Params) -> CheckResult:
    active, since = under_discipline(ctx), years_since_discipline(ctx)
    pending = params.block_pending_review and ctx.facts.pending_review
    passed = not active and not pending and since >= params.min_years_since_end
    used = {"under_discipline()": active, "years_since_discipline()": since}
    used["pending_review"] = ctx.facts.pending_review
    if active:
        detail = "đang trong thời hạn kỷ luật"
    elif pending:
        detail = "đang bị xem xét kỷ luật, thanh tra hoặc khiếu nại"
    elif since >= NEVER_DISCIPLINED:
        detail = "chưa từng bị kỷ luật"
    elif params.min_years_since_end:
        need = params.min_years_since_end
        detail = f"hết kỷ luật được {since} năm (cần ít nhất {need} năm)"
    elif since:
        detail = f"đã hết thời hạn kỷ luật được {since} năm"
    else:
        detail = "đã hết thời hạn kỷ luật trong năm xét"
    return CheckResult(passed, used, detail)
