"""Đăng ký thi đua: the round's registrations with their results, the form and the Excel upload
of a unit officer, withdrawing, the organiser's registration period, registered vs achieved
(screen and XLSX), and the matching API. The checks are in awards.services.registrations.desk."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from awards.errors import AwardsError, ImportFileError, ValidationError
from awards.services.nomination.imports import ImportResult
from awards.services.nomination.tabular import template_bytes
from awards.services.registrations.desk import (
    close_as,
    list_as,
    period_as,
    register_as,
    registering_units,
    report_as,
    set_period_as,
    upload_as,
)
from awards.services.registrations.register import NewRegistration
from awards.services.registrations.views import report_xlsx
from awards.services.rounds.admin import award_catalogue
from awards.services.rounds.views import round_codes
from awards.web.deps import ERRORS, XLSX, Csrf, Me, render, status_of, web_of
from awards.web.routes.round_pages import _day

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["registrations"])


def _round(request: Request, code: str) -> str:
    if code:
        return code
    codes = round_codes(web_of(request).tdkt.uow, newest_first=True)
    if not codes:
        raise ValidationError(
            "Chưa mở đợt thi đua nào; đơn vị tổ chức mở đợt ở màn hình Đợt thi đua."
        )
    return codes[0]


def _page(
    request: Request,
    me: Me,
    round_code: str,
    *,
    error: AwardsError | None = None,
    done: str = "",
    upload: ImportResult | None = None,
    problems: list[tuple[int, str, str]] | None = None,
) -> Response:
    web = web_of(request)
    uow = web.tdkt.uow
    return render(
        request,
        "registrations.html",
        status_of(error) if error else (422 if problems and upload is None else 200),
        me=me,
        round_code=round_code,
        rounds=round_codes(uow, newest_first=True),
        lines=list_as(uow, me, round_code),
        report=report_as(uow, me, round_code),
        period=period_as(uow, me, round_code),
        units=registering_units(uow, me, web.today()),
        awards=award_catalogue(uow),
        error=error,
        done=done,
        upload=upload,
        problems=problems or (upload.problems if upload else []),
    )


def _refusable(err: AwardsError) -> bool:
    return status_of(err) == 422


def _back(round_code: str, done: str) -> Response:
    return RedirectResponse(
        f"/registrations?round={quote(round_code)}&done={quote(done)}", status_code=303
    )


@router.get("/registrations")
def registrations_page(request: Request, me: Me, round: str = "", done: str = "") -> Response:
    return _page(request, me, _round(request, round), done=done)


@router.get("/registrations/template.{fmt}")
def registrations_template(me: Me, fmt: str) -> Response:
    kind = "csv" if fmt == "csv" else "xlsx"
    media = "text/csv; charset=utf-8" if kind == "csv" else XLSX
    headers = {"Content-Disposition": f'attachment; filename="mau-dang-ky-thi-dua.{kind}"'}
    return Response(template_bytes("registrations", kind), media_type=media, headers=headers)


@router.get("/registrations/report.xlsx")
def registrations_xlsx(request: Request, me: Me, round: str) -> Response:
    data = report_as(web_of(request).tdkt.uow, me, round)
    headers = {"Content-Disposition": f'attachment; filename="dang-ky-thi-dua-{round}.xlsx"'}
    return Response(report_xlsx(data), media_type=XLSX, headers=headers)


def _items(round_code: str, unit: str, award: str, kind: str, codes: str) -> list[NewRegistration]:
    wanted = [c.strip() for c in codes.replace(";", ",").replace("\n", ",").split(",") if c.strip()]
    if not wanted:
        raise ValidationError("Nhập ít nhất một mã đoàn viên hoặc mã tập thể để đăng ký.")
    if kind == "tap_the":
        return [NewRegistration(round_code, unit, award, collective_code=c) for c in wanted]
    return [NewRegistration(round_code, unit, award, person_code=c) for c in wanted]


@router.post("/registrations", dependencies=[Csrf])
def register_form(
    request: Request,
    me: Me,
    round_code: Annotated[str, Form()],
    unit: Annotated[str, Form()] = "",
    award: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "ca_nhan",
    codes: Annotated[str, Form()] = "",
) -> Response:
    web = web_of(request)
    try:
        ids = register_as(
            web.tdkt.uow, me, _items(round_code, unit.strip(), award, kind, codes), web.now()
        )
    except AwardsError as err:
        if not _refusable(err):
            raise
        return _page(request, me, round_code, error=err)
    return _back(round_code, f"Đã đăng ký {len(ids)} mục.")


@router.post("/registrations/upload", dependencies=[Csrf])
def upload_form(
    request: Request,
    me: Me,
    round_code: Annotated[str, Form()],
    file: Annotated[UploadFile, File()],
    valid_only: Annotated[bool, Form()] = False,
) -> Response:
    web = web_of(request)
    try:
        result = upload_as(
            web.tdkt.uow,
            me,
            filename=file.filename or "",
            stream=file.file,
            round_code=round_code,
            now=web.now(),
            valid_only=valid_only,
        )
    except ImportFileError as err:
        return _page(request, me, round_code, problems=err.problems, error=err)
    return _page(
        request, me, round_code, upload=result, done=f"Đã ghi {result.written} đăng ký từ tệp."
    )


@router.post("/registrations/{registration_id}/close", dependencies=[Csrf])
def close_form(
    request: Request,
    me: Me,
    registration_id: int,
    round_code: Annotated[str, Form()],
    status: Annotated[str, Form()] = "withdrawn",
    reason: Annotated[str, Form()] = "",
) -> Response:
    web = web_of(request)
    try:
        close_as(web.tdkt.uow, me, registration_id, status=status, reason=reason, now=web.now())
    except AwardsError as err:
        if not _refusable(err):
            raise
        return _page(request, me, round_code, error=err)
    what = "rút" if status == "withdrawn" else "ghi nhận không đạt"
    return _back(round_code, f"Đã {what} đăng ký số {registration_id}.")


@router.post("/registrations/period", dependencies=[Csrf])
def period_form(
    request: Request,
    me: Me,
    round_code: Annotated[str, Form()],
    starts_on: Annotated[str, Form()] = "",
    ends_on: Annotated[str, Form()] = "",
) -> Response:
    web = web_of(request)
    try:
        start, end = _day(starts_on, "Ngày bắt đầu"), _day(ends_on, "Hạn đăng ký")
        set_period_as(web.tdkt.uow, me, round_code, start, end, web.now())
    except AwardsError as err:
        if not _refusable(err):
            raise
        return _page(request, me, round_code, error=err)
    return _back(round_code, f"Đã đặt thời hạn đăng ký {start:%d/%m/%Y}–{end:%d/%m/%Y}.")


class RegistrationIn(BaseModel):
    round: str = Field(max_length=40)
    unit: str = Field(max_length=40, description="Mã đơn vị đăng ký")
    award: str = Field(max_length=40)
    persons: list[str] = Field(default_factory=list, max_length=500)
    collectives: list[str] = Field(default_factory=list, max_length=500)


def _line_json(x: Any) -> dict[str, Any]:
    return {
        "id": x.id,
        "unit": x.unit_code,
        "award": x.award_code,
        "nominee": x.nominee_code,
        "status": x.status,
        "outcome": x.outcome,
    }


@api.get("/registrations", responses=ERRORS)
def get_registrations(
    request: Request, me: Me, round: str, unit: str | None = None
) -> dict[str, Any]:
    """The round's registrations in the user's reach (of one unit and below with `unit`),
    each with its outcome."""
    lines = list_as(web_of(request).tdkt.uow, me, round, unit)
    return {"registrations": [_line_json(x) for x in lines]}


@api.post("/registrations", responses=ERRORS, dependencies=[Csrf])
def post_registrations(body: RegistrationIn, request: Request, me: Me) -> dict[str, Any]:
    """Register an award for persons and/or collectives of a unit (all or none)."""
    web = web_of(request)
    items = [
        NewRegistration(body.round, body.unit, body.award, person_code=p) for p in body.persons
    ]
    items += [
        NewRegistration(body.round, body.unit, body.award, collective_code=c)
        for c in body.collectives
    ]
    return {"ids": register_as(web.tdkt.uow, me, items, web.now())}
