"""Document numbers (số, ký hiệu) the NĐ 30/2020 way: ``714/BC-LĐLĐ``.

NĐ 30 Điều 15: numbers restart at 01 on 1 January and are unique within a year for an issuer.
Keeping the register (and taking the next number atomically) is the persistence layer's job; the
functions here only say what the next number is and how it is written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from awards.model.audit import ALL_KINDS as ALL_KINDS  # re-exported: the register's key

# An issuer that numbers all its documents in one sequence (LĐLĐ Lai Châu's 2023 numbers
# 403/KH, 423/KH, 714/BC rise together) keys its register with ALL_KINDS instead of the kind.
DRAFT_BLANK = "    "  # the gap left for the number on an unnumbered draft

RegisterKey = tuple[str, str, int]  # (issuer code, kind code or ALL_KINDS, year)

_NUMBER = re.compile(r"^(?P<no>\d+)/(?:(?P<kind>[^-/\s]+)-)?(?P<issuer>[^/\s]+)$")


def format_number(no: int | None, kind: str | None, issuer_code: str) -> str:
    """``714/BC-LĐLĐ``; ``01/KH-LĐLĐ`` (two digits at least); ``    /BC-LĐLĐ`` for a draft.

    A công văn has no kind: ``format_number(1070, None, "LĐLĐ")`` is ``1070/LĐLĐ``.
    """
    if no is not None and no < 1:
        raise ValueError(f"Số văn bản phải từ 01 trở lên: {no}")
    shown = DRAFT_BLANK if no is None else f"{no:02d}"
    symbol = f"{kind}-{issuer_code}" if kind else issuer_code
    return f"{shown}/{symbol}"


def number_line(no: int | None, kind: str | None, issuer_code: str) -> str:
    """The header line: ``Số: 714/BC-LĐLĐ``, or ``Số:     /BC-LĐLĐ`` before numbering."""
    return f"Số: {format_number(no, kind, issuer_code)}"


def parse_number(text: str) -> tuple[int, str | None, str]:
    """``"714/BC-LĐLĐ"`` → ``(714, "BC", "LĐLĐ")``; ``"1070/LĐLĐ"`` → ``(1070, None, "LĐLĐ")``."""
    match = _NUMBER.match(text.strip().removeprefix("Số:").strip())
    if match is None:
        raise ValueError(f"Không đọc được số, ký hiệu văn bản: {text!r}")
    return int(match["no"]), match["kind"], match["issuer"]


def next_number(last_by_key: Mapping[RegisterKey, int], issuer: str, kind: str, year: int) -> int:
    """The number the next document of ``(issuer, kind, year)`` takes.

    ``last_by_key`` holds the last number issued per key. A year with no entry starts at 1, so
    numbering restarts on 1 January; otherwise the result is one more than the last, so a number
    is never repeated within a year (numbers of cancelled documents are not reused either).
    """
    last = last_by_key.get((issuer, kind, year), 0)
    if last < 0:
        raise ValueError(f"Sổ đăng ký văn bản có số âm: {last}")
    return last + 1
