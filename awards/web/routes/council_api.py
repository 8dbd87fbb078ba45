"""REST API of council sessions under /api/council: the same desk services as the screens.

Errors keep the API's one shape {code, message, allowed, fields}; a refusal on a session lists
in `allowed` what the user may still do there (view, prepare_session, vote, approve_group,
close_session).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi import Path as FastPath
from fastapi.responses import Response
from pydantic import BaseModel, Field

from awards.services.council.accounts import link_account_as, unlink_account_as
from awards.services.council.closing import Decision
from awards.services.council.desk import (
    approve_group_as,
    attend_as,
    close_as,
    minutes_as,
    my_sessions,
    open_as,
    vote_as,
)
from awards.services.council.outcomes import ItemOutcome
from awards.services.council.page import session_page
from awards.web.deps import DOCX, ERRORS, Csrf, Me, MeInMove, web_of

router = APIRouter(prefix="/api/council", tags=["council"])
Code = Annotated[str, Field(min_length=1, max_length=60)]


class SessionItem(BaseModel):
    code: str
    status: str
    held_on: date
    council: str
    unit_code: str
    round_code: str
    minutes_number: str | None


class SessionList(BaseModel):
    items: list[SessionItem]
    page: int
    per_page: int


@router.get("/sessions", response_model=SessionList, responses=ERRORS)
def get_sessions(
    request: Request,
    me: Me,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100)] = 25,
) -> SessionList:
    """Sessions of the councils at the units I may view, newest first."""
    found = my_sessions(web_of(request).tdkt.uow, me, limit=per_page, offset=(page - 1) * per_page)
    return SessionList(items=[SessionItem(**vars(x)) for x in found], page=page, per_page=per_page)


class OpenIn(BaseModel):
    unit_code: Code
    round_code: Code
    held_on: date
    location: str = Field(default="", max_length=300)
    start_time: str = Field(default="", max_length=40, description='Giờ họp, ví dụ "14 giờ 00"')


class OpenOut(BaseModel):
    code: str
    items: int
    groups: dict[str, int]


@router.post(
    "/sessions", status_code=201, response_model=OpenOut, responses=ERRORS, dependencies=[Csrf]
)
def post_session(body: OpenIn, request: Request, me: Me) -> OpenOut:
    """Open a session of my level's council with the round's eligible dossiers (secretariat)."""
    web = web_of(request)
    policies = web.tdkt.policies
    opened = open_as(web.tdkt.uow, me, **body.model_dump(), now=web.now(), policy_set=policies)
    return OpenOut(code=opened.code, items=opened.items, groups=opened.groups)


@router.get("/sessions/{code}", responses=ERRORS)
def get_session(code: str, request: Request, me: Me) -> dict[str, Any]:
    """The agenda grouped by award (eligibility, quota meters, tallies), roll call, my votes."""
    pg = session_page(web_of(request).tdkt.uow, me, code)
    v = pg.view
    return {
        "code": v.code,
        "status": v.status,
        "held_on": v.held_on,
        "council": pg.council,
        "round_code": pg.round_code,
        "presence": vars(v.presence),
        "me": pg.me,
        "voted": sorted(pg.voted),
        "allowed": pg.allowed,
        "minutes_number": v.minutes_number,
        "roll": [vars(r) for r in pg.roll],
        "groups": [
            {
                "award_code": g.award_code,
                "award_name": g.award_name,
                "rule": g.rule,
                "approved": pg.approved.get(g.award_code, 0),
                "meters": [vars(m) for m in pg.meters.get(g.award_code, [])],
                "lines": [vars(x) for x in g.lines],
            }
            for g in v.groups
        ],
    }


class AccountIn(BaseModel):
    username: str = Field(min_length=1, max_length=80)


@router.post("/members/{member_id}/account", status_code=204, responses=ERRORS, dependencies=[Csrf])
def post_member_account(
    member_id: Annotated[int, FastPath(ge=1, le=2**31 - 1)],
    body: AccountIn,
    request: Request,
    me: Me,
) -> None:
    """Link a sign-in account to a council member (secretariat): the account votes as the member."""
    web = web_of(request)
    link_account_as(web.tdkt.uow, me, member_id, body.username, web.now())


@router.delete(
    "/members/{member_id}/account", status_code=204, responses=ERRORS, dependencies=[Csrf]
)
def delete_member_account(
    member_id: Annotated[int, FastPath(ge=1, le=2**31 - 1)], request: Request, me: Me
) -> None:
    """Unlink a council member's account (secretariat); written to the council's event log."""
    web = web_of(request)
    unlink_account_as(web.tdkt.uow, me, member_id, web.now())


class AttendanceIn(BaseModel):
    member_id: int = Field(ge=1, le=2**31 - 1)
    presence: Literal["present", "substitute", "absent"]
    written_opinion: bool = False


@router.post("/sessions/{code}/attendance", status_code=204, responses=ERRORS, dependencies=[Csrf])
def post_attendance(code: str, body: AttendanceIn, request: Request, me: Me) -> None:
    """Record a member present, substituted or absent (secretariat)."""
    web = web_of(request)
    attend_as(
        web.tdkt.uow,
        me,
        code,
        body.member_id,
        body.presence,
        web.now(),
        written_opinion=body.written_opinion,
    )


class VoteIn(BaseModel):
    choice: Literal["yes", "no"]
    dossier_codes: list[Code] = Field(default_factory=list, max_length=500)
    award_code: Code | None = None


class VoteOut(BaseModel):
    recorded: int


@router.post(
    "/sessions/{code}/votes", response_model=VoteOut, responses=ERRORS, dependencies=[Csrf]
)
def post_vote(code: str, body: VoteIn, request: Request, me: MeInMove) -> VoteOut:
    """My vote as the council member I am, on some dossiers or on one award group."""
    web = web_of(request)
    n = vote_as(
        web.tdkt.uow,
        me,
        code,
        body.choice,
        web.now(),
        dossier_codes=body.dossier_codes,
        award_code=body.award_code,
    )
    return VoteOut(recorded=n)


class OutcomeOut(BaseModel):
    code: str
    award_code: str
    outcome: str
    reason: str
    yes: int
    no: int

    @classmethod
    def of(cls, o: ItemOutcome) -> OutcomeOut:
        return cls(**vars(o))


@router.post(
    "/sessions/{code}/groups/{award_code}/approve",
    response_model=list[OutcomeOut],
    responses=ERRORS,
    dependencies=[Csrf],
)
def post_approve_group(code: str, award_code: str, request: Request, me: Me) -> list[OutcomeOut]:
    """Decide every undecided dossier of one award group at once (chair)."""
    web = web_of(request)
    return [
        OutcomeOut.of(o)
        for o in approve_group_as(
            web.tdkt.uow, me, code, award_code, web.now(), policy_set=web.tdkt.policies
        )
    ]


class CloseIn(BaseModel):
    decision_no: str | None = Field(default=None, max_length=60)
    decision_date: date | None = None
    decision_signer: str | None = Field(default=None, max_length=200)
    resume: bool = Field(
        default=False, description="Tiếp tục một lần kết thúc phiên bị gián đoạn (đang kết thúc)"
    )


class CloseOut(BaseModel):
    code: str
    minutes_number: str
    outcomes: list[OutcomeOut]


@router.post(
    "/sessions/{code}/close", response_model=CloseOut, responses=ERRORS, dependencies=[Csrf]
)
def post_close(code: str, request: Request, me: Me, body: CloseIn | None = None) -> CloseOut:
    """Close the session: outcomes, dossier moves, minutes (chair)."""
    web = web_of(request)
    body = body or CloseIn()
    decision = None
    if body.decision_no:
        on = body.decision_date or web.today()
        decision = Decision(body.decision_no, on, body.decision_signer or me.full_name)
    closed = close_as(
        web.tdkt.uow,
        me,
        code,
        web.now(),
        decision=decision,
        policy_set=web.tdkt.policies,
        resume=body.resume,
    )
    outcomes = [OutcomeOut.of(o) for o in closed.outcomes]
    return CloseOut(code=closed.code, minutes_number=closed.minutes_number, outcomes=outcomes)


MINUTES = {**ERRORS, 200: {"content": {DOCX: {}}, "description": "Biên bản DOCX"}}


@router.get("/sessions/{code}/minutes", response_class=Response, responses=MINUTES)
def get_minutes(code: str, request: Request, me: Me) -> Response:
    """The minutes (biên bản) of a closed session as DOCX."""
    _number, data = minutes_as(web_of(request).tdkt.uow, me, code)
    headers = {"Content-Disposition": 'attachment; filename="bien-ban.docx"'}
    return Response(data, media_type=DOCX, headers=headers)
