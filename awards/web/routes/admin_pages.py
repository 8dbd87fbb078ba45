"""User management for administrators: accounts of the units in reach, create one with a role,
disable or enable it, reset its password. Every form carries the CSRF token."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from awards.errors import AwardsError, PermissionDenied
from awards.permissions import ROLE_LABELS, Action
from awards.services.accounts.access import Principal
from awards.services.accounts.admin import (
    create_user_as,
    manageable_units,
    reset_password_as,
    set_active_as,
)
from awards.services.accounts.users import NewUser, users_below
from awards.web.deps import Csrf, Me, Web, render, status_of, web_of

router = APIRouter(include_in_schema=False)


def _page(
    request: Request, me: Principal, unit: str, *, error: AwardsError | None = None, done: str = ""
) -> Response:
    web = web_of(request)
    if me.reach(Action.manage_users) == set():
        raise PermissionDenied(
            f"Tài khoản {me.username} không có quyền {Action.manage_users.label}: "
            "cần vai trò Quản trị."
        )
    units = manageable_units(web.tdkt.uow, me)
    unit = unit or _first_grant_unit(web, me) or (units[0] if units else "")
    users = users_below(web.tdkt.uow, me, unit, on=web.today())
    status = status_of(error) if error else 200
    return render(
        request,
        "admin_users.html",
        status,
        me=me,
        unit=unit,
        units=units,
        users=users,
        roles=ROLE_LABELS,
        error=error,
        done=done,
    )


def _first_grant_unit(web: Web, me: Principal) -> str:
    from awards.services.dossiers.inbox import unit_code_of

    for g in me.grants:
        if me.may(Action.manage_users, [g.unit_id]):
            return unit_code_of(web.tdkt.uow, g.unit_id)
    return ""


@router.get("/admin/users")
def users(request: Request, me: Me, unit: str = "", done: str = "") -> Response:
    return _page(request, me, unit, done=done)


def _back(unit: str, done: str) -> Response:
    return RedirectResponse(f"/admin/users?unit={quote(unit)}&done={quote(done)}", status_code=303)


def _refused(request: Request, me: Principal, unit: str, err: AwardsError) -> Response:
    if status_of(err) != 422:
        raise err
    return _page(request, me, unit, error=err)


@router.post("/admin/users", dependencies=[Csrf])
def create(
    request: Request,
    me: Me,
    username: Annotated[str, Form()] = "",
    full_name: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "",
    unit: Annotated[str, Form()] = "",
    email: Annotated[str, Form()] = "",
) -> Response:
    new = NewUser(username, full_name, password, email.strip() or None)
    try:
        create_user_as(web_of(request).tdkt.uow, me, new, role, unit)
    except AwardsError as err:
        return _refused(request, me, unit, err)
    return _back(unit, f"Đã tạo tài khoản {username.strip().lower()}.")


@router.post("/admin/users/{username}/active", dependencies=[Csrf])
def set_active(
    request: Request,
    me: Me,
    username: str,
    active: Annotated[bool, Form()],
    unit: Annotated[str, Form()] = "",
) -> Response:
    try:
        set_active_as(web_of(request).tdkt.uow, me, username, active)
    except AwardsError as err:
        return _refused(request, me, unit, err)
    word = "mở lại" if active else "khóa"
    return _back(unit, f"Đã {word} tài khoản {username}.")


@router.post("/admin/users/{username}/password", dependencies=[Csrf])
def reset_password(
    request: Request,
    me: Me,
    username: str,
    password: Annotated[str, Form()] = "",
    unit: Annotated[str, Form()] = "",
) -> Response:
    try:
        reset_password_as(web_of(request).tdkt.uow, me, username, password)
    except AwardsError as err:
        return _refused(request, me, unit, err)
    return _back(unit, f"Đã đặt lại mật khẩu của {username}; các phiên cũ đã bị thu hồi.")
