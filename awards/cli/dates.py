"""Dates on the command line: dd/mm/yyyy (as officials write them) or yyyy-mm-dd, both accepted."""

from __future__ import annotations

from datetime import date, datetime

import typer

FORMATS = ("%d/%m/%Y", "%Y-%m-%d")


def parse_date(text: str, field: str) -> date:
    """A date typed by a person; a clear Vietnamese error (never a traceback) otherwise."""
    for fmt in FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise typer.BadParameter(
        f"{field} '{text}' không phải một ngày có thật: viết dd/mm/yyyy (ví dụ 31/12/2025) "
        "hoặc yyyy-mm-dd (2025-12-31)."
    )
