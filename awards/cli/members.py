"""`tdkt members …`: union members added and updated in bulk from Excel/CSV, and their trail."""

from __future__ import annotations

from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from awards.bootstrap import build
from awards.cli.common import as_message
from awards.cli.org import echo_problems
from awards.errors import ImportFileError
from awards.services.org.members import (
    import_members_as,
    member_history,
    members_template,
    principal_named,
)

app = typer.Typer(
    help="Đoàn viên: thêm, cập nhật thông tin, chuyển sinh hoạt, xếp loại hàng loạt từ tệp.",
    no_args_is_help=True,
)
As = Annotated[
    str,
    typer.Option(
        "--as",
        help="Tài khoản thực hiện (cán bộ đơn vị hoặc quản trị): chỉ đoàn viên và đơn vị trong "
        "phạm vi của tài khoản; ghi vào nhật ký đoàn viên",
    ),
]


@app.command("template")
def template_cmd(out: Annotated[Path, typer.Argument(help="Tệp mẫu .xlsx hoặc .csv")]) -> None:
    """Ghi tệp mẫu danh sách đoàn viên để điền rồi nhập bằng tdkt members import."""
    out.write_bytes(members_template("csv" if out.suffix.lower() == ".csv" else "xlsx"))
    typer.echo(f"Đã ghi mẫu danh sách đoàn viên: {out}")


@app.command("import")
@as_message
def import_cmd(
    path: Annotated[
        Path, typer.Argument(help="Tệp .xlsx hoặc .csv theo mẫu tdkt members template")
    ],
    account: As,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Chỉ kiểm tra và liệt kê thay đổi, không ghi")
    ] = False,
) -> None:
    """Thêm đoàn viên mới, cập nhật chức vụ, lao động trực tiếp, giữ chức vụ lãnh đạo, chuyển
    sinh hoạt, xếp loại. Có dòng lỗi thì không ghi gì (mỗi lỗi nêu dòng, cột, cách sửa)."""
    now = datetime.now(UTC)
    with closing(build()) as tdkt:
        principal = principal_named(tdkt.uow, account, now.astimezone(tdkt.settings.tz).date())
        try:
            result = import_members_as(
                tdkt.uow,
                principal,
                path,
                now=now,
                dry_run=dry_run,
                max_rows=tdkt.settings.org_import_max_rows,
            )
        except ImportFileError as err:
            echo_problems(err)
            raise typer.Exit(1) from None
    head = "Chạy thử, chưa ghi gì" if result.dry_run else "Đã ghi"
    typer.echo(f"{head}: {len(result.changes)} thay đổi; {result.unchanged} đoàn viên không đổi.")
    for c in result.changes:
        typer.echo(f"  dòng {c.row}, {c.code}: {c.what}: {c.detail}")


@app.command("history")
@as_message
def history_cmd(code: Annotated[str, typer.Argument(help="Mã đoàn viên")]) -> None:
    """Nhật ký thay đổi thông tin của một đoàn viên: khi nào, ai, đổi gì."""
    with closing(build()) as tdkt:
        h = member_history(tdkt.uow, code)
        tz = tdkt.settings.tz
    typer.echo(f"Đoàn viên {h.code} {h.name} ({h.unit}):")
    for at, label, detail, actor in h.events:
        typer.echo(
            f"  {at.astimezone(tz):%d/%m/%Y %H:%M} {label} ({actor})"
            + (f": {detail}" if detail else "")
        )
