"""`tdkt org …`: change the organisation from a date on (add, rename, move, merge, close)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from awards.bootstrap import build
from awards.cli.common import DAY_HELP, as_message, parse_day
from awards.errors import ImportFileError
from awards.services.org import changes as svc
from awards.services.org.imports import OrgImportResult, import_units, units_template
from awards.services.org.units import NewUnit

app = typer.Typer(
    help="Tổ chức: thành lập, đổi tên, chuyển, hợp nhất, giải thể đơn vị từ một ngày; nhập "
    "cả danh sách đơn vị từ tệp Excel/CSV.",
    no_args_is_help=True,
)
Code = Annotated[str, typer.Argument(help="Mã đơn vị")]
From = Annotated[str, typer.Option("--from", help=f"Có hiệu lực từ ngày ({DAY_HELP})")]
By = Annotated[str, typer.Option("--by", help="Người thực hiện (ghi vào nhật ký tổ chức)")]


def _run(change: Callable[[Any, datetime], object]) -> object:  # Any: app.uow, the factory
    with closing(build()) as tdkt:
        return change(tdkt.uow, datetime.now(UTC))


@app.command("add")
@as_message
def add_cmd(
    code: Code,
    name: Annotated[str, typer.Option(help="Tên đơn vị")],
    kind: Annotated[str, typer.Option(help="Loại: cdcs, ldld_huyen, cd_nganh_tinh, ldld_tinh…")],
    valid_from: From,
    parent: Annotated[str | None, typer.Option(help="Mã đơn vị cấp trên")] = None,
    sector: Annotated[str | None, typer.Option(help="Khu vực của CĐCS: hcsn | sxkd")] = None,
    email: Annotated[str | None, typer.Option(help="Hộp thư văn phòng")] = None,
    by: By = "quản trị",
) -> None:
    """Thành lập một đơn vị từ ngày --from."""
    on = parse_day(valid_from, "--from")
    new = NewUnit(code.strip(), name.strip(), kind.strip(), parent, sector=sector, email=email)
    _run(lambda uow, now: svc.add_unit(uow, new, on=on, actor=by, now=now))
    typer.echo(f"Đã thành lập {new.name} ({new.code}) từ ngày {on:%d/%m/%Y}.")


@app.command("rename")
@as_message
def rename_cmd(
    code: Code,
    name: Annotated[str, typer.Argument(help="Tên mới")],
    valid_from: From,
    by: By = "quản trị",
) -> None:
    """Đổi tên đơn vị từ ngày --from (văn bản trước ngày đó giữ tên cũ)."""
    on = parse_day(valid_from, "--from")
    _run(lambda uow, now: svc.rename_unit(uow, code, name, on=on, actor=by, now=now))
    typer.echo(f"Từ ngày {on:%d/%m/%Y}, {code} mang tên {name.strip()}.")


@app.command("move")
@as_message
def move_cmd(
    code: Code,
    parent: Annotated[str, typer.Option(help="Mã đơn vị cấp trên mới")],
    valid_from: From,
    by: By = "quản trị",
) -> None:
    """Chuyển đơn vị sang đơn vị cấp trên khác từ ngày --from."""
    on = parse_day(valid_from, "--from")
    _run(lambda uow, now: svc.move_unit(uow, code, parent, on=on, actor=by, now=now))
    typer.echo(f"Từ ngày {on:%d/%m/%Y}, {code} trực thuộc {parent}.")


@app.command("merge")
@as_message
def merge_cmd(
    code: Code,
    into: Annotated[str, typer.Option(help="Mã đơn vị nhận hợp nhất")],
    valid_from: From,
    by: By = "quản trị",
) -> None:
    """Hợp nhất đơn vị vào đơn vị khác từ ngày --from: đơn vị trực thuộc và đoàn viên chuyển
    sang, hồ sơ và văn bản trước ngày đó giữ tổ chức cũ."""
    on = parse_day(valid_from, "--from")
    members = _run(lambda uow, now: svc.merge_unit(uow, code, into, on=on, actor=by, now=now))
    typer.echo(f"Từ ngày {on:%d/%m/%Y}, {code} hợp nhất vào {into}; chuyển {members} đoàn viên.")


@app.command("close")
@as_message
def close_cmd(code: Code, valid_from: From, by: By = "quản trị") -> None:
    """Giải thể đơn vị từ ngày --from (không còn đơn vị trực thuộc, đoàn viên, hồ sơ dở)."""
    on = parse_day(valid_from, "--from")
    _run(lambda uow, now: svc.close_unit(uow, code, on=on, actor=by, now=now))
    typer.echo(f"Đã giải thể {code} từ ngày {on:%d/%m/%Y}.")


@app.command("history")
@as_message
def history_cmd(code: Code) -> None:
    """Các phiên bản (tên, cấp trên, thời gian hiệu lực) và nhật ký của một đơn vị."""
    with closing(build()) as tdkt:
        h = svc.unit_history(tdkt.uow, code)
    typer.echo(f"Đơn vị {h.code}:")
    for start, end, name, parent in h.versions:
        until = f"đến hết {_eve(end):%d/%m/%Y}" if end else "đến nay"
        typer.echo(
            f"  từ {start:%d/%m/%Y} {until}: {name}" + (f" (thuộc {parent})" if parent else "")
        )
    for on, label, actor in h.events:
        typer.echo(f"  {on:%d/%m/%Y} {label} ({actor})")


def _eve(day: date) -> date:
    """valid_to is the first day of the next version; people read the last day of this one."""
    return date.fromordinal(day.toordinal() - 1)


@app.command("template")
def template_cmd(out: Annotated[Path, typer.Argument(help="Tệp mẫu .xlsx hoặc .csv")]) -> None:
    """Ghi tệp mẫu danh sách đơn vị (cột, hướng dẫn) để điền rồi nhập bằng tdkt org import."""
    out.write_bytes(units_template("csv" if out.suffix.lower() == ".csv" else "xlsx"))
    typer.echo(f"Đã ghi mẫu danh sách đơn vị: {out}")


@app.command("import")
@as_message
def import_cmd(
    path: Annotated[Path, typer.Argument(help="Tệp .xlsx hoặc .csv theo mẫu tdkt org template")],
    valid_from: Annotated[
        str | None,
        typer.Option("--from", help=f"Ngày hiệu lực của các dòng để trống ngày ({DAY_HELP})"),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Chỉ kiểm tra và liệt kê thay đổi, không ghi")
    ] = False,
    by: By = "quản trị",
) -> None:
    """Nhập danh sách đơn vị: thành lập, đổi tên, chuyển, hợp nhất, giải thể theo từng dòng.
    Có dòng lỗi thì không ghi gì (mỗi lỗi nêu dòng, cột, cách sửa)."""
    on = parse_day(valid_from, "--from") if valid_from else None
    with closing(build()) as tdkt:
        try:
            result = import_units(
                tdkt.uow,
                path,
                actor=by,
                now=datetime.now(UTC),
                default_day=on,
                dry_run=dry_run,
                max_rows=tdkt.settings.org_import_max_rows,
            )
        except ImportFileError as err:
            echo_problems(err)
            raise typer.Exit(1) from None
    _report(result)


def echo_problems(err: ImportFileError) -> None:
    """Every problem of a refused file, one line each (row, column, what and how to fix)."""
    typer.secho(
        f"Lỗi: tệp có {len(err.problems) or 1} lỗi, không ghi gì.", fg=typer.colors.RED, err=True
    )
    for row, column, reason in err.problems or [(1, "(cả tệp)", str(err))]:
        typer.echo(f"  dòng {row}, cột “{column}”: {reason}", err=True)


def _report(result: OrgImportResult) -> None:
    head = "Chạy thử, chưa ghi gì" if result.dry_run else "Đã ghi"
    typer.echo(f"{head}: {len(result.changes)} thay đổi; {result.unchanged} đơn vị không đổi.")
    for c in result.changes:
        detail = f": {c.detail}" if c.detail else ""
        typer.echo(f"  dòng {c.row}, {c.code}, từ {c.on:%d/%m/%Y}: {c.what}{detail}")
