"""`tdkt seats …`: exemplar seats of a round's conference, shared among the units."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer

from awards.bootstrap import build
from awards.cli.dates import parse_date
from awards.services.lifecycle.plan import Actor
from awards.services.seats.allocate import (
    SeatPlan,
    SeatTable,
    allocate_exemplar_seats,
    seat_table,
    write_seat_documents,
)

app = typer.Typer(help="Phân bổ đại biểu điển hình tiên tiến của hội nghị.", no_args_is_help=True)
Round = Annotated[str, typer.Option("--round", help="Mã đợt thi đua")]


def _print(table: SeatTable) -> None:
    plan = table.plan
    typer.echo(
        f"{table.round_name}: {plan.total} đại biểu ({plan.guests} khách mời, {plan.exemplars} "
        f"điển hình), số đoàn viên ngày {plan.members_as_of:%d/%m/%Y}, tối thiểu {plan.minimum}."
    )
    for line in table.lines:
        mark = "  vượt số ghế" if line.over else ""
        typer.echo(
            f"{line.unit_name:<50} {line.members:>7} đoàn viên {line.seats:>4} ghế "
            f"{line.proposed:>4} đã đề nghị{mark}"
        )


@app.command("allocate")
def allocate_cmd(
    round_code: Round,
    total: Annotated[int, typer.Option(help="Tổng số đại biểu, kể cả khách mời")] = 200,
    guests: Annotated[int, typer.Option(help="Số đại biểu khách mời")] = 40,
    minimum: Annotated[int, typer.Option(help="Số đại biểu tối thiểu mỗi đơn vị")] = 2,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Tính số đoàn viên đến ngày (dd/mm/yyyy)")
    ] = None,
    actor: Annotated[str, typer.Option(help="Người phân bổ")] = "văn phòng",
) -> None:
    """Phân bổ (hoặc phân bổ lại) số đại biểu điển hình theo số đoàn viên của từng đơn vị."""
    on = parse_date(as_of, "--as-of") if as_of else date.today()
    tdkt = build()
    try:
        table = allocate_exemplar_seats(
            tdkt.uow,
            round_code,
            SeatPlan(total, guests, minimum, on),
            Actor(actor, "secretariat"),
            datetime.now(UTC),
        )
    finally:
        tdkt.close()
    _print(table)


@app.command("show")
def show_cmd(
    round_code: Round,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Ghi DOCX và XLSX vào")] = None,
) -> None:
    """Bảng phân bổ và số hồ sơ mỗi đơn vị đã đề nghị; --out ghi văn bản."""
    tdkt = build()
    try:
        _print(seat_table(tdkt.uow, round_code))
        paths = write_seat_documents(tdkt.uow, round_code, out) if out else []
    finally:
        tdkt.close()
    for path in paths:
        typer.echo(f"Đã ghi {path}")
