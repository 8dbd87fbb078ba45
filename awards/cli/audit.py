"""`tdkt audit verify`, `tdkt backup`, `tdkt restore`: trust in what is stored."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from awards import backup as backups
from awards.bootstrap import build
from awards.db import upgrade
from awards.services.audit.verify import verify_audit
from awards.settings import get_settings

app = typer.Typer(help="Nhật ký kiểm toán: kiểm tra chuỗi băm.", no_args_is_help=True)
SHOWN = 50


@app.command()
def verify() -> None:
    """Kiểm tra mọi sự kiện nhật ký: phát hiện và nêu tên sự kiện bị sửa, xóa hoặc chèn."""
    tdkt = build()
    report = verify_audit(tdkt.uow)
    tdkt.close()
    typer.echo(
        f"Đã kiểm tra {report.dossiers:,} hồ sơ, {report.events:,} sự kiện.".replace(",", ".")
    )
    if report.ok:
        typer.echo("Nhật ký toàn vẹn: không có sự kiện nào bị sửa, xóa hoặc chèn.")
        return
    for problem in report.problems[:SHOWN]:
        typer.secho(f"  ✗ {problem}", fg=typer.colors.RED)
    if len(report.problems) > SHOWN:
        typer.echo(f"  … và {len(report.problems) - SHOWN} lỗi khác.")
    raise typer.Exit(1)


def backup_cmd(dest: Annotated[Path, typer.Argument(help="Tệp sao lưu mới (.db)")]) -> None:
    """Sao lưu trực tuyến CSDL SQLite nhúng (ứng dụng vẫn chạy)."""
    info = backups.backup(get_settings().effective_database_url, dest)
    typer.echo(
        f"Đã sao lưu {info.dossiers} hồ sơ, {info.audit_events} sự kiện vào {info.path} "
        f"({info.size_bytes // 1024} KiB, lược đồ {info.revision})."
    )


def restore_cmd(
    src: Annotated[Path, typer.Argument(help="Tệp sao lưu đã tạo bằng `tdkt backup`")],
) -> None:
    """Khôi phục CSDL SQLite nhúng từ bản sao lưu (dừng web và lịch chạy trước)."""
    url = get_settings().effective_database_url
    info = backups.restore(src, url)
    upgrade(url)  # a backup of an older revision is brought to this version's schema
    tdkt = build()
    report = verify_audit(tdkt.uow)
    tdkt.close()
    typer.echo(f"Đã khôi phục {info.dossiers} hồ sơ, {info.audit_events} sự kiện từ {src}.")
    if not report.ok:
        typer.secho(f"Cảnh báo: nhật ký có {len(report.problems)} lỗi; chạy `tdkt audit verify`.")
        raise typer.Exit(1)
    typer.echo("Nhật ký kiểm toán sau khôi phục: toàn vẹn.")
