"""`tdkt reminders …` and `tdkt deadlines …`: the daily sweep and deadline recomputation."""

from __future__ import annotations

from typing import Annotated

import typer

from awards.bootstrap import build
from awards.cli.dates import maybe_day
from awards.services.lifecycle.deadlines import recompute_open_deadlines
from awards.services.reminders.sweep import SweepReport, clock, sweep

app = typer.Typer(help="Nhắc việc: bản tin hằng ngày và thư đôn đốc quá hạn.", no_args_is_help=True)
deadlines_app = typer.Typer(help="Thời hạn xử lý hồ sơ.", no_args_is_help=True)


def print_sweep(report: SweepReport) -> None:
    typer.echo(
        f"Nhắc việc ngày {report.today:%d/%m/%Y}: {report.dossiers} hồ sơ đang chờ xử lý, "
        f"{report.digests} bản tin, {report.overdue_notices} thư đôn đốc quá hạn, "
        f"{report.written} thư mới vào hàng đợi."
    )
    for who in report.no_address:
        typer.echo(f"  Chưa có địa chỉ thư: {who}")


@app.command("sweep")
def sweep_cmd(
    today: Annotated[
        str | None, typer.Option(help="Chạy như vào ngày này (dd/mm/yyyy); mặc định hôm nay.")
    ] = None,
) -> None:
    """Viết bản tin nhắc việc và thư đôn đốc vào hàng đợi (chạy lại trong ngày không gửi trùng)."""
    tdkt = build()
    day, now = clock(tdkt.settings.tz, maybe_day(today, "--today"))
    print_sweep(sweep(tdkt.uow, today=day, now=now))
    tdkt.close()


@deadlines_app.command("recompute")
def recompute_cmd() -> None:
    """Tính lại hạn của mọi hồ sơ đang mở theo lịch ngày nghỉ hiện hành."""
    tdkt = build()
    report = recompute_open_deadlines(tdkt.uow)
    typer.echo(f"Đã tính lại {report.bases} mốc hạn; {report.changed} hồ sơ đổi hạn.")
    tdkt.close()
