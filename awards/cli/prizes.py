"""`tdkt prize …` and `tdkt fund …`: prize lists of decisions, totals, the TĐKT fund ledger."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer

from awards.bootstrap import build
from awards.cli.dates import parse_date
from awards.services.lifecycle.plan import Actor
from awards.services.prizes.documents import prize_totals, write_fund_report, write_prize_list
from awards.services.prizes.fund import FundInput, fund_report, record_fund_entry, verify_fund_chain
from rules.prizes import vnd

prize_app = typer.Typer(help="Tiền thưởng theo quyết định khen thưởng.", no_args_is_help=True)
fund_app = typer.Typer(help="Quỹ thi đua, khen thưởng của từng cấp.", no_args_is_help=True)
Out = Annotated[Path, typer.Option("--out", "-o", help="Thư mục ghi tệp")]
Unit = Annotated[str, typer.Option("--unit", help="Mã đơn vị (cấp công đoàn) giữ quỹ")]
Year = Annotated[int | None, typer.Option(help="Năm (mặc định năm nay)")]


@prize_app.command("list")
def prize_list_cmd(
    decision: Annotated[str, typer.Argument(help="Số quyết định, ví dụ 15/QĐ-LĐLĐ")],
    out: Out = Path("."),
) -> None:
    """Danh sách chi tiền thưởng của một quyết định (DOCX theo NĐ 30 và XLSX)."""
    tdkt = build()
    try:
        paths = write_prize_list(tdkt.uow, decision, out)
    finally:
        tdkt.close()
    for path in paths:
        typer.echo(f"Đã ghi {path}")


@prize_app.command("totals")
def prize_totals_cmd(
    round_code: Annotated[str | None, typer.Option("--round", help="Mã đợt")] = None,
    year: Year = None,
) -> None:
    """Tổng tiền thưởng theo đợt × cấp quyết định × hình thức."""
    tdkt = build()
    try:
        rows = prize_totals(tdkt.uow, round_code=round_code, year=year)
    finally:
        tdkt.close()
    if not rows:
        typer.echo("Chưa có khoản tiền thưởng nào trong phạm vi đã chọn.")
        return
    for r in rows:
        typer.echo(
            f"{r.round_code:<12} {r.payer_code:<12} {r.award_name:<60} {r.awardees:>5} "
            f"{vnd(r.total_vnd):>22}"
        )
    typer.echo(
        f"Tổng cộng: {sum(r.awardees for r in rows)} khen thưởng, "
        f"{vnd(sum(r.total_vnd for r in rows))}."
    )


def _entry(
    kind: str, unit: str, amount: int, memo: str, on: str | None, reference: str, actor: str
) -> None:
    day = parse_date(on, "--date") if on else date.today()
    tdkt = build()
    try:
        seq = record_fund_entry(
            tdkt.uow,
            FundInput(unit, kind, day, amount, memo, reference),
            Actor(actor, "secretariat"),
            datetime.now(UTC),
        )
    finally:
        tdkt.close()
    typer.echo(f"Đã ghi dòng {seq} vào sổ quỹ của {unit}: {vnd(amount)}, ngày {day:%d/%m/%Y}.")


Amount = Annotated[int, typer.Option("--amount", help="Số tiền (đồng), ví dụ 5000000")]
Memo = Annotated[str, typer.Option("--memo", help="Nội dung")]
Day = Annotated[str | None, typer.Option("--date", help="Ngày (dd/mm/yyyy), mặc định hôm nay")]
Ref = Annotated[str, typer.Option("--reference", help="Số chứng từ")]
Who = Annotated[str, typer.Option("--actor", help="Người ghi sổ")]


@fund_app.command("receipt")
def receipt_cmd(
    unit: Unit,
    amount: Amount,
    memo: Memo,
    on: Day = None,
    reference: Ref = "",
    actor: Who = "văn phòng",
) -> None:
    """Ghi một khoản thu vào quỹ (ngân sách cấp, trích lập, đóng góp…)."""
    _entry("receipt", unit, amount, memo, on, reference, actor)


@fund_app.command("spend")
def spend_cmd(
    unit: Unit,
    amount: Amount,
    memo: Memo,
    on: Day = None,
    reference: Ref = "",
    actor: Who = "văn phòng",
) -> None:
    """Ghi một khoản chi khác (in giấy khen, khung, tổ chức hội nghị…); tiền thưởng tự ghi."""
    _entry("other", unit, amount, memo, on, reference, actor)


def _period(year: int | None) -> tuple[date, date]:
    y = year or date.today().year
    return date(y, 1, 1), date(y, 12, 31)


@fund_app.command("ledger")
def ledger_cmd(unit: Unit, year: Year = None) -> None:
    """Sổ quỹ của một năm: từng dòng thu, chi và số tồn."""
    start, end = _period(year)
    tdkt = build()
    try:
        report = fund_report(tdkt.uow, unit, start, end)
    finally:
        tdkt.close()
    typer.echo(f"{report.unit_name}: tồn đầu kỳ {vnd(report.opening_vnd)}")
    for line in report.lines:
        typer.echo(
            f"{line.seq:>4} {line.entry_date:%d/%m/%Y} {line.kind:<16} {line.memo:<50} "
            f"{vnd(line.amount_vnd):>20} {vnd(line.balance_vnd):>20}"
        )
    typer.echo(f"Tồn cuối kỳ: {vnd(report.closing_vnd)}")


@fund_app.command("report")
def report_cmd(unit: Unit, year: Year = None, out: Out = Path(".")) -> None:
    """Báo cáo thu, chi quỹ của một năm (DOCX, XLSX có biểu đồ, PNG)."""
    start, end = _period(year)
    tdkt = build()
    try:
        paths = write_fund_report(tdkt.uow, unit, start, end, out)
    finally:
        tdkt.close()
    for path in paths:
        typer.echo(f"Đã ghi {path}")


@fund_app.command("verify")
def verify_cmd(unit: Unit) -> None:
    """Kiểm tra sổ quỹ không bị sửa, xóa hay chèn dòng sau khi ghi."""
    tdkt = build()
    try:
        problems = verify_fund_chain(tdkt.uow, unit, date.today())
    finally:
        tdkt.close()
    if problems:
        for p in problems:
            typer.echo(f"- {p}", err=True)
        raise typer.Exit(1)
    typer.echo(f"Sổ quỹ của {unit} nguyên vẹn.")
