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
from rules.helpers import Context, under_discipline, years_since_discipline

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
    else:
        detail = f"{since} năm từ khi hết kỷ luật (cần {params.min_years_since_end})"
    return CheckResult(passed, used, detail)
