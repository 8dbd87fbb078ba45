"""Rule authors' screens: policy families with their versions, a policy and its examples run,
a family's dated history (versions, periods, legal bases), and a draft pasted in a textarea,
validated and simulated against a round (flips shown)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from awards.services.appraisal.rule_drafts import (
    DraftInvalid,
    families,
    family_examples,
    policy_history,
    policy_text,
    require_author,
    simulate_draft_as,
)
from awards.services.rounds.views import round_codes
from awards.web.deps import Csrf, Me, Web, render, web_of

router = APIRouter(include_in_schema=False)


@router.get("/rules")
def rules_home(request: Request, me: Me) -> Response:
    require_author(me)
    return render(
        request, "rules.html", me=me, families=families(web_of(request).tdkt.policies_path)
    )


@router.get("/rules/simulate")
def simulate_form(request: Request, me: Me, family: str = "gk-cdct") -> Response:
    require_author(me)
    web = web_of(request)
    form = {
        "family": family,
        "round_code": "",
        "draft": policy_text(family, web.tdkt.policies_path),
    }
    return _simulate_page(request, me, web, form)


def _simulate_page(
    request: Request, me: Me, web: Web, form: dict[str, str], **ctx: object
) -> Response:
    names = [f.name for f in families(web.tdkt.policies_path)]
    status = 422 if ctx.get("problems") else 200
    return render(
        request,
        "rules_simulate.html",
        status,
        me=me,
        form=form,
        names=names,
        rounds=round_codes(web.tdkt.uow),
        **ctx,
    )


@router.post("/rules/simulate", dependencies=[Csrf])
def simulate_post(
    request: Request,
    me: Me,
    family: Annotated[str, Form()],
    round_code: Annotated[str, Form()],
    draft: Annotated[str, Form()] = "",
) -> Response:
    require_author(me)
    web = web_of(request)
    form = {"family": family, "round_code": round_code, "draft": draft}
    try:
        result = simulate_draft_as(
            web.tdkt.uow,
            me,
            round_code,
            family,
            draft,
            pack=web.tdkt.policies_path,
            current=web.tdkt.policies,
        )
    except DraftInvalid as err:
        return _simulate_page(request, me, web, form, problems=err.problems)
    return _simulate_page(request, me, web, form, result=result)


@router.get("/rules/{family}")
def rule_family(request: Request, me: Me, family: str) -> Response:
    require_author(me)
    pack = web_of(request).tdkt.policies_path
    text = policy_text(family, pack)
    results = family_examples(family, pack)
    return render(request, "rule.html", me=me, family=family, text=text, results=results)


@router.get("/rules/{family}/history")
def rule_history(request: Request, me: Me, family: str) -> Response:
    require_author(me)
    entries = policy_history(family, web_of(request).tdkt.policies_path)
    return render(request, "rule_history.html", me=me, family=family, entries=entries)
