"""Legal basis as an official document cites it, from a policy's research-tagged ``legal_basis``.

Policies keep their research notes ("Khoản 3 Điều 9 NĐ 91/2017/NĐ-CP (đã thay thế; chưa xác
nhận …)", status V-old): rule authors need them on their screens. A signed document prints only
the citation ("Khoản 3 Điều 9 Nghị định số 91/2017/NĐ-CP"), or nothing when the basis is a note
rather than a text ("Chưa tìm được văn bản…", "thông lệ…").
"""

from __future__ import annotations

import re

# A citation names a legal text: a law, a decree, a decision, a circular, a guidance.
_TEXT = re.compile(
    r"\b(?:Luật|Hiến pháp|Nghị định|NĐ|Quyết định|QĐ|Thông tư|TT|Hướng dẫn|HD|Nghị quyết|NQ)"
    r"(?:\s+số)?\s+(?:\d+/\S+|[A-ZĐ][^\d;()]*\d{4})"
)
# Words of a research note, never of a citation.
_NOTE = re.compile(
    r"chưa tìm được|chưa xác|cần xác minh|giả định|thông lệ|cách hiểu|không phải quy định",
    re.IGNORECASE,
)
_ABBREVIATIONS = (
    (re.compile(r"\bNĐ\s+(?=\d)"), "Nghị định số "),
    (re.compile(r"\bQĐ\s+(?=\d)"), "Quyết định số "),
    (re.compile(r"\bHD\s+(?=\d)"), "Hướng dẫn số "),
    (re.compile(r"\bTT\s+(?=\d)"), "Thông tư số "),
    (re.compile(r"\bNQ\s+(?=\d)"), "Nghị quyết số "),
)


def citation(legal_basis: str) -> str | None:
    """The citable head of ``legal_basis`` (before any "(…)", "[…]" or ";"), written out in
    full; ``None`` when it cites no legal text or is a research note."""
    head = re.split(r"[(\[;]", legal_basis, maxsplit=1)[0].strip().rstrip(",.")
    if not head or _NOTE.search(head) or not _TEXT.search(head):
        return None
    for pattern, full in _ABBREVIATIONS:
        head = pattern.sub(full, head)
    return head
