"""Documents written from a template the federation edits (Jinja text, stored as a data file).

A template is plain text: Jinja fills in the figures (``{{ ... }}``, ``{% if ... %}``), then each
line becomes one block of the NĐ 30 body:

- ``# I. TÌNH HÌNH CHUNG``: a heading (``##`` a sub-heading, ``###`` bold italic);
- ``[[muc: tinh_hinh_chung]]``: the text the secretariat wrote for that section, one paragraph per
  line (never read as template code, so a "#" or "{{" typed on the screen prints as typed);
- ``[[bang: don_vi]]``, ``[[bieu_do]]``: a table or the chart the program makes;
- any other non-empty line: a paragraph.

The template runs sandboxed: it reads the figures it is given and nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from awards.data import DATA_DIR
from awards.errors import ValidationError
from awards.reports.documents import Block, BodyHeading, BodyText

_ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)
# "Thi đua năm 2025" → "thi đua năm 2025", for a name used mid-sentence (proper names keep theirs).
_ENV.filters["lower_first"] = lambda text: text[:1].lower() + text[1:] if text else text
_MARKER = re.compile(r"^\[\[\s*(muc|bang|bieu_do)\s*(?::\s*([a-z0-9_]+))?\s*\]\]$")
_HEADING = re.compile(r"^(#{1,3})\s+(.+)$")
# What an empty free-text section prints: the dotted line of a form still to be filled in
# (one printed line at 14 pt, so it never wraps).
EMPTY_SECTION = "…………………………………………………………………………"


def text_blocks(text: str) -> list[Block]:
    """A section typed on the screen: one paragraph per non-empty line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return [BodyText(line) for line in lines] or [BodyText(EMPTY_SECTION)]


def render_template(
    source: str,
    name: str,
    context: Mapping[str, Any],
    *,
    sections: Mapping[str, str],
    tables: Mapping[str, Callable[[], Sequence[Block]]],
) -> tuple[Block, ...]:
    """The body blocks of a template; a mistake in it is named by file and line."""
    try:
        text = _ENV.from_string(source).render(**context)
    except TemplateError as exc:
        line = getattr(exc, "lineno", None)
        where = f" (dòng {line})" if line else ""
        raise ValidationError(
            f"Mẫu văn bản '{name}' có lỗi{where}: {exc.message or exc}. Sửa mẫu rồi tạo lại; "
            "mẫu gốc ghi bằng lệnh tdkt documents templates."
        ) from exc
    blocks: list[Block] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if found := _MARKER.match(line):
            blocks += _marker(name, found[1], found[2] or "", sections, tables)
        elif found := _HEADING.match(line):
            blocks.append(BodyHeading(found[2].strip(), level=len(found[1])))
        else:
            blocks.append(BodyText(line))
    return tuple(blocks)


def _marker(
    name: str,
    kind: str,
    key: str,
    sections: Mapping[str, str],
    tables: Mapping[str, Callable[[], Sequence[Block]]],
) -> list[Block]:
    if kind == "muc":
        if key not in sections:
            raise ValidationError(
                f"Mẫu văn bản '{name}' gọi mục '{key}' không có; các mục: {', '.join(sections)}."
            )
        return text_blocks(sections[key])
    key = "bieu_do" if kind == "bieu_do" else key
    if key not in tables:
        raise ValidationError(
            f"Mẫu văn bản '{name}' gọi bảng '{key}' không có; các bảng: {', '.join(tables)}."
        )
    return list(tables[key]())


def default_template(name: str) -> str:
    """The shipped template ``name`` (awards/data/mau-*.j2)."""
    return (DATA_DIR / name).read_text(encoding="utf-8")
