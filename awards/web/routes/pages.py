"""HTML pages: thin routes that call services and render Jinja2 templates (autoescaped)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Path, Request, UploadFile
from fastapi.responses import FileResponse, RedirectResponse, Response

from awards.errors import AwardsError, ConflictError, DeadlineError, TransitionNotAllowed
from awards.services.accounts.access import Principal
from awards.services.accounts.saved_filters import (
    SCREENS,
    clean_query,
    delete_filter,
    my_filters,
    save_filter,
)
from awards.services.accounts.users import authenticate
from awards.services.audit.trail import AuditFilter, audit_page
from awards.services.council.invitations import my_invitations
from awards.services.dossiers.attachments import add_attachment, open_attachment
from awards.services.dossiers.bulk import BulkInput, act_many, bulk_moves
from awards.services.dossiers.correction import Correction, correct_dossier
from awards.services.dossiers.forms import achievement_docx_as
from awards.services.dossiers.inbox import board, inbox, list_dossiers
from awards.services.dossiers.objections import record_objection, resolve_objection
from awards.services.dossiers.page import MoveInput, act, dossier_page
from awards.services.dossiers.pickers import ORDERS, list_choices
from awards.services.nomination.form import FormErrors, choices, nominate_as
from awards.services.nomination.nominate import Nomination
from awards.web.deps import (
    DOCX,
    Csrf,
    DossierFilterDep,
    Me,
    home_unit,
    opt,
    render,
    status_of,
    web_of,
)
from awards.web.security import client_address, sign_in, sign_out
from states import Trigger

router = APIRouter(include_in_schema=False)


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", next=_safe_next(next), error=None, username="")


@router.post("/login", dependencies=[Csrf])
def login(
    request: Request,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    web = web_of(request)
    try:
        uid = authenticate(
            web.tdkt.uow, username, password, client=client_address(request), now=web.now()
        )
    except AwardsError as err:
        return render(
            request, "login.html", 401, next=_safe_next(next), error=err, username=username
        )
    sign_in(request, uid)
    return RedirectResponse(_safe_next(next), status_code=303)


def _safe_next(target: str) -> str:
    """Only local paths: never redirect a user off the site after signing in."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


@router.post("/logout", dependencies=[Csrf])
def logout(request: Request) -> Response:
    sign_out(request)
    return RedirectResponse("/login", status_code=303)


@router.get("/")
def home(
    request: Request, me: Me, page: int = 1, state: str | None = None, sort: str = "due"
) -> Response:
    web = web_of(request)
    box = inbox(
        web.tdkt.uow, me, today=web.today(), page=page, state=opt(state), order=sort or "due"
    )
    invited = my_invitations(web.tdkt.uow, me)
    ctx: dict[str, Any] = {"orders": ORDERS, "bulk": bulk_moves(me), "invited": invited}
    ctx |= _saved(request, me, "inbox")
    return render(request, "inbox.html", me=me, box=box, **ctx)


@router.get("/dossiers")
def dossiers(request: Request, me: Me, flt: DossierFilterDep, page: int = 1) -> Response:
    web = web_of(request)
    found = list_dossiers(web.tdkt.uow, me, flt, today=web.today(), page=page)
    picks = list_choices(web.tdkt.uow, me, today=web.today())
    return render(
        request,
        "dossiers.html",
        me=me,
        page=found,
        flt=flt,
        picks=picks,
        orders=ORDERS,
        bulk=bulk_moves(me),
        **_saved(request, me, "dossiers"),
    )


def _saved(request: Request, me: Principal, screen: str) -> dict[str, Any]:
    """The account's saved filters of the screen, and the screen's filter as it would be saved."""
    web = web_of(request)
    query = clean_query(screen, request.url.query)
    return {"saved": my_filters(web.tdkt.uow, me, screen), "query": query}


@router.post("/filters", dependencies=[Csrf])
def filter_save(
    request: Request,
    me: Me,
    screen: Annotated[str, Form()],
    name: Annotated[str, Form()],
    query: Annotated[str, Form()] = "",
) -> Response:
    web = web_of(request)
    saved = save_filter(web.tdkt.uow, me, screen, name, query, now=web.now())
    return RedirectResponse(saved.url, status_code=303)


@router.post("/filters/{filter_id}/delete", dependencies=[Csrf])
def filter_delete(
    request: Request, me: Me, filter_id: Annotated[int, Path(ge=1, le=2**31 - 1)]
) -> Response:
    gone = delete_filter(web_of(request).tdkt.uow, me, filter_id)
    return RedirectResponse(SCREENS[gone.screen][0], status_code=303)


@router.get("/rounds/{round_code}/board")
def round_board(request: Request, me: Me, round_code: str, unit: str | None = None) -> Response:
    web = web_of(request)
    unit_code = unit or home_unit(web, me)
    b = board(web.tdkt.uow, me, round_code, unit_code, today=web.today())
    return render(request, "board.html", me=me, board=b)


