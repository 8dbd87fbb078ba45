"""The members of a collective meet the required shares (Tập thể LĐTT / LĐXS).

Luật 2022 Điều 27 (Tập thể LĐXS): 100% complete their tasks, ≥ 70% LĐTT, ≥ 1 CSTĐ cơ sở.
Old law Điều 28 (Tập thể LĐTT): > 50% LĐTT, no member disciplined at cảnh cáo or above.

Passes:
    params {min_ratio_ldtt: 0.7, min_ratio_completed: 1.0, min_cstdcs: 1};
    members_total 20, completed 20, ldtt 15, cstdcs 2
Fails:
    the same params; members_total 20, completed 20, ldtt 13 (65%), cstdcs 2
"""

from __future__ import annotations

from pydantic import Field

from rules.checks.base import CheckParams, CheckResult
from rules.helpers import Context, ratio

CODE = "TD06"
NAME = "eligibility.collective_members"


class Params(CheckParams):
    min_ratio_ldtt: float = Field(0, ge=0, le=1, description="Tỷ lệ tối thiểu đạt LĐTT.")
    ldtt_strictly_above: bool = Field(False, description="True: phải lớn hơn hẳn (> 50%).")
    min_ratio_completed: float = Field(0, ge=0, le=1, description="Tỷ lệ hoàn thành nhiệm vụ.")
    min_cstdcs: int = Field(0, ge=0, description="Số thành viên CSTĐ cơ sở tối thiểu.")
    max_disciplined: int | None = Field(None, ge=0, description="Số bị kỷ luật tối đa.")


def evaluate(ctx: Context, params: Params) -> CheckResult:
    f = ctx.facts
    ldtt, done = ratio(f.members_ldtt, f.members_total), ratio(f.members_completed, f.members_total)
    problems = []
    if ldtt < params.min_ratio_ldtt or (
        params.ldtt_strictly_above and ldtt <= params.min_ratio_ldtt
    ):
        problems.append(f"LĐTT {ldtt:.0%}")
    if done < params.min_ratio_completed or f.members_total == 0:
        problems.append(f"hoàn thành nhiệm vụ {done:.0%}")
    if f.members_cstdcs < params.min_cstdcs:
        problems.append(f"{f.members_cstdcs} CSTĐ cơ sở")
    if params.max_disciplined is not None and f.members_disciplined > params.max_disciplined:
        problems.append(f"{f.members_disciplined} người bị kỷ luật")
    used = {"members_total": f.members_total, "ratio_ldtt": ldtt, "ratio_completed": done}
    used |= {"members_cstdcs": f.members_cstdcs, "members_disciplined": f.members_disciplined}
    detail = "chưa đạt: " + ", ".join(problems) if problems else "đạt các tỷ lệ"
    return CheckResult(not problems, used, detail)
