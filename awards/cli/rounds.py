"""`tdkt round …`: open a round, list and show rounds, change deadlines, extend, close."""

from __future__ import annotations

from contextlib import closing
from datetime import UTC, date, datetime, tzinfo
from typing import Annotated

import typer

from awards.bootstrap import build
from awards.cli.common import DAY_HELP, as_message, day_or, parse_day
from awards.services.rounds import admin as svc
from awards.services.rounds.admin import mail_summary
from states import DossierState

app = typer.Typer(
    help="Đợt thi đua: mở đợt, xem, đổi hạn, gia hạn cho đơn vị, đóng đợt.", no_args_is_help=True
)
By = Annotated[str, typer.Option("--by", help="Người thực hiện (ghi vào nhật ký của đợt)")]
Today = Annotated[str | None, typer.Option("--today", help=f"Coi hôm nay là ngày này ({DAY_HELP})")]
Levels = Annotated[
    list[str] | None,
    typer.Option(
        "--level-deadline",
        help="Hạn nộp riêng của một cấp đơn vị đề nghị: CẤP=NGÀY, ví dụ 4=20/11/2025 "
        "(4 công đoàn cơ sở, 3 cấp trên trực tiếp cơ sở, 2 tỉnh); lặp lại cho nhiều cấp",
    ),
]


def _today(text: str | None, tz: tzinfo) -> date:
    return day_or(text, datetime.now(UTC).astimezone(tz).date(), "--today")


def _levels(items: list[str] | None) -> dict[int, date]:
    out: dict[int, date] = {}
    for item in items or []:
        level, sep, day = item.partition("=")
        if not sep or not level.strip().isdigit():
            raise typer.BadParameter(
                f"'{item}': viết CẤP=NGÀY, ví dụ 4=20/11/2025", param_hint="--level-deadline"
            )
        out[int(level)] = parse_day(day, f"hạn của cấp {level.strip()}")
    return out


def _phases(items: list[str] | None) -> list[svc.Phase]:
    phases = []
    for item in items or []:
        parts = item.rsplit(":", 2)
        if len(parts) != 3 or not parts[0].strip():
            raise typer.BadParameter(
                f"'{item}': viết TÊN:TỪ NGÀY:ĐẾN NGÀY, ví dụ "
                "'Đăng ký thi đua:01/01/2025:31/3/2025'",
                param_hint="--phase",
            )
        name, start, end = parts
        phases.append(svc.Phase(name.strip(), parse_day(start), parse_day(end)))
    return phases


@app.command("open")
@as_message
def open_cmd(
    code: Annotated[str, typer.Argument(help="Mã đợt, ví dụ TK-2026")],
    name: Annotated[str, typer.Option(help="Tên đợt")],
    organiser: Annotated[str, typer.Option(help="Mã đơn vị tổ chức đợt, ví dụ LDLD-LC")],
    deadline: Annotated[str, typer.Option(help=f"Hạn nộp hồ sơ ({DAY_HELP})")],
    movement: Annotated[str, typer.Option(help="Mã phong trào thi đua")] = "LDG-LDST",
    movement_name: Annotated[
        str, typer.Option(help="Tên phong trào (khi mã phong trào chưa có)")
    ] = "Lao động giỏi, Lao động sáng tạo",
    year: Annotated[
        int | None, typer.Option(help="Năm của đợt (mặc định: năm của hạn nộp)")
    ] = None,
    opens: Annotated[str | None, typer.Option(help="Ngày mở đợt (mặc định 01/01)")] = None,
    closes: Annotated[str | None, typer.Option(help="Ngày kết thúc đợt (mặc định 31/12)")] = None,
    level_deadline: Levels = None,
    phase: Annotated[
        list[str] | None,
        typer.Option(help="Giai đoạn: TÊN:TỪ NGÀY:ĐẾN NGÀY; lặp lại cho nhiều giai đoạn"),
    ] = None,
    award: Annotated[
        list[str] | None,
        typer.Option(help="Mã hình thức khen thưởng đợt nhận; lặp lại; bỏ trống: mọi hình thức"),
    ] = None,
    registration: Annotated[
        bool, typer.Option("--registration/--no-registration", help="Bắt buộc đăng ký thi đua")
    ] = False,
    by: By = "thường trực",
) -> None:
    """Mở một đợt thi đua của một phong trào."""
    due = parse_day(deadline, "--deadline")
    y = year or due.year
    new = svc.NewRound(
        code=code.strip(),
        name=name.strip(),
        movement_code=movement.strip(),
        movement_name=movement_name.strip(),
        organiser_code=organiser.strip(),
        year=y,
        opens_on=day_or(opens, date(y, 1, 1), "--opens"),
        closes_on=day_or(closes, date(y, 12, 31), "--closes"),
        submission_deadline=due,
        phases=_phases(phase),
        admitted_awards=[a.strip() for a in award or []],
        level_deadlines=_levels(level_deadline),
        registration_required=registration,
    )
    with closing(build()) as tdkt:
        svc.open_round(tdkt.uow, new, actor=by, now=datetime.now(UTC))
    typer.echo(
        f"Đã mở đợt {new.code}: {new.name} ({new.opens_on:%d/%m/%Y}–{new.closes_on:%d/%m/%Y}), "
        f"hạn nộp {due:%d/%m/%Y}."
    )