@router.post("/dossiers/bulk", dependencies=[Csrf])
def dossiers_bulk(
    request: Request,
    me: Me,
    trigger: Annotated[str, Form()],
    codes: Annotated[list[str] | None, Form()] = None,
    reason: Annotated[str, Form()] = "",
    due_on: Annotated[str, Form()] = "",
    back: Annotated[str, Form()] = "/",
) -> Response:
    """One move over the ticked dossiers of a list; the page shows each dossier's outcome."""
    web = web_of(request)
    inp = BulkInput(trigger, codes or [], reason, _date(due_on))
    try:
        outcomes = act_many(web.tdkt.uow, me, inp, now=web.now())
    except AwardsError as err:
        if status_of(err) != 422:
            raise
        return render(request, "bulk_result.html", 422, me=me, error=err, back=_safe_next(back))
    return render(
        request,
        "bulk_result.html",
        me=me,
        outcomes=outcomes,
        label=Trigger(trigger).label,
        back=_safe_next(back),
    )


@router.get("/dossiers/{code}")
def dossier(request: Request, me: Me, code: str) -> Response:
    return _dossier(request, me, code)


def _dossier(
    request: Request, me: Principal, code: str, *, error: AwardsError | None = None
) -> Response:
    web = web_of(request)
    pg = dossier_page(web.tdkt.uow, me, code, today=web.today())
    status = status_of(error) if error else 200
    return render(request, "dossier.html", status, me=me, pg=pg, error=error, today=web.today())


@router.post("/dossiers/{code}/moves", dependencies=[Csrf])
def dossier_move(
    request: Request,
    me: Me,
    code: str,
    trigger: Annotated[str, Form()],
    expected_version: Annotated[int, Form()],
    reason: Annotated[str, Form()] = "",
    due_on: Annotated[str, Form()] = "",
    decision_no: Annotated[str, Form()] = "",
    decision_signer: Annotated[str, Form()] = "",
) -> Response:
    web = web_of(request)
    inp = MoveInput(
        trigger=trigger,
        expected_version=expected_version,
        reason=reason,
        due_on=_date(due_on),
        decision_no=opt(decision_no),
        decision_signer=opt(decision_signer),
    )
    try:
        act(web.tdkt.uow, me, code, inp, now=web.now())
    except (ConflictError, TransitionNotAllowed, DeadlineError) as err:
        return _dossier(request, me, code, error=err)
    except AwardsError as err:
        if status_of(err) != 422:
            raise
        return _dossier(request, me, code, error=err)
    return RedirectResponse(f"/dossiers/{code}", status_code=303)


