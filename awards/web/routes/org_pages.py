"""The organisation screen (/org) and the members screen (/org/members).

Thin: parse the form, call awards.services.org.desk (which checks manage_org on the unit changed
and the unit it goes to, manage_members on the member's unit), show the service's message on a
refusal; an upload's row problems are shown in place (422), a dry run lists what would change.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from awards.errors import AwardsError, ImportFileError, ValidationError
from awards.services.nomination.imports import parse_day
from awards.services.org import desk
from awards.services.org.imports import units_template
from awards.services.org.members import members_template
from awards.services.org.units import NewUnit
from awards.web.deps import XLSX, Csrf, Me, render, status_of, web_of

router = APIRouter(include_in_schema=False)


def _day(text: str, what: str = "Ngày hiệu lực") -> date:
    try:
        return parse_day(text)
    except ValueError:
        raise ValidationError(
            f"{what} '{text}' không đọc được; chọn ngày hoặc viết dạng dd/mm/yyyy."
        ) from None


def _file(data: bytes, name: str, fmt: str) -> Response:
    kind = "csv" if fmt == "csv" else "xlsx"
    media = "text/csv; charset=utf-8" if kind == "csv" else XLSX
    headers = {"Content-Disposition": f'attachment; filename="{name}.{kind}"'}
    return Response(data, media_type=media, headers=headers)


@router.get("/org/template.{fmt}")
def units_file(request: Request, me: Me, fmt: str) -> Response:
    return _file(units_template("csv" if fmt == "csv" else "xlsx"), "mau-to-chuc", fmt)


@router.get("/org/members/template.{fmt}")
def members_file(request: Request, me: Me, fmt: str) -> Response:
    return _file(members_template("csv" if fmt == "csv" else "xlsx"), "mau-doan-vien", fmt)


def _org_page(
    request: Request,
    me: Me,
    *,
    q: str = "",
    unit: str = "",
    on: str = "",
    error: AwardsError | None = None,
    done: str = "",
    status: int | None = None,
    **ctx: Any,
) -> Response:
    web = web_of(request)
    day = _day(on, "Ngày xem") if on else web.today()
    page = desk.unit_page(web.tdkt.uow, me, unit, day) if unit else None
    return render(
        request,
        "org.html",
        status or (status_of(error) if error else 200),
        me=me,
        q=q,
        on=day,
        today=web.today(),
        results=desk.search_units(web.tdkt.uow, me, q, day),
        page=page,
        kinds=desk.kinds(web.tdkt.uow),
        error=error,
        done=done,
        **ctx,
    )


@router.get("/org")
def org(
    request: Request, me: Me, q: str = "", unit: str = "", on: str = "", done: str = ""
) -> Response:
    return _org_page(request, me, q=q, unit=unit, on=on, done=done)


def _refused(err: AwardsError) -> bool:
    return status_of(err) == 422


def _back(code: str, done: str) -> Response:
    return RedirectResponse(f"/org?unit={quote(code)}&done={quote(done)}", status_code=303)


@router.post("/org/units", dependencies=[Csrf])
def add_form(
    request: Request,
    me: Me,
    code: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "",
    parent: Annotated[str, Form()] = "",
    sector: Annotated[str, Form()] = "",
    place: Annotated[str, Form()] = "",
    email: Annotated[str, Form()] = "",
    valid_from: Annotated[str, Form()] = "",
) -> Response:
    web = web_of(request)
    try:
        new = NewUnit(
            code.strip(),
            name.strip(),
            kind.strip(),
            parent.strip() or None,
            sector=sector.strip() or None,
            email=email.strip() or None,
            place=place.strip() or None,
        )
        on = _day(valid_from)
        desk.add_as(web.tdkt.uow, me, new, on=on, now=web.now())
    except AwardsError as err:
        if not _refused(err):
            raise
        return _org_page(request, me, unit=parent.strip(), error=err)
    return _back(new.code, f"Đã thành lập {new.name} ({new.code}) từ ngày {on:%d/%m/%Y}.")


@router.post("/org/units/{code}/{change}", dependencies=[Csrf])
def change_form(
    request: Request,
    me: Me,
    code: str,
    change: str,
    valid_from: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    parent: Annotated[str, Form()] = "",
    into: Annotated[str, Form()] = "",
    confirm: Annotated[bool, Form()] = False,
) -> Response:
    web = web_of(request)
    uow, now = web.tdkt.uow, web.now()
    try:
        on = _day(valid_from)
        if change == "rename":
            desk.rename_as(uow, me, code, name, on=on, now=now)
            done = f"Từ ngày {on:%d/%m/%Y}, {code} mang tên {name.strip()}."
        elif change == "move":
            desk.move_as(uow, me, code, parent.strip(), on=on, now=now)
            done = f"Từ ngày {on:%d/%m/%Y}, {code} trực thuộc {parent.strip()}."
        elif change == "merge":
            moved = desk.merge_as(uow, me, code, into.strip(), on=on, now=now, confirm=confirm)
            done = (
                f"Từ ngày {on:%d/%m/%Y}, {code} hợp nhất vào {into.strip()}; "
                f"chuyển {moved} đoàn viên."
            )
        elif change == "close":
            desk.close_as(uow, me, code, on=on, now=now, confirm=confirm)
            done = f"Đã giải thể {code} từ ngày {on:%d/%m/%Y}."
        else:
            raise ValidationError(f"Không có thao tác '{change}'.")
    except AwardsError as err:
        if not _refused(err):
            raise
        return _org_page(request, me, unit=code, error=err)
    return _back(code, done)


@router.post("/org/import", dependencies=[Csrf])
async def import_form(
    request: Request,
    me: Me,
    file: Annotated[UploadFile, File()],
    valid_from: Annotated[str, Form()] = "",
    dry_run: Annotated[bool, Form()] = False,
) -> Response:
    web = web_of(request)
    try:
        result = desk.import_units_upload_as(
            web.tdkt.uow,
            me,
            filename=file.filename or "",
            stream=file.file,
            now=web.now(),
            default_day=_day(valid_from) if valid_from else None,
            dry_run=dry_run,
            max_rows=web.tdkt.settings.org_import_max_rows,
        )
    except ImportFileError as err:
        return _org_page(request, me, status=422, upload_problems=err.problems)
    except AwardsError as err:
        if not _refused(err):
            raise
        return _org_page(request, me, error=err)
    return _org_page(request, me, upload_result=result)


# -- members ---------------------------------------------------------------------------------


def _members_page(
    request: Request,
    me: Me,
    *,
    q: str = "",
    code: str = "",
    error: AwardsError | None = None,
    done: str = "",
    status: int | None = None,
    **ctx: Any,
) -> Response:
    web = web_of(request)
    return render(
        request,
        "members.html",
        status or (status_of(error) if error else 200),
        me=me,
        q=q,
        results=desk.search_members(web.tdkt.uow, me, q),
        member=desk.member_page(web.tdkt.uow, me, code) if code else None,
        error=error,
        done=done,
        **ctx,
    )


@router.get("/org/members")
def members(request: Request, me: Me, q: str = "", code: str = "", done: str = "") -> Response:
    return _members_page(request, me, q=q, code=code, done=done)


@router.post("/org/members/import", dependencies=[Csrf])
async def members_import(
    request: Request,
    me: Me,
    file: Annotated[UploadFile, File()],
    dry_run: Annotated[bool, Form()] = False,
) -> Response:
    web = web_of(request)
    try:
        result = desk.import_members_upload_as(
            web.tdkt.uow,
            me,
            filename=file.filename or "",
            stream=file.file,
            now=web.now(),
            dry_run=dry_run,
            max_rows=web.tdkt.settings.org_import_max_rows,
        )
    except ImportFileError as err:
        return _members_page(request, me, status=422, upload_problems=err.problems)
    return _members_page(request, me, upload_result=result)


@router.post("/org/members/{code}", dependencies=[Csrf])
def member_form(
    request: Request,
    me: Me,
    code: str,
    unit: Annotated[str, Form()] = "",
    position: Annotated[str, Form()] = "",
    direct: Annotated[str, Form()] = "",
    leader: Annotated[str, Form()] = "",
    year: Annotated[str, Form()] = "",
    rating: Annotated[str, Form()] = "",
) -> Response:
    web = web_of(request)
    cells = {
        "unit": unit,
        "position": position,
        "direct": direct,
        "leader": leader,
        "year": year,
        "rating": rating,
    }
    try:
        result = desk.update_member_as(web.tdkt.uow, me, code, cells, now=web.now())
    except AwardsError as err:
        if not _refused(err):
            raise
        return _members_page(request, me, code=code, error=err)
    done = "; ".join(f"{c.what}: {c.detail}" for c in result.changes) or "Không có gì thay đổi."
    return RedirectResponse(f"/org/members?code={quote(code)}&done={quote(done)}", status_code=303)
