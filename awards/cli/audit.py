"""`tdkt audit verify`, `tdkt backup`, `tdkt restore`: trust in what is stored."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from awards import backup as backups
from awards.bootstrap import App, build
from awards.db import upgrade
from awards.services.audit.invariants import person_fingerprints, verify_invariants
from awards.services.audit.verify import verify_audit
from awards.settings import get_settings

app = typer.Typer(help="Nhật ký kiểm toán: kiểm tra chuỗi băm.", no_args_is_help=True)
SHOWN = 50


@app.command()
def verify(
    invariants: Annotated[
        bool,
        typer.Option(
            "--invariants",
            help="Kiểm tra thêm các bất biến của quy trình xét duyệt: thông qua có biểu quyết của "
            "Hội đồng, khen thưởng có quyết định của cấp có thẩm quyền, đúng phạm vi đơn vị.",
        ),
    ] = False,
    facts_baseline: Annotated[
        Path | None,
        typer.Option(
            "--facts-baseline",
            help="Tệp mốc thông tin đoàn viên (JSON): chưa có thì ghi mốc; đã có thì báo mọi "
            "đoàn viên bị đổi thông tin từ lúc ghi mốc.",
        ),
    ] = None,
) -> None:
    """Kiểm tra mọi sự kiện nhật ký: phát hiện và nêu tên sự kiện bị sửa, xóa hoặc chèn."""
    tdkt = build()
    try:
        report = verify_audit(tdkt.uow)
        baseline = _baseline(tdkt, facts_baseline) if invariants else None
        checked = verify_invariants(tdkt.uow, baseline) if invariants else None
    finally:
        tdkt.close()
    typer.echo(
        f"Đã kiểm tra {report.dossiers:,} hồ sơ, {report.events:,} sự kiện.".replace(",", ".")
    )
    problems = [str(p) for p in report.problems]
    if report.ok:
        typer.echo("Nhật ký toàn vẹn: không có sự kiện nào bị sửa, xóa hoặc chèn.")
    if checked is not None:
        typer.echo(
            f"Bất biến: {checked.approvals} lần thông qua, {checked.awarded} hồ sơ đã khen "
            f"thưởng, {checked.nominees} người được đề nghị, {checked.moves} thao tác của tài "
            f"khoản, {checked.people} đoàn viên so với mốc."
        )
        if checked.ok:
            typer.echo("Không có vi phạm bất biến nào.")
        else:
            typer.echo(f"Có {len(checked.problems)} vi phạm:")
        problems += [str(p) for p in checked.problems]
    for problem in problems[:SHOWN]:
        typer.secho(f"  ✗ {problem}", fg=typer.colors.RED)
    if len(problems) > SHOWN:
        typer.echo(f"  … và {len(problems) - SHOWN} lỗi khác.")
    if problems:
        raise typer.Exit(1)


def _baseline(tdkt: App, path: Path | None) -> dict[str, str] | None:
    """The person facts' baseline of `path`; a missing file is written now (and so matches)."""
    if path is None:
        return None
    if not path.exists():
        facts = person_fingerprints(tdkt.uow)
        path.write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
        typer.echo(f"Đã ghi mốc thông tin {len(facts)} đoàn viên vào {path}.")
        return facts
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise typer.BadParameter(
            f"Không đọc được tệp mốc {path} ({err}); xóa tệp để ghi mốc mới."
        ) from None
    if not isinstance(data, dict):
        raise typer.BadParameter(f"Tệp mốc {path} không đúng dạng; xóa tệp để ghi mốc mới.")
    return {str(k): str(v) for k, v in data.items()}


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
