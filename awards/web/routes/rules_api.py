"""REST counterparts of the rule authors' screens: families, examples, history, simulation."""

from __future__ import annotations

import dataclasses
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from awards.services.appraisal.rule_drafts import (
    MAX_DRAFT,
    families,
    family_examples,
    policy_history,
    require_author,
    simulate_draft_as,
)
from awards.web.deps import ERRORS, Csrf, Me, web_of

router = APIRouter(prefix="/api", tags=["rules"])


@router.get("/rules", responses=ERRORS)
def get_rules(request: Request, me: Me) -> list[dict[str, Any]]:
    """Policy families in force with their versions."""
    require_author(me)
    return [
        {
            "family": f.name,
            "examples": f.examples,
            "versions": [
                {
                    "version": v.version,
                    "title": v.title,
                    "effective_from": v.effective_from,
                    "effective_to": v.effective_to,
                }
                for v in f.versions
            ],
        }
        for f in families(web_of(request).tdkt.policies_path)
    ]


@router.get("/rules/{family}/examples", responses=ERRORS)
def get_examples(family: str, request: Request, me: Me) -> list[dict[str, Any]]:
    """Run the allow/deny examples of one family."""
    require_author(me)
    return [
        {"test_id": r.test_id, "passed": r.passed, "expected": r.expected, "actual": r.actual}
        for r in family_examples(family, web_of(request).tdkt.policies_path)
    ]


@router.get("/rules/{family}/history", responses=ERRORS)
def get_history(family: str, request: Request, me: Me) -> list[dict[str, Any]]:
    """The family's dated versions, oldest first: period, legal bases with status, examples."""
    require_author(me)
    return [
        dataclasses.asdict(e) for e in policy_history(family, web_of(request).tdkt.policies_path)
    ]


class DraftIn(BaseModel):
    round_code: str = Field(max_length=40)
    family: str = Field(max_length=60)
    draft: str = Field(max_length=MAX_DRAFT)


@router.post("/rules/simulate", responses=ERRORS, dependencies=[Csrf])
def post_simulate(body: DraftIn, request: Request, me: Me) -> dict[str, Any]:
    """Validate a draft of one family and replay a round under it (422 lists the problems)."""
    web = web_of(request)
    pack, current = web.tdkt.policies_path, web.tdkt.policies
    r = simulate_draft_as(
        web.tdkt.uow, me, body.round_code, body.family, body.draft, pack=pack, current=current
    )
    report = r.report
    return {
        "round": r.round_code,
        "evaluated": report.evaluated,
        "eligible_before": report.eligible_before,
        "eligible_after": report.eligible_after,
        "flips": [
            {
                "dossier_code": f.dossier_code,
                "award_code": f.award_code,
                "eligible_before": f.eligible_before,
                "eligible_after": f.eligible_after,
                "failed_after": list(f.failed_after),
            }
            for f in report.flips
        ],
    }
