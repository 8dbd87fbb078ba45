"""`tdkt db …`: schema migrations."""

from __future__ import annotations

import typer

from awards.bootstrap import build
from awards.db import current_tables

app = typer.Typer(help="Cơ sở dữ liệu: nâng cấp lược đồ.", no_args_is_help=True)


@app.command()
def upgrade() -> None:
    """Nâng cấp lược đồ CSDL lên phiên bản mới nhất (Alembic)."""
    tdkt = build(migrate=True)
    tables = current_tables(tdkt.engine)
    typer.echo(f"CSDL {tdkt.settings.effective_database_url}: {len(tables)} bảng, đã cập nhật.")
    tdkt.close()
