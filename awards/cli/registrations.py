"""`tdkt registration …`: đăng ký thi đua of the units, its period, and registered vs achieved."""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path
from typing import Annotated

import typer

from awards.bootstrap import build
from awards.cli.common import DAY_HELP, as_message, parse_day
from awards.cli.imports_cmd import ValidOnly
from awards.cli.imports_cmd import _report as import_report
from awards.services.registrations import views
from awards.services.registrations.imports import import_registrations
from awards.services.registrations.register import (
    NewRegistration,
    close,
    register,
    set_period,
)

app = typer.Typer(
    help="Đăng ký thi đua đầu năm: đăng ký, nhập từ Excel, xem, rút, kết quả.",
    no_args_is_help=True,
)
Round = Annotated[str, typer.Option("--round", help="Mã đợt, ví dụ TK-2025")]
By = Annotated[str, typer.Option("--by", help="Người thực hiện (ghi vào nhật ký của đợt)")]
Today = Annotated[str | None, typer.Option("--today", help=f"Coi hôm nay là ngày này ({DAY_HELP})")]


def _now(today: str | None) -> datetime:
    """Now, or 08:00 (UTC) of the chosen day (a year run on a chosen clock)."""
    if today is None:
        return datetime.now(UTC)
    return datetime.combine(parse_day(today, "--today"), time(8, 0), UTC)


@app.command("add")
@as_message
def add_cmd(
    round_code: Round,
    unit: Annotated[str, typer.Option("--unit", help="Mã đơn vị đăng ký")],
    award: Annotated[str, typer.Option("--award", help="Mã danh hiệu, hình thức, ví dụ LDTT")],
    person: Annotated[
        list[str] | None, typer.Option("--person", help="Mã đoàn viên; lặp lại cho nhiều người")
    ] = None,
    collective: Annotated[
        list[str] | None, typer.Option("--collective", help="Mã tập thể; lặp lại cho nhiều")
    ] = None,
    by: By = "văn phòng",
    today: Today = None,
) -> None:
    """Đăng ký một danh hiệu cho các cá nhân, tập thể của đơn vị (tất cả hoặc không gì)."""
    items = [NewRegistration(round_code, unit, award, person_code=p) for p in person or []]
    items += [NewRegistration(round_code, unit, award, collective_code=c) for c in collective or []]
    tdkt = build()
    try:
        ids = register(tdkt.uow, items, actor=by, now=_now(today))
    finally:
        tdkt.close()
    typer.echo(
        f"Đã đăng ký {len(ids)} mục ({award}, đợt {round_code}): số {', '.join(map(str, ids))}"
    )


@app.command("import")
@as_message
def import_cmd(
    path: Path,
    round_code: Round,
    valid_only: ValidOnly = False,
    by: By = "văn phòng",
    today: Today = None,
) -> None:
    """Nhập đăng ký thi đua từ tệp theo mẫu `tdkt template registrations`."""
    tdkt = build()
    try:
        result = import_registrations(
            tdkt.uow, path, round_code, actor=by, now=_now(today), valid_only=valid_only
        )
    finally:
        tdkt.close()
    import_report(result)


@app.command("list")
@as_message
def list_cmd(
    round_code: Round,
    unit: Annotated[str | None, typer.Option("--unit", help="Chỉ đơn vị này và cấp dưới")] = None,
) -> None:
    """Danh sách đăng ký của đợt với kết quả từng mục."""
    tdkt = build()
    try:
        lines = views.list_registrations(tdkt.uow, round_code, unit_code=unit)
    finally:
        tdkt.close()
    typer.echo(f"Đợt {round_code}: {len(lines)} đăng ký")
    for x in lines:
        typer.echo(
            f"{x.id:>5}  {x.unit_code:<12} {x.award_name:<40} {x.nominee_name} ({x.nominee_code})"
            f"  {x.status_label}; kết quả: {x.outcome_label}"
        )


def _close(registration_id: int, status: str, reason: str, by: str, today: str | None) -> None:
    tdkt = build()
    try:
        close(tdkt.uow, registration_id, status=status, reason=reason, actor=by, now=_now(today))
    finally:
        tdkt.close()


@app.command("withdraw")
@as_message
def withdraw_cmd(
    registration_id: Annotated[int, typer.Argument(help="Số đăng ký (tdkt registration list)")],
    reason: Annotated[str, typer.Option("--reason", help="Lý do rút đăng ký")],
    by: By = "văn phòng",
    today: Today = None,
) -> None:
    """Rút một đăng ký thi đua (có lý do, ghi nhật ký)."""
    _close(registration_id, "withdrawn", reason, by, today)
    typer.echo(f"Đã rút đăng ký số {registration_id}.")


@app.command("not-achieved")
@as_message
def not_achieved_cmd(
    registration_id: Annotated[int, typer.Argument(help="Số đăng ký (tdkt registration list)")],
    reason: Annotated[str, typer.Option("--reason", help="Vì sao không đạt")],
    by: By = "văn phòng",
    today: Today = None,
) -> None:
    """Ghi nhận danh hiệu đã đăng ký không đạt (cuối năm)."""
    _close(registration_id, "not_achieved", reason, by, today)
    typer.echo(f"Đã ghi nhận đăng ký số {registration_id} không đạt.")


@app.command("period")
@as_message
def period_cmd(
    round_code: Round,
    starts: Annotated[str, typer.Option("--from", help=f"Ngày bắt đầu nhận đăng ký ({DAY_HELP})")],
    ends: Annotated[str, typer.Option("--to", help=f"Hạn đăng ký ({DAY_HELP})")],
    by: By = "văn phòng",
    today: Today = None,
) -> None:
    """Đặt thời hạn đăng ký thi đua của đợt (đơn vị tổ chức đợt)."""
    start, end = parse_day(starts, "--from"), parse_day(ends, "--to")
    tdkt = build()
    try:
        set_period(tdkt.uow, round_code, start, end, actor=by, now=_now(today))
    finally:
        tdkt.close()
    typer.echo(f"Đợt {round_code}: nhận đăng ký thi đua từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}.")


@app.command("report")
@as_message
def report_cmd(
    round_code: Round,
    level: Annotated[str | None, typer.Option("--level", help="Chỉ đơn vị này và cấp dưới")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Thư mục ghi tệp XLSX")] = None,
) -> None:
    """Đăng ký và kết quả đạt được theo đơn vị và theo danh hiệu (màn hình và XLSX)."""
    tdkt = build()
    try:
        data = views.report(tdkt.uow, round_code, level_code=level)
    finally:
        tdkt.close()
    for title, rows in (("Theo đơn vị", data.by_unit), ("Theo danh hiệu", data.by_award)):
        typer.echo(f"{title}:")
        for r in (*rows, data.total):
            typer.echo(
                f"  {r.name:<45} đăng ký {r.registered:>4}  đạt {r.achieved:>4}  "
                f"không đạt {r.not_achieved:>3}  đang xét {r.pending:>3}  "
                f"chưa đề nghị {r.not_proposed:>3}  rút {r.withdrawn:>3}  tỷ lệ đạt {r.rate}"
            )
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        path = out / f"dang-ky-thi-dua-{round_code}.xlsx"
        path.write_bytes(views.report_xlsx(data))
        typer.echo(f"Đã ghi {path}")
