"""`tdkt year check YEAR --level L`: the year's reconciliation of one level."""

from __future__ import annotations

from typing import Annotated

import typer

from awards.bootstrap import build
from awards.services.year.check import year_check

app = typer.Typer(help="Đối chiếu cả năm của một cấp.", no_args_is_help=True)


@app.command("check")
def check_cmd(
    year: Annotated[int, typer.Argument(help="Năm, ví dụ 2025")],
    level: Annotated[str, typer.Option("--level", help="Mã đơn vị (cấp) cần đối chiếu")],
) -> None:
    """Liệt kê mọi điểm không khớp của năm; mã thoát 1 nếu có."""
    tdkt = build()
    try:
        findings = year_check(tdkt.uow, level, year)
    finally:
        tdkt.close()
    if not findings:
        typer.echo(f"Năm {year} của {level}: không có điểm nào không khớp.")
        return
    typer.echo(f"Năm {year} của {level}: {len(findings)} điểm không khớp.")
    for finding in findings:
        typer.echo(f"- {finding}")
    raise typer.Exit(1)
