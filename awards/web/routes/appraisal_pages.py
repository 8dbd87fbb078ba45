"""The appraisal desk: a secretariat appraises its level's dossiers of a round by the rules in
force, in one batch, and sees each outcome with its reasons (HTML and /api)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from awards.errors import AwardsError, NotFoundError
from awards.services.appraisal.appraise import AppraisalReport
from awards.services.appraisal.desk import appraise_at, waiting_for_appraisal
from awards.services.rounds.views import round_codes
from awards.web.deps import ERRORS, Csrf, Me, home_unit, render, status_of, web_of

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["appraisal"])


def _page(
    request: Request,
    me: Any,
    round_code: str,
    unit: str,
    *,
    report: AppraisalReport | None = None,
    error: AwardsError | None = None,
) -> Response:
    web = web_of(request)
    waiting = waiting_for_appraisal(web.tdkt.uow, me, round_code, unit, now=web.now())
    status = status_of(error) if error else 200
    return render(
        request,
        "appraisal.html",
        status,
        me=me,
        waiting=waiting,
        report=report,
        error=error,
        pack=web.tdkt.policies.version,
    )


@router.get("/appraisal")
def appraisal_home(request: Request, me: Me) -> Response:
    """The menu's way to the desk: the newest round, at the user's own level."""
    web = web_of(request)
    rounds = round_codes(web.tdkt.uow, newest_first=True)
    if not rounds:
        raise NotFoundError("Chưa có đợt thi đua nào; mở đợt trước khi thẩm định.")
    return RedirectResponse(f"/rounds/{rounds[0]}/appraisal", status_code=303)


@router.get("/rounds/{round_code}/appraisal")
def appraisal_desk(request: Request, me: Me, round_code: str, unit: str | None = None) -> Response:
    return _page(request, me, round_code, unit or home_unit(web_of(request), me))


@router.post("/rounds/{round_code}/appraisal", dependencies=[Csrf])
def run_appraisal(
    request: Request, me: Me, round_code: str, unit: Annotated[str, Form()]
) -> Response:
    web = web_of(request)
    try:
        report = appraise_at(
            web.tdkt.uow, me, round_code, unit, now=web.now(), policy_set=web.tdkt.policies
        )
    except AwardsError as err:
        return _page(request, me, round_code, unit, error=err)
    return _page(request, me, round_code, unit, report=report)


class AppraiseIn(BaseModel):
    unit: str


class AppraisedOut(BaseModel):
    code: str
    eligible: bool
    reasons: list[str]
    moved: bool
    error: str | None
    flags: list[str]  # warnings that do not decide, e.g. a title already received that year
    policy: str = Field("", description="Phiên bản chính sách đã xét, với thời gian hiệu lực.")


class AppraisalOut(BaseModel):
    policy_set_version: str
    results: list[AppraisedOut]


@api.post(
    "/rounds/{round_code}/appraisal",
    response_model=AppraisalOut,
    responses=ERRORS,
    dependencies=[Csrf],
)
def post_appraisal(round_code: str, body: AppraiseIn, request: Request, me: Me) -> AppraisalOut:
    """Thẩm định theo bộ chính sách đang áp dụng mọi hồ sơ đang thẩm định của đợt tại đơn vị."""
    web = web_of(request)
    report = appraise_at(
        web.tdkt.uow, me, round_code, body.unit, now=web.now(), policy_set=web.tdkt.policies
    )
    return AppraisalOut(
        policy_set_version=report.policy_set_version,
        results=[
            AppraisedOut(
                code=r.code,
                eligible=r.eligible,
                reasons=list(r.reasons),
                moved=r.moved,
                error=r.error,
                policy=r.policy,
                flags=list(r.flags),
            )
            for r in report.results
        ],
    )