@app.command("list")
@as_message
def list_cmd(today: Today = None) -> None:
    """Các đợt thi đua, hạn nộp và tình trạng."""
    with closing(build()) as tdkt:
        day = _today(today, tdkt.settings.tz)
        lines = svc.list_rounds(tdkt.uow)
    if not lines:
        typer.echo("Chưa có đợt nào; mở đợt bằng: tdkt round open MÃ --name … --deadline …")
    for r in lines:
        typer.echo(
            f"{r.code} · {r.name} · {r.organiser} · hạn nộp {r.submission_deadline:%d/%m/%Y} · "
            f"{r.status(day)} · {r.dossiers} hồ sơ"
        )


@app.command("show")
@as_message
def show_cmd(code: str) -> None:
    """Một đợt: giai đoạn, hình thức nhận, hạn theo cấp, gia hạn, nhật ký, số hồ sơ."""
    with closing(build()) as tdkt:
        v = svc.show_round(tdkt.uow, code.strip())
        tz = tdkt.settings.tz
    r = v.round
    typer.echo(f"Đợt {r.code}: {r.name} (năm {r.year})")
    typer.echo(f"  Phong trào: {v.movement}")
    typer.echo(f"  Đơn vị tổ chức: {v.organiser}")
    typer.echo(f"  Thời gian: {r.opens_on:%d/%m/%Y}–{r.closes_on:%d/%m/%Y}")
    typer.echo(f"  Hạn nộp: {r.submission_deadline:%d/%m/%Y}")
    for label, day in v.level_deadlines:
        typer.echo(f"    riêng {label}: {day:%d/%m/%Y}")
    typer.echo(f"  Đăng ký thi đua: {'bắt buộc' if r.registration_required else 'không bắt buộc'}")
    typer.echo(f"  Hình thức nhận: {'; '.join(v.admitted) if v.admitted else 'mọi hình thức'}")
    for p in v.phases:
        typer.echo(f"  Giai đoạn {p.name}: {p.starts_on:%d/%m/%Y}–{p.ends_on:%d/%m/%Y}")
    if r.closed_on:
        typer.echo(f"  Đã đóng: nhận hồ sơ đến hết {r.closed_on:%d/%m/%Y} ({r.closed_by})")
    for e in v.extensions:
        typer.echo(
            f"  Gia hạn cho {e.unit} đến {e.new_deadline:%d/%m/%Y}: {e.reason} "
            f"({e.granted_by}, {e.granted_at.astimezone(tz):%d/%m/%Y %H:%M})"
        )
    counts = ", ".join(f"{DossierState(s).label} {n}" for s, n in sorted(v.by_state.items()))
    typer.echo(f"  Hồ sơ: {counts or 'chưa có'}")
    typer.echo("  Nhật ký:")
    for ev in v.events:
        typer.echo(f"    {ev.at.astimezone(tz):%d/%m/%Y %H:%M} {ev.actor}: {ev.label}")


