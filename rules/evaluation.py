"""Evaluate a nominee against the policy in force: a pinned, explained, serialisable result.

``evaluate`` builds the full ``Evaluation`` stored with the dossier (round-trips through JSON);
``failed_requirements`` is the fast path for bulk screening (no explanation objects).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from rules.compiled import CompiledPolicy, PolicySet
from rules.facts import NomineeFacts
from rules.helpers import Context
from rules.policy import Status


class RequirementResult(BaseModel):
    """The outcome of one requirement, with everything needed to explain it later."""

    model_config = ConfigDict(frozen=True)
    id: str
    check: str | None = None
    expression: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    facts_used: dict[str, Any] = Field(default_factory=dict)
    passed: bool
    message: str = Field(description="Thông báo khi không đạt (tiếng Việt).")
    detail: str = ""
    legal_basis: str
    status: Status


class Evaluation(BaseModel):
    """One nominee judged by one pinned policy version of one pinned policy set."""

    model_config = ConfigDict(frozen=True)
    policy_id: str | None
    policy_version: str | None
    policy_set_version: str
    policy_label: str = Field("", description="Phiên bản và hiệu lực, cho người đọc.")
    dossier_code: str
    award_code: str
    nominee_kind: str
    evaluated_on: date
    eligible: bool
    reason: str = Field("", description="Lý do chung, ví dụ không có chính sách áp dụng.")
    requirements: tuple[RequirementResult, ...] = ()

    @property
    def failed(self) -> list[str]:
        return [r.id for r in self.requirements if not r.passed]


def as_of(facts: NomineeFacts, on: date | None) -> date:
    """The date that selects the policy version: given, else 31/12 of the round year."""
    return on if on is not None else date(facts.round_year, 12, 31)


def evaluate(
    policy_set: PolicySet, facts: NomineeFacts, on: date | None = None, level: str | None = None
) -> Evaluation:
    """Judge ``facts`` under the policy in force on ``on`` (default 31/12 of the round year)."""
    day = as_of(facts, on)
    policy = policy_set.select(facts, day, level)
    if policy is None:
        return Evaluation(
            policy_id=None,
            policy_version=None,
            policy_set_version=policy_set.version,
            dossier_code=facts.dossier_code,
            award_code=facts.award_code,
            nominee_kind=facts.nominee_kind,
            evaluated_on=day,
            eligible=False,
            reason=f"Không có chính sách áp dụng cho {facts.award_code} ({facts.nominee_kind}) "
            f"vào ngày {day:%d/%m/%Y}",
        )
    return evaluate_policy(policy, facts, day, policy_set.version)


def evaluate_policy(
    policy: CompiledPolicy, facts: NomineeFacts, on: date, set_version: str = ""
) -> Evaluation:
    """Judge ``facts`` under one given policy version (every requirement, no short-circuit)."""
    ctx, results = Context(facts), []
    for req in policy.requirements:
        passed, used, detail = req.explain(ctx)
        spec = req.spec
        results.append(
            RequirementResult(
                id=spec.id,
                check=spec.check,
                expression=spec.expression,
                params=req.params.model_dump(mode="json") if req.params else {},
                facts_used=used,
                passed=passed,
                message=spec.message,
                detail=detail,
                legal_basis=spec.legal_basis,
                status=spec.status,
            )
        )
    return Evaluation(
        policy_id=policy.spec.id,
        policy_version=policy.spec.version,
        policy_set_version=set_version,
        policy_label=policy.spec.label,
        dossier_code=facts.dossier_code,
        award_code=facts.award_code,
        nominee_kind=facts.nominee_kind,
        evaluated_on=on,
        eligible=all(r.passed for r in results),
        requirements=tuple(results),
    )


def failed_requirements(
    policy_set: PolicySet, facts: NomineeFacts, on: date | None = None
) -> list[str] | None:
    """Fast screening: ids of failed requirements ([] = eligible), None if no policy applies."""
    policy = policy_set.select(facts, as_of(facts, on))
    if policy is None:
        return None
    ctx = Context(facts)
    return [r.spec.id for r in policy.requirements if not r.passes(ctx)]
