"""Dates typed on the command line: dd/mm/yyyy or YYYY-MM-DD everywhere, printed dd/mm/yyyy.

A date that does not exist (30/02) or is written another way stops the command with a
Vietnamese message naming the option, never a traceback.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime

import typer

FORMATS = ("%d/%m/%Y", "%Y-%m-%d")
_VN = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_day(text: str, option: str) -> date:
    """The day `text` means, or exit 2 with what is wrong and how to write it."""
    value = text.strip()
    if m := _VN.match(value):
        day, month, year = (int(g) for g in m.groups())
    elif m := _ISO.match(value):
        year, month, day = (int(g) for g in m.groups())
    else:
        _fail(f"{option}: '{text}' không phải ngày; viết dd/mm/yyyy (ví dụ 31/12/2025).")
    if not 1 <= month <= 12:
        _fail(f"{option}: '{text}' có tháng {month}, không có tháng này (1–12).")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        _fail(
            f"{option}: ngày {day} không có trong tháng {month}/{year} (tháng này có {last} ngày)."
        )
    return date(year, month, day)


def maybe_day(text: str | None, option: str) -> date | None:
    return parse_day(text, option) if text else None


def _fail(message: str) -> None:
    typer.echo(f"Lỗi: {message}", err=True)
    raise typer.Exit(2)


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
