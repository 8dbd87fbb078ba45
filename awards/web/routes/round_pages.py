"""The organising secretariat's screen: rounds listed, opened, extended (gia hạn) and closed.

Thin: parse the form, call awards.services.rounds.desk (which checks Action.manage_rounds on
the round's organiser), show the service's message on a refusal.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from awards.errors import AwardsError, ValidationError
from awards.services.nomination.imports import parse_day
from awards.services.rounds.admin import (
    DeadlineChange,
    Extension,
    NewRound,
    Phase,
    award_catalogue,
    mail_summary,
)
from awards.services.rounds.desk import (
    change_deadlines_as,
    close_round_as,
    extend_as,
    open_round_as,
    organiser_codes,
    round_desk,
    rounds_desk,
)
from awards.web.deps import Csrf, Me, render, status_of, web_of

router = APIRouter(include_in_schema=False)


def _day(text: str, what: str) -> date:
    try:
        return parse_day(text)
    except ValueError:
        raise ValidationError(
            f"{what} '{text}' không đọc được; chọn ngày hoặc viết dạng dd/mm/yyyy."
        ) from None


def _list_page(
    request: Request, me: Me, *, error: AwardsError | None = None, done: str = ""
) -> Response:
    web = web_of(request)
    return render(
        request,
        "rounds.html",
        status_of(error) if error else 200,
        me=me,
        rounds=rounds_desk(web.tdkt.uow, me),
        organisers=organiser_codes(web.tdkt.uow, me),
        awards=award_catalogue(web.tdkt.uow),
        today=web.today(),
        error=error,
        done=done,
    )


def _round_page(
    request: Request, me: Me, code: str, *, error: AwardsError | None = None, done: str = ""
) -> Response:
    web = web_of(request)
    return render(
        request,
        "round.html",
        status_of(error) if error else 200,
        me=me,
        v=round_desk(web.tdkt.uow, me, code),
        today=web.today(),
        error=error,
        done=done,
    )


def _refused(err: AwardsError) -> bool:
    """Input the user can fix is shown on the page; anything else goes to the error page."""
    return status_of(err) == 422


@router.get("/rounds")
def rounds(request: Request, me: Me, done: str = "") -> Response:
    return _list_page(request, me, done=done)


@router.post("/rounds", dependencies=[Csrf])
def open_form(
    request: Request,
    me: Me,
    code: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    organiser: Annotated[str, Form()] = "",
    movement_code: Annotated[str, Form()] = "LDG-LDST",
    movement_name: Annotated[str, Form()] = "Lao động giỏi, Lao động sáng tạo",
    opens_on: Annotated[str, Form()] = "",
    deadline: Annotated[str, Form()] = "",
    closes_on: Annotated[str, Form()] = "",
    registration: Annotated[bool, Form()] = False,
    awards: Annotated[list[str] | None, Form()] = None,
    deadline_4: Annotated[str, Form()] = "",
    deadline_3: Annotated[str, Form()] = "",
    deadline_2: Annotated[str, Form()] = "",
    phase_name: Annotated[list[str] | None, Form()] = None,
    phase_from: Annotated[list[str] | None, Form()] = None,
    phase_to: Annotated[list[str] | None, Form()] = None,
) -> Response:
    web = web_of(request)
    try:
        due = _day(deadline, "Hạn nộp")
        levels = {
            level: _day(text, f"Hạn nộp của cấp {level}")
            for level, text in ((4, deadline_4), (3, deadline_3), (2, deadline_2))
            if text.strip()
        }
        phases = [
            Phase(n.strip(), _day(a, f"Ngày bắt đầu {n}"), _day(b, f"Ngày kết thúc {n}"))
            for n, a, b in zip(phase_name or [], phase_from or [], phase_to or [], strict=False)
            if n.strip()
        ]
        new = NewRound(
            code=code.strip(),
            name=name.strip(),
            movement_code=movement_code.strip(),
            movement_name=movement_name.strip(),
            organiser_code=organiser.strip(),
            year=due.year,
            opens_on=_day(opens_on, "Ngày mở") if opens_on else date(due.year, 1, 1),
            closes_on=_day(closes_on, "Ngày kết thúc") if closes_on else date(due.year, 12, 31),
            submission_deadline=due,
            phases=phases,
            admitted_awards=awards or [],
            level_deadlines=levels,
            registration_required=registration,
        )
        if not new.code or not new.name:
            raise ValidationError("Nhập mã đợt và tên đợt.")
        open_round_as(web.tdkt.uow, me, new, web.now())
    except AwardsError as err:
        if not _refused(err):
            raise
        return _list_page(request, me, error=err)
    return RedirectResponse(
        f"/rounds?done={quote(f'Đã mở đợt {new.code}, hạn nộp {due:%d/%m/%Y}.')}", status_code=303
    )


@router.get("/rounds/{code}")
def round_view(request: Request, me: Me, code: str, done: str = "") -> Response:
    return _round_page(request, me, code, done=done)


@router.post("/rounds/{code}/extensions", dependencies=[Csrf])
def extend_form(
    request: Request,
    me: Me,
    code: str,
    new_deadline: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
    unit: Annotated[str, Form()] = "",
) -> Response:
    web = web_of(request)
    try:
        day = _day(new_deadline, "Ngày gia hạn")
        ext = Extension(day, reason, unit.strip() or None)
        granted = extend_as(web.tdkt.uow, me, code, ext, now=web.now(), today=web.today())
    except AwardsError as err:
        if not _refused(err):
            raise
        return _round_page(request, me, code, error=err)
    who = f"đơn vị {unit.strip()}" if unit.strip() else "mọi đơn vị"
    done = f"Đã gia hạn cho {who} đến {day:%d/%m/%Y}. {mail_summary(granted)}"
    return RedirectResponse(f"/rounds/{quote(code)}?done={quote(done)}", status_code=303)


@router.post("/rounds/{code}/close", dependencies=[Csrf])
def close_form(
    request: Request, me: Me, code: str, last_day: Annotated[str, Form()] = ""
) -> Response:
    web = web_of(request)
    try:
        day = _day(last_day, "Ngày cuối nhận hồ sơ") if last_day else web.today()
        close_round_as(web.tdkt.uow, me, code, on=day, now=web.now())
    except AwardsError as err:
        if not _refused(err):
            raise
        return _round_page(request, me, code, error=err)
    done = f"Đã đóng đợt {code}: nhận hồ sơ đến hết {day:%d/%m/%Y}."
    return RedirectResponse(f"/rounds/{quote(code)}?done={quote(done)}", status_code=303)


@router.post("/rounds/{code}/deadlines", dependencies=[Csrf])
def deadlines_form(
    request: Request,
    me: Me,
    code: str,
    deadline: Annotated[str, Form()] = "",
    closes_on: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
) -> Response:
    web = web_of(request)
    try:
        change = DeadlineChange(
            submission_deadline=_day(deadline, "Hạn nộp") if deadline else None,
            closes_on=_day(closes_on, "Ngày kết thúc") if closes_on else None,
            reason=reason,
        )
        rnd = change_deadlines_as(web.tdkt.uow, me, code, change, now=web.now(), today=web.today())
    except AwardsError as err:
        if not _refused(err):
            raise
        return _round_page(request, me, code, error=err)
    done = (
        f"Đã đổi hạn: hạn nộp {rnd.submission_deadline:%d/%m/%Y}, kết thúc "
        f"{rnd.closes_on:%d/%m/%Y}; hồ sơ chưa nộp theo hạn mới."
    )
    return RedirectResponse(f"/rounds/{quote(code)}?done={quote(done)}", status_code=303)
