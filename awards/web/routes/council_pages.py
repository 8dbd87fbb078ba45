"""Council session screens: the sessions of my level, a session's agenda, roll call and votes.

Thin routes over awards.services.council.desk (permission check, then the council service in
one transaction). A refused write re-renders the session page with the message in place and
the status of the error (409 for a double vote or a closed session), never a 500.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from awards.errors import AwardsError, ValidationError
from awards.services.accounts.access import Principal
from awards.services.council.accounts import link_account_as, unlink_account_as
from awards.services.council.closing import Decision
from awards.services.council.desk import (
    approve_group_as,
    attend_as,
    close_as,
    minutes_as,
    my_sessions,
    open_as,
    tally_as,
    tellers_as,
    vote_as,
)
from awards.services.council.page import session_page
from awards.services.council.voting import STATUS_LABEL
from awards.services.dossiers.inbox import unit_code_of
from awards.web.deps import DOCX, Csrf, Me, render, status_of, web_of

router = APIRouter(include_in_schema=False)


def _render(request: Request, name: str, status: int = 200, **ctx: object) -> Response:
    """A council page: the session status labels besides what every page gets."""
    return render(request, name, status, **ctx, status_labels=STATUS_LABEL)


def _sessions(request: Request, me: Principal, error: AwardsError | None = None) -> Response:
    web = web_of(request)
    found = my_sessions(web.tdkt.uow, me)
    prepares = [
        (unit_code_of(web.tdkt.uow, g.unit_id), g.unit_name)
        for g in me.grants
        if g.role == "secretariat"
    ]
    status = status_of(error) if error else 200
    return _render(
        request,
        "council_sessions.html",
        status,
        me=me,
        sessions=found,
        prepares=prepares,
        error=error,
        today=web.today(),
    )


@router.get("/council")
def council_home(request: Request, me: Me) -> Response:
    return _sessions(request, me)


@router.post("/council/sessions", dependencies=[Csrf])
def council_open(
    request: Request,
    me: Me,
    unit_code: Annotated[str, Form()] = "",
    round_code: Annotated[str, Form()] = "",
    held_on: Annotated[str, Form()] = "",
    location: Annotated[str, Form(max_length=300)] = "",
    start_time: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    web = web_of(request)
    try:
        opened = open_as(
            web.tdkt.uow,
            me,
            unit_code=unit_code.strip(),
            round_code=round_code.strip(),
            held_on=_day(held_on),
            now=web.now(),
            location=location.strip(),
            start_time=start_time.strip(),
            policy_set=web.tdkt.policies,
        )
    except AwardsError as err:
        return _sessions(request, me, err)
    return RedirectResponse(f"/council/sessions/{opened.code}", status_code=303)


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError(
            f"Ngày họp '{value}' không hợp lệ; chọn ngày trên lịch (năm-tháng-ngày)."
        ) from None


def _page(request: Request, me: Principal, code: str, error: AwardsError | None = None) -> Response:
    pg = session_page(web_of(request).tdkt.uow, me, code)
    status = status_of(error) if error else 200
    return _render(request, "council_session.html", status, me=me, pg=pg, error=error)


@router.get("/council/sessions/{code}")
def council_session(request: Request, me: Me, code: str) -> Response:
    return _page(request, me, code)


def _done(request: Request, me: Principal, code: str, work: Callable[[], object]) -> Response:
    """Run a write; on a refusal show the session again with the message in place."""
    try:
        work()
    except AwardsError as err:
        return _page(request, me, code, err)
    return RedirectResponse(f"/council/sessions/{code}", status_code=303)


@router.post("/council/sessions/{code}/members/{member_id}/account", dependencies=[Csrf])
def council_link(
    request: Request, me: Me, code: str, member_id: int, username: Annotated[str, Form()]
) -> Response:
    """The secretariat links a sign-in account to a member of the roll."""
    web = web_of(request)
    return _done(
        request,
        me,
        code,
        lambda: link_account_as(web.tdkt.uow, me, member_id, username, web.now()),
    )


@router.post("/council/sessions/{code}/members/{member_id}/account/unlink", dependencies=[Csrf])
def council_unlink(request: Request, me: Me, code: str, member_id: int) -> Response:
    """The secretariat removes a member's account link (written to the council's log)."""
    web = web_of(request)
    return _done(
        request, me, code, lambda: unlink_account_as(web.tdkt.uow, me, member_id, web.now())
    )


@router.post("/council/sessions/{code}/attendance", dependencies=[Csrf])
def council_attend(
    request: Request,
    me: Me,
    code: str,
    member_id: Annotated[int, Form()],
    presence: Annotated[Literal["present", "substitute", "absent"], Form()],
    written_opinion: Annotated[bool, Form()] = False,
) -> Response:
    web = web_of(request)
    return _done(
        request,
        me,
        code,
        lambda: attend_as(
            web.tdkt.uow, me, code, member_id, presence, web.now(), written_opinion=written_opinion
        ),
    )


@router.post("/council/sessions/{code}/votes", dependencies=[Csrf])
def council_vote(
    request: Request,
    me: Me,
    code: str,
    choice: Annotated[Literal["yes", "no"], Form()],
    dossier_code: Annotated[str, Form()] = "",
    award_code: Annotated[str, Form()] = "",
) -> Response:
    web = web_of(request)
    codes = [dossier_code.strip()] if dossier_code.strip() else []
    return _done(
        request,
        me,
        code,
        lambda: vote_as(
            web.tdkt.uow,
            me,
            code,
            choice,
            web.now(),
            dossier_codes=codes,
            award_code=award_code.strip() or None,
        ),
    )


@router.post("/council/sessions/{code}/groups/{award_code}/approve", dependencies=[Csrf])
def council_approve_group(request: Request, me: Me, code: str, award_code: str) -> Response:
    web = web_of(request)
    return _done(
        request,
        me,
        code,
        lambda: approve_group_as(
            web.tdkt.uow, me, code, award_code, web.now(), policy_set=web.tdkt.policies
        ),
    )


@router.post("/council/sessions/{code}/close", dependencies=[Csrf])
def council_close(
    request: Request,
    me: Me,
    code: str,
    decision_no: Annotated[str, Form()] = "",
    decision_signer: Annotated[str, Form()] = "",
    resume: Annotated[bool, Form()] = False,
) -> Response:
    web = web_of(request)
    decision = None
    if decision_no.strip():
        signer = decision_signer.strip() or me.full_name
        decision = Decision(decision_no.strip(), web.today(), signer)
    return _done(
        request,
        me,
        code,
        lambda: close_as(
            web.tdkt.uow,
            me,
            code,
            web.now(),
            decision=decision,
            policy_set=web.tdkt.policies,
            resume=resume,
        ),
    )


@router.post("/council/sessions/{code}/tellers", dependencies=[Csrf])
def council_tellers(
    request: Request, me: Me, code: str, names: Annotated[str, Form(max_length=800)]
) -> Response:
    """The Ban kiểm phiếu, one name a line, Trưởng ban first."""
    web = web_of(request)
    lines = names.splitlines()
    return _done(request, me, code, lambda: tellers_as(web.tdkt.uow, me, code, lines, web.now()))


@router.get("/council/sessions/{code}/tally.docx")
def council_tally(request: Request, me: Me, code: str) -> Response:
    data = tally_as(web_of(request).tdkt.uow, me, code)
    headers = {"Content-Disposition": f'attachment; filename="bien-ban-kiem-phieu-{code}.docx"'}
    return Response(data, media_type=DOCX, headers=headers)


@router.get("/council/sessions/{code}/minutes.docx")
def council_minutes(request: Request, me: Me, code: str) -> Response:
    number, data = minutes_as(web_of(request).tdkt.uow, me, code)
    del number  # written inside the document; the file is named after the session
    headers = {"Content-Disposition": f'attachment; filename="bien-ban-{code}.docx"'}
    return Response(data, media_type=DOCX, headers=headers)
