"""`tdkt dossier …`: show a dossier with its history, and make any move of the lifecycle."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

import typer
from sqlmodel import col, select

from awards.bootstrap import build
from awards.model import Dossier
from awards.repository.dossiers import audit_trail
from awards.services.lifecycle import move
from awards.services.moves import Actor, MoveRequest
from states import DossierState, Trigger

app = typer.Typer(help="Hồ sơ đề nghị khen thưởng: xem và chuyển trạng thái.", no_args_is_help=True)


@app.command()
def show(code: str) -> None:
    """Xem hồ sơ và lịch sử xử lý."""
    tdkt = build()
    with tdkt.uow() as uow:
        d = uow.session.exec(select(Dossier).where(col(Dossier.code) == code)).first()
        if d is None:
            raise typer.BadParameter(f"không có hồ sơ mã '{code}'")
        trail = audit_trail(uow.session, d.id or 0)
    tz = tdkt.settings.tz
    typer.echo(f"{d.code} · {d.award_code} · {DossierState(d.state).label} · phiên bản {d.version}")
    for e in trail:
        typer.echo(
            f"  {e.seq:>3}. {e.at.astimezone(tz):%d/%m/%Y %H:%M} {e.actor} ({e.role}): "
            f"{Trigger(e.trigger).label} · {DossierState(e.from_state).label} → "
            f"{DossierState(e.to_state).label}" + (f" · {e.reason}" if e.reason else "")
        )
    tdkt.close()


@app.command("move")
def move_cmd(
    code: str,
    trigger: Annotated[str, typer.Argument(help="Thao tác, ví dụ: submit, receive, approve")],
    actor: Annotated[str, typer.Option(help="Người thực hiện")] = "cán bộ",
    role: Annotated[str, typer.Option(help="Vai trò")] = "secretariat",
    reason: Annotated[str, typer.Option(help="Lý do (bắt buộc khi trả lại, tạm dừng)")] = "",
    due: Annotated[str | None, typer.Option(help="Hạn (YYYY-MM-DD)")] = None,
    decision_no: Annotated[str | None, typer.Option(help="Số quyết định")] = None,
    version: Annotated[int | None, typer.Option(help="Phiên bản mong đợi")] = None,
) -> None:
    """Chuyển trạng thái một hồ sơ (mỗi thao tác là một giao dịch)."""
    try:
        trig = Trigger(trigger)
    except ValueError:
        raise typer.BadParameter(
            f"thao tác '{trigger}' không có; dùng một trong: {', '.join(t.value for t in Trigger)}"
        ) from None
    now = datetime.now(UTC)
    req = MoveRequest(
        trigger=trig,
        actor=Actor(actor, role),
        now=now,
        reason=reason,
        due_on=date.fromisoformat(due) if due else None,
        decision_no=decision_no,
        decision_date=now.date() if decision_no else None,
    )
    tdkt = build()
    outcome = move(tdkt.uow, code, req, expected_version=version)
    tdkt.close()
    typer.echo(
        f"{code}: {DossierState(outcome.source).label} → {DossierState(outcome.dest or '').label}"
    )
