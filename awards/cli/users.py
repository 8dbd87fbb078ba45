"""`tdkt users …`: create accounts and grant roles on organisation units."""

from __future__ import annotations

from contextlib import closing
from datetime import date
from typing import Annotated

import typer

from awards.bootstrap import build
from awards.cli.common import as_message
from awards.permissions import ROLE_LABELS
from awards.services.accounts.access import principal_by_name
from awards.services.accounts.admin import change_role_as
from awards.services.accounts.saved_filters import SCREENS, filters_of
from awards.services.accounts.users import NewUser, add_user, grant_role, list_users

app = typer.Typer(help="Tài khoản và vai trò.", no_args_is_help=True)


@app.command()
def add(
    username: str,
    full_name: Annotated[str, typer.Option("--name", help="Họ và tên")],
    email: Annotated[str | None, typer.Option(help="Thư điện tử")] = None,
    password: Annotated[
        str,
        typer.Option(
            prompt="Mật khẩu",
            hide_input=True,
            confirmation_prompt=True,
            show_default=False,
            help="Mật khẩu",
        ),
    ] = "",
) -> None:
    """Tạo tài khoản (mật khẩu được băm argon2id)."""
    tdkt = build()
    add_user(tdkt.uow, NewUser(username, full_name, password, email))
    tdkt.close()
    typer.echo(f"Đã tạo tài khoản {username}.")


@app.command()
@as_message
def grant(
    username: str,
    role: Annotated[str, typer.Argument(help=", ".join(ROLE_LABELS))],
    unit: Annotated[str, typer.Argument(help="Mã đơn vị")],
    as_user: Annotated[
        str | None,
        typer.Option(
            "--as",
            help="Tài khoản quản trị thực hiện (kiểm tra như trên web); bỏ trống: người vận hành "
            "máy chủ",
        ),
    ] = None,
) -> None:
    """Giao vai trò trên một đơn vị (phạm vi: đơn vị đó và cấp dưới khi quy định cho phép)."""
    with closing(build()) as tdkt:
        if as_user is None:
            grant_role(tdkt.uow, username, role, unit)
        else:
            admin = principal_by_name(tdkt.uow, as_user, date.today())
            change_role_as(tdkt.uow, admin, username, role, unit, grant=True)
    typer.echo(f"{username}: {ROLE_LABELS[role]} tại {unit}.")


@app.command("list")
def list_cmd() -> None:
    """Liệt kê tài khoản và vai trò."""
    tdkt = build()
    for u in list_users(tdkt.uow):
        roles = ", ".join(f"{ROLE_LABELS[r]}@{unit}" for r, unit in u.grants) or "chưa có vai trò"
        typer.echo(f"{u.username:<20} {u.full_name} · {roles}")
    tdkt.close()


@app.command("filters")
@as_message
def filters_cmd(
    username: str,
    screen: Annotated[
        str | None, typer.Option(help="dossiers (danh sách hồ sơ) hoặc inbox (hộp việc)")
    ] = None,
) -> None:
    """Các bộ lọc một tài khoản đã lưu trên danh sách hồ sơ và hộp việc (để hỗ trợ người dùng)."""
    with closing(build()) as tdkt:
        found = filters_of(tdkt.uow, username, screen)
    if not found:
        typer.echo(f"{username} chưa lưu bộ lọc nào.")
    for f in found:
        typer.echo(f"  {f.id:>4} {SCREENS[f.screen][2]}: {f.name} → {f.url}")
