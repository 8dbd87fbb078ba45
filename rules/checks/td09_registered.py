"""The nominee registered this title at the start of the year (đăng ký thi đua).

Local guidance may make registration a condition (e.g. Lâm Hà 2021: a title not registered is
not proposed); a rule author adds this check to the policy of the level that requires it. The
fact is read from the round's registrations still standing (not withdrawn).

Passes:
    params {}; registered true
Fails:
    params {}; registered false (never registered, or the registration was withdrawn)
"""

from __future__ import annotations

from rules.checks.base import CheckParams, CheckResult
from rules.helpers import Context

CODE = "TD09"
NAME = "eligibility.registered"


class Params(CheckParams):
    pass


def evaluate(ctx: Context, params: Params) -> CheckResult:
    passed = ctx.facts.registered
    detail = (
        "đã đăng ký thi đua danh hiệu này từ đầu năm"
        if passed
        else "chưa đăng ký thi đua danh hiệu này trong đợt (hoặc đã rút đăng ký)"
    )
    return CheckResult(passed, {"registered": passed}, detail)