@app.command("extend")
@as_message
def extend_cmd(
    code: str,
    until: Annotated[str, typer.Option("--until", help=f"Hạn nộp mới ({DAY_HELP})")],
    reason: Annotated[str, typer.Option(help="Lý do gia hạn (gửi cho đơn vị)")],
    unit: Annotated[
        str | None, typer.Option(help="Mã đơn vị được gia hạn (và các đơn vị trực thuộc)")
    ] = None,
    all_units: Annotated[bool, typer.Option("--all", help="Gia hạn cho mọi đơn vị")] = False,
    by: By = "thường trực",
    today: Today = None,
) -> None:
    """Gia hạn nộp hồ sơ cho một đơn vị (--unit) hoặc mọi đơn vị (--all); thư báo các đơn vị."""
    if bool(unit) == all_units:
        raise typer.BadParameter("chọn đúng một trong --unit MÃ hoặc --all")
    new_day = parse_day(until, "--until")
    with closing(build()) as tdkt:
        day = _today(today, tdkt.settings.tz)
        ext = svc.Extension(new_day, reason, unit)
        granted = svc.extend(
            tdkt.uow, code.strip(), ext, actor=by, now=datetime.now(UTC), today=day
        )
    who = f"đơn vị {unit}" if unit else "mọi đơn vị"
    typer.echo(f"Đã gia hạn đợt {code} cho {who} đến {new_day:%d/%m/%Y}.")
    typer.echo(f"  {mail_summary(granted)}")


@app.command("deadlines")
@as_message
def deadlines_cmd(
    code: str,
    reason: Annotated[str, typer.Option(help="Lý do đổi hạn")],
    deadline: Annotated[str | None, typer.Option(help=f"Hạn nộp mới ({DAY_HELP})")] = None,
    closes: Annotated[str | None, typer.Option(help="Ngày kết thúc đợt mới")] = None,
    level_deadline: Levels = None,
    by: By = "thường trực",
    today: Today = None,
) -> None:
    """Đổi hạn nộp, hạn theo cấp hoặc ngày kết thúc của đợt."""
    change = svc.DeadlineChange(
        submission_deadline=parse_day(deadline, "--deadline") if deadline else None,
        closes_on=parse_day(closes, "--closes") if closes else None,
        level_deadlines=_levels(level_deadline),
        reason=reason,
    )
    with closing(build()) as tdkt:
        day = _today(today, tdkt.settings.tz)
        rnd = svc.change_deadlines(
            tdkt.uow, code.strip(), change, actor=by, now=datetime.now(UTC), today=day
        )
    typer.echo(
        f"Đợt {rnd.code}: hạn nộp {rnd.submission_deadline:%d/%m/%Y}, kết thúc "
        f"{rnd.closes_on:%d/%m/%Y}."
    )


@app.command("close")
@as_message
def close_cmd(
    code: str,
    on: Annotated[
        str | None, typer.Option(help=f"Ngày cuối cùng nhận hồ sơ (mặc định hôm nay; {DAY_HELP})")
    ] = None,
    by: By = "thường trực",
) -> None:
    """Đóng đợt: sau ngày đóng chỉ đơn vị được gia hạn mới nộp được hồ sơ."""
    with closing(build()) as tdkt:
        day = _today(on, tdkt.settings.tz)
        svc.close_round(tdkt.uow, code.strip(), on=day, actor=by, now=datetime.now(UTC))
    typer.echo(f"Đã đóng đợt {code}: nhận hồ sơ đến hết {day:%d/%m/%Y}.")