@router.post("/dossiers/{code}/correction", dependencies=[Csrf])
def dossier_correct(
    request: Request,
    me: Me,
    code: str,
    expected_version: Annotated[int, Form()],
    achievement_summary: Annotated[str, Form()] = "",
    position: Annotated[str | None, Form()] = None,
    is_direct_worker: Annotated[str, Form()] = "",
    holds_leadership_post: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    web = web_of(request)
    fix = Correction(
        achievement_summary=achievement_summary,
        position=position,
        is_direct_worker=_yes_no(is_direct_worker),
        holds_leadership_post=_yes_no(holds_leadership_post),
        note=note,
        expected_version=expected_version,
    )
    try:
        correct_dossier(web.tdkt.uow, me, code, fix, now=web.now())
    except AwardsError as err:
        if status_of(err) not in (409, 422):
            raise
        return _dossier(request, me, code, error=err)
    return RedirectResponse(f"/dossiers/{code}#h-versions", status_code=303)


def _yes_no(value: str) -> bool | None:
    # The form's Có / Không; absent (a tập thể has none of these facts) leaves the fact alone.
    return {"1": True, "0": False}.get(value)


def _date(value: str) -> date | None:
    from awards.errors import ValidationError

    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError(f"Ngày '{value}' không hợp lệ; dùng dạng năm-tháng-ngày.") from None


@router.post("/dossiers/{code}/attachments", dependencies=[Csrf])
async def dossier_attach(
    request: Request,
    me: Me,
    code: str,
    kind: Annotated[str, Form()],
    file: Annotated[UploadFile, File()],
) -> Response:
    web = web_of(request)
    try:
        add_attachment(
            web.tdkt.uow,
            me,
            code,
            kind=kind,
            filename=file.filename or "",
            stream=file.file,
            folder=web.tdkt.settings.data_dir / "attachments",
            now=web.now(),
        )
    except AwardsError as err:
        if status_of(err) not in (409, 422):
            raise
        return _dossier(request, me, code, error=err)
    return RedirectResponse(f"/dossiers/{code}", status_code=303)


@router.post("/dossiers/{code}/objections", dependencies=[Csrf])
def dossier_objection(
    request: Request,
    me: Me,
    code: str,
    author: Annotated[str, Form()] = "",
    content: Annotated[str, Form()] = "",
    received_on: Annotated[str, Form()] = "",
) -> Response:
    """The secretariat records an objection received during công khai (issue 17)."""
    web = web_of(request)
    try:
        record_objection(
            web.tdkt.uow,
            me,
            code,
            author=author,
            content=content,
            received_on=_date(received_on) or web.today(),
            now=web.now(),
        )
    except AwardsError as err:
        if status_of(err) not in (409, 422):
            raise
        return _dossier(request, me, code, error=err)
    return RedirectResponse(f"/dossiers/{code}#y-kien", status_code=303)


@router.post("/dossiers/{code}/objections/{objection_id}/outcome", dependencies=[Csrf])
def dossier_objection_outcome(
    request: Request,
    me: Me,
    code: str,
    objection_id: int,
    outcome: Annotated[str, Form()] = "",
) -> Response:
    web = web_of(request)
    try:
        resolve_objection(web.tdkt.uow, me, objection_id, outcome=outcome, now=web.now())
    except AwardsError as err:
        if status_of(err) not in (409, 422):
            raise
        return _dossier(request, me, code, error=err)
    return RedirectResponse(f"/dossiers/{code}#y-kien", status_code=303)


@router.get("/dossiers/{code}/bao-cao-thanh-tich.docx")
def dossier_achievement_form(request: Request, me: Me, code: str) -> Response:
    """The báo cáo thành tích form, pre-filled with the nominee's facts."""
    web = web_of(request)
    name, data = achievement_docx_as(web.tdkt.uow, web.tdkt.settings, me, code, web.today())
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(data, media_type=DOCX, headers=headers)


@router.get("/dossiers/{code}/attachments/{attachment_id}")
def dossier_file(
    request: Request, me: Me, code: str, attachment_id: int, inline: bool = False
) -> Response:
    """A dossier's file for whoever may view the dossier; PDF and images can show inline."""
    web = web_of(request)
    f = open_attachment(
        web.tdkt.uow,
        me,
        code,
        attachment_id,
        folder=web.tdkt.settings.data_dir / "attachments",
        today=web.today(),
    )
    show = inline and f.inline
    return FileResponse(
        f.path,
        media_type=f.media_type,
        filename=f.filename,
        content_disposition_type="inline" if show else "attachment",
        # the dossier page frames its own PDFs; nothing else may, and no script runs in them
        headers={
            "Content-Security-Policy": "default-src 'self'; frame-ancestors 'self'",
            "Cache-Control": "private, no-store",
        },
    )


@router.get("/nominate")
def nominate_form(request: Request, me: Me) -> Response:
    web = web_of(request)
    opts = choices(web.tdkt.uow, me, web.today())
    return render(request, "nominate.html", me=me, opts=opts, form={}, errors={})


@router.post("/nominate", dependencies=[Csrf])
def nominate_post(
    request: Request,
    me: Me,
    round_code: Annotated[str, Form()] = "",
    award_code: Annotated[str, Form()] = "",
    nominating_unit_code: Annotated[str, Form()] = "",
    person_code: Annotated[str, Form()] = "",
    nominee_unit_code: Annotated[str, Form()] = "",
    achievement_summary: Annotated[str, Form()] = "",
) -> Response:
    web = web_of(request)
    form = {
        "round_code": round_code,
        "award_code": award_code,
        "nominating_unit_code": nominating_unit_code,
        "person_code": person_code.strip(),
        "nominee_unit_code": nominee_unit_code.strip(),
        "achievement_summary": achievement_summary,
    }
    nom = Nomination(
        round_code=round_code,
        award_code=award_code,
        nominating_unit_code=nominating_unit_code,
        person_code=opt(person_code),
        nominee_unit_code=opt(nominee_unit_code),
        achievement_summary=achievement_summary.strip(),
    )
    try:
        code = nominate_as(web.tdkt.uow, me, nom, now=web.now())
    except FormErrors as err:
        opts = choices(web.tdkt.uow, me, web.today())
        return render(request, "nominate.html", 422, me=me, opts=opts, form=form, errors=err.fields)
    return RedirectResponse(f"/dossiers/{code}", status_code=303)


@router.get("/audit")
def audit(
    request: Request,
    me: Me,
    dossier: str | None = None,
    actor: str | None = None,
    trigger: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    page: int = 1,
) -> Response:
    web = web_of(request)
    flt = AuditFilter(
        opt(dossier), opt(actor), opt(trigger), _date(date_from or ""), _date(date_to or "")
    )
    found = audit_page(web.tdkt.uow, me, flt, tz=web.tdkt.settings.tz, page=page)
    return render(request, "audit.html", me=me, page=found, flt=flt)
