"""`tdkt import …` and `tdkt template …`: unit submissions from XLSX/CSV, and their templates."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from awards.bootstrap import build
from awards.cli.common import as_message
from awards.cli.progress import bar
from awards.errors import ImportFileError
from awards.services.nomination.imports import (
    ImportResult,
    error_file_bytes,
    import_nominations,
    import_records,
)
from awards.services.nomination.tabular import TEMPLATES, Limits, template_bytes

app = typer.Typer(help="Nhập dữ liệu đơn vị gửi lên (XLSX/CSV).", no_args_is_help=True)
ValidOnly = Annotated[
    bool, typer.Option("--valid-only", help="Ghi các dòng đúng, trả các dòng lỗi ra tệp .loi")
]
Errors = Annotated[
    Path | None,
    typer.Option(
        "--errors",
        help="Ghi các dòng lỗi (kèm cột “Lỗi”) ra tệp .xlsx hoặc .csv này, kể cả khi không ghi gì",
    ),
]


def _run(errors: Path | None, do: Callable[[], ImportResult]) -> None:
    """Import, report, and write the rejected rows to `errors` whether or not any was written."""
    fmt = "csv" if errors is not None and errors.suffix.lower() == ".csv" else "xlsx"
    try:
        result = do()
    except ImportFileError as err:
        if errors is not None and err.rejected_rows:
            errors.write_bytes(error_file_bytes(err, fmt))
            typer.echo(f"Các dòng lỗi (kèm cột “Lỗi”): {errors}", err=True)
        raise
    _report(result)
    if errors is not None and result.rejected_rows:
        errors.write_bytes(result.error_bytes(fmt))
        typer.echo(f"Các dòng lỗi (kèm cột “Lỗi”): {errors}")


def _report(result: ImportResult) -> None:
    typer.echo(f"Đã ghi {result.written} dòng; bỏ {result.rejected} dòng lỗi.")
    if result.codes:
        typer.echo(f"Hồ sơ nháp đã lập: {', '.join(result.codes)}")
    for row, column, reason in result.problems:
        typer.echo(f"  dòng {row}, cột “{column}”: {reason}")
    if result.error_file:
        typer.echo(f"Các dòng lỗi: {result.error_file}")


@app.command()
@as_message
def nominations(
    path: Path,
    round_code: Annotated[str, typer.Option("--round")],
    valid_only: ValidOnly = False,
    errors: Errors = None,
) -> None:
    """Hồ sơ đề nghị (kèm thông tin người được đề nghị) vào một đợt."""
    with closing(build()) as tdkt, bar(f"Nhập {path.name}") as progress:
        _run(
            errors,
            lambda: import_nominations(
                tdkt.uow,
                path,
                round_code,
                now=datetime.now(UTC),
                valid_only=valid_only,
                progress=progress,
                limits=Limits.of(tdkt.settings),
            ),
        )


@app.command()
@as_message
def records(
    path: Path,
    programme: Annotated[str, typer.Option("--programme")],
    valid_only: ValidOnly = False,
    errors: Errors = None,
) -> None:
    """Kết quả chương trình (mỗi dòng một sáng kiến)."""
    with closing(build()) as tdkt:
        limits = Limits.of(tdkt.settings)
        _run(
            errors,
            lambda: import_records(tdkt.uow, path, programme, valid_only=valid_only, limits=limits),
        )


def template(
    kind: Annotated[str, typer.Argument(help=" | ".join(TEMPLATES))],
    out: Annotated[Path, typer.Argument(help="Tệp .xlsx hoặc .csv")],
) -> None:
    """Ghi tệp mẫu để đơn vị điền và gửi lên."""
    fmt = "csv" if out.suffix.lower() == ".csv" else "xlsx"
    out.write_bytes(template_bytes(kind, fmt))
    typer.echo(f"Đã ghi mẫu {kind}: {out}")
