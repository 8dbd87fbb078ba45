"""`tdkt mail …`: deliver the outbox, list and requeue messages that failed."""

from __future__ import annotations

from datetime import UTC, datetime

import typer

from awards.bootstrap import build
from awards.cli.progress import bar
from awards.services.mail.delivery import deliver, failed_messages, retry_failed

app = typer.Typer(help="Hàng đợi thư: gửi, xem thư lỗi, gửi lại.", no_args_is_help=True)


@app.command("deliver")
def deliver_cmd() -> None:
    """Gửi mọi thư đang chờ (TDKT_MAIL_MODE=files: ghi .eml; smtp: gửi qua máy chủ SMTP)."""
    tdkt = build()
    with bar("Gửi thư") as progress:
        run = deliver(tdkt.uow, tdkt.settings, now=datetime.now(UTC), progress=progress)
    where = tdkt.settings.mail_dir if tdkt.settings.mail_mode == "files" else "SMTP"
    typer.echo(
        f"Đã gửi {run.sent} thư ({where}); {run.retry} thư lỗi tạm thời sẽ gửi lại; "
        f"{run.failed} thư thất bại."
    )
    for key, recipient, why in run.failures:
        typer.echo(f"  {key} → {recipient}: {why}")
    tdkt.close()


@app.command("failed")
def failed_cmd() -> None:
    """Liệt kê thư gửi thất bại (địa chỉ sai, máy chủ từ chối…) để sửa rồi gửi lại."""
    tdkt = build()
    rows = failed_messages(tdkt.uow)
    typer.echo(f"{len(rows)} thư thất bại:")
    tz = tdkt.settings.tz
    for row in rows:
        typer.echo(
            f"  {row.created_at.astimezone(tz):%d/%m/%Y %H:%M} {row.kind} → {row.recipient} "
            f"({row.attempts} lần): {row.last_error}"
        )
    tdkt.close()


@app.command("retry")
def retry_cmd() -> None:
    """Đưa mọi thư thất bại trở lại hàng đợi (sau khi đã sửa địa chỉ hoặc máy chủ)."""
    tdkt = build()
    typer.echo(f"Đã đưa {retry_failed(tdkt.uow)} thư trở lại hàng đợi.")
    tdkt.close()
