"""`tdkt import …` and `tdkt template …`: unit submissions from XLSX/CSV, and their templates."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from awards.bootstrap import build
from awards.services.nomination.imports import ImportResult, import_nominations, import_records
from awards.services.nomination.tabular import TEMPLATES, Limits, template_bytes

app = typer.Typer(help="Nhập dữ liệu đơn vị gửi lên (XLSX/CSV).", no_args_is_help=True)
ValidOnly = Annotated[
    bool, typer.Option("--valid-only", help="Ghi các dòng đúng, trả các dòng lỗi ra tệp .loi")
]


def _report(result: ImportResult) -> None:
    typer.echo(f"Đã ghi {result.written} dòng; bỏ {result.rejected} dòng lỗi.")
    if result.codes:
        typer.echo(f"Hồ sơ nháp đã lập: {', '.join(result.codes)}")
    for row, column, reason in result.problems:
        typer.echo(f"  dòng {row}, cột “{column}”: {reason}")
    if result.error_file:
        typer.echo(f"Các dòng lỗi: {result.error_file}")


@app.command()
def nominations(
    path: Path, round_code: Annotated[str, typer.Option("--round")], valid_only: ValidOnly = False
) -> None:
    """Hồ sơ đề nghị (kèm thông tin người được đề nghị) vào một đợt."""
    tdkt = build()
    _report(
        import_nominations(
            tdkt.uow,
            path,
            round_code,
            now=datetime.now(UTC),
            valid_only=valid_only,
            limits=Limits.of(tdkt.settings),
        )
    )
    tdkt.close()


@app.command()
def records(
    path: Path,
    programme: Annotated[str, typer.Option("--programme")],
    valid_only: ValidOnly = False,
) -> None:
    """Kết quả chương trình (mỗi dòng một sáng kiến)."""
    tdkt = build()
    limits = Limits.of(tdkt.settings)
    _report(import_records(tdkt.uow, path, programme, valid_only=valid_only, limits=limits))
    tdkt.close()


def template(
    kind: Annotated[str, typer.Argument(help=" | ".join(TEMPLATES))],
    out: Annotated[Path, typer.Argument(help="Tệp .xlsx hoặc .csv")],
) -> None:
    """Ghi tệp mẫu để đơn vị điền và gửi lên."""
    fmt = "csv" if out.suffix.lower() == ".csv" else "xlsx"
    out.write_bytes(template_bytes(kind, fmt))
    typer.echo(f"Đã ghi mẫu {kind}: {out}")
