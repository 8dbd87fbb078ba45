"""Reading generated documents back for assertions."""

from __future__ import annotations

import io

import docx


def docx_text(data: bytes) -> str:
    """Every paragraph and table cell of a DOCX, read back with python-docx."""
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([*(p.text for p in document.paragraphs), *cells])
