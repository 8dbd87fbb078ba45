"""`tdkt states …`: the lifecycle drawn from the transition table."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from states.diagram import mermaid

app = typer.Typer(help="Vòng đời hồ sơ.", no_args_is_help=True)


@app.command()
def diagram(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Ghi ra tệp")] = None,
) -> None:
    """In (hoặc ghi) sơ đồ mermaid của vòng đời hồ sơ, sinh từ bảng chuyển trạng thái."""
    text = mermaid()
    if output:
        output.write_text(text + "\n", encoding="utf-8")
        typer.echo(f"Đã ghi {output}")
    else:
        typer.echo(text)
