"""`tdkt demo …`: load the Lai Châu federation and run a commendation round on it."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from awards.bootstrap import App, build
from awards.cli.common import DAY_HELP, day_or
from awards.cli.progress import steps
from awards.cli.reminders import print_sweep
from awards.demo.accounts import DEMO_PASSWORD, DemoAccount, demo_accounts
from awards.demo.load import OrgSummary, load_demo, org_summary
from awards.demo.round import DemoClock, run_demo_round
from awards.services.council import minutes_file, sessions
from awards.services.mail.outbox import deliver_to_files
from awards.services.reminders.sweep import clock, sweep
from awards.settings import Settings, get_settings
from states import DossierState

Today = Annotated[
    str | None,
    typer.Option(
        "--today",
        help="Ngày chạy trình diễn (mặc định hôm nay): đợt làm việc trong 4 tuần trước ngày "
        f"này, hạn nộp 10 ngày sau ({DAY_HELP})",
    ),
]

app = typer.Typer(help="Dữ liệu và kịch bản trình diễn (LĐLĐ tỉnh Lai Châu).", no_args_is_help=True)


def _clock(today: str | None, settings: Settings) -> DemoClock:
    return DemoClock(day_or(today, datetime.now(UTC).astimezone(settings.tz).date(), "--today"))


def _demo_app(fresh: bool) -> App:
    """The demo keeps its own folder under the data folder and starts clean every run."""
    base = get_settings()
    folder = Path(base.data_dir) / "demo"
    if fresh and folder.exists():
        shutil.rmtree(folder)
    settings = Settings(**{**base.model_dump(), "data_dir": folder, "database_url": ""})
    return build(settings, migrate=True)


def _print_org(summary: OrgSummary) -> None:
    typer.echo("Tổ chức đã nạp:")
    for kind, n in sorted(summary.units_by_kind.items(), key=lambda kv: -kv[1]):
        typer.echo(f"  {kind}: {n}")
    sectors = ", ".join(f"{k.upper()} {v}" for k, v in sorted(summary.cdcs_by_sector.items()))
    typer.echo(f"  CĐCS theo khu vực: {sectors}")
    members = f"{summary.members:,}".replace(",", ".")
    women = f"{summary.women_share:.2%}".replace(".", ",")
    typer.echo(f"  Đoàn viên, CNVCLĐ: {members} (nữ {women})")


@app.command()
def load(today: Today = None) -> None:
    """Nạp LĐLĐ tỉnh Lai Châu, 778 CĐCS và ~26.800 đoàn viên có lịch sử thi đua."""
    tdkt = _demo_app(fresh=True)
    _print_org(load_demo(tdkt.uow, _clock(today, tdkt.settings).population()))
    typer.echo(f"CSDL: {tdkt.settings.effective_database_url}")
    tdkt.close()


@app.command()
def run(today: Today = None) -> None:
    """Chạy toàn bộ kịch bản trình diễn trên CSDL SQLite nhúng và in tóm tắt."""
    tdkt = _demo_app(fresh=True)
    demo_clock = _clock(today, tdkt.settings)
    with steps("Trình diễn: nạp tổ chức, chạy đợt, nhắc việc, gửi thư", 5) as progress:
        org = load_demo(tdkt.uow, demo_clock.population())
        progress(1, 5)
        summary = run_demo_round(tdkt.uow, clock=demo_clock)
        progress(2, 5)
        accounts = demo_accounts(tdkt.uow, summary.round_code, on=demo_clock.today)
        progress(3, 5)
        # The sweep runs on the demo's day, the morning after the round's last moves.
        day, now = clock(tdkt.settings.tz, demo_clock.today)
        swept = sweep(tdkt.uow, today=day, now=now)
        progress(4, 5)
        mail = deliver_to_files(
            tdkt.uow, tdkt.settings.mail_dir, sender=tdkt.settings.mail_from, now=datetime.now(UTC)
        )
        progress(5, 5)
    _print_org(org)
    typer.echo(f"Đợt {summary.round_code}: {summary.dossiers} hồ sơ")
    for state, n in sorted(summary.by_state.items(), key=lambda kv: -kv[1]):
        typer.echo(f"  {DossierState(state).label}: {n}")
    if summary.ineligible_reasons:
        typer.echo("Lý do không đủ điều kiện (xem chi tiết: tdkt rules explain <mã hồ sơ>):")
        for reason, n in summary.ineligible_reasons.items():
            typer.echo(f"  {n} × {reason}")
    typer.echo(
        f"Hạn nộp của đợt: {demo_clock.deadline:%d/%m/%Y} (trình diễn chạy ngày "
        f"{demo_clock.today:%d/%m/%Y}; đổi bằng --today)"
    )
    typer.echo(f"Tờ trình lên cấp trên: {len(summary.submissions)}")
    for sub in summary.submissions:
        typer.echo(
            f"  Số {sub.document_no} của {sub.from_unit_code}: {len(sub.sent)} hồ sơ "
            f"{sub.award_code} → {sub.to_unit_code}"
        )
    print_sweep(swept)
    typer.echo("Đã ghi:")
    typer.echo(f"  CSDL: {tdkt.settings.effective_database_url}")
    typer.echo(f"  Thư (.eml): {mail.sent} thư trong {tdkt.settings.mail_dir}")
    for session in sessions(tdkt.uow):  # the council's minutes (biên bản họp)
        number, docx = minutes_file(tdkt.uow, session.code)
        path = Path(tdkt.settings.data_dir) / f"bien-ban-{session.code}.docx"
        path.write_bytes(docx)
        typer.echo(f"  Biên bản họp Hội đồng số {number}: {path}")
    _print_accounts(accounts)
    tdkt.close()


def _print_accounts(accounts: list[DemoAccount]) -> None:
    typer.echo(
        f"Tài khoản để thử (chỉ cho bản trình diễn; mật khẩu của mọi tài khoản: {DEMO_PASSWORD}):"
    )
    for a in accounts:
        typer.echo(f"  {a.username:<11} {a.role_label}, {a.unit_name} · {a.full_name} · {a.tour}")
    typer.echo("Chạy `TDKT_DATA_DIR=data/demo tdkt serve` rồi mở http://127.0.0.1:8000 (README).")


@app.command()
def show() -> None:
    """In tóm tắt tổ chức trong CSDL trình diễn hiện có."""
    tdkt = _demo_app(fresh=False)
    _print_org(org_summary(tdkt.uow))
    tdkt.close()
