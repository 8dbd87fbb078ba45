"""Checks of free-text fields, shared by every boundary (API, pages, CLI, imports) and the services.

Pure functions: each returns None when the value is fine, otherwise the Vietnamese message a
person reads (what is wrong and how to fix it). Raising is the caller's business, so a form can
put the message next to its field and an import next to its row.
"""

from __future__ import annotations

import re
import unicodedata

from awards.errors import FieldInvalid

# A decision number as Nghị định 30/2020/NĐ-CP writes it: number/QĐ-issuer, e.g. 25/QĐ-LĐLĐ.
DECISION_NO = re.compile(r"\d{1,5}/QĐ-[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)*")
DECISION_NO_EXAMPLE = "25/QĐ-LĐLĐ"
# One address, no display name: what a mailbox needs, not all RFC 5322 allows.
EMAIL = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+"
)
SUMMARY_MAX = 4000  # the dossier's achievement_summary column


def control_problem(label: str, value: str, *, multiline: bool = False) -> str | None:
    """Control characters (a line break in a one-line field, NUL, escapes…) are refused."""
    allowed = {"\n", "\r", "\t"} if multiline else set()
    bad = next(
        (c for c in value if unicodedata.category(c) in ("Cc", "Cf") and c not in allowed), None
    )
    if bad is None:
        return None
    where = "xuống dòng" if bad in "\r\n" else f"ký tự điều khiển U+{ord(bad):04X}"
    return f"{label} có {where}; hãy nhập lại trên một dòng, chỉ chữ và số."


def decision_no_problem(value: str | None, label: str = "Số quyết định") -> str | None:
    if value is None or not value.strip():
        return f"{label} còn trống; nhập số quyết định dạng {DECISION_NO_EXAMPLE}."
    problem = control_problem(label, value)
    if problem:
        return problem
    if not DECISION_NO.fullmatch(value.strip()):
        return (
            f"{label} '{value.strip()}' không đúng dạng số/QĐ-cơ quan ban hành "
            f"(ví dụ {DECISION_NO_EXAMPLE})."
        )
    return None


def _count(n: int) -> str:
    return f"{n:,}".replace(",", ".")  # 4.000, as Vietnamese writes numbers


def too_long(value: str, max_length: int) -> str | None:
    """The reason a value is too long (without the field's name), or None."""
    if len(value) <= max_length:
        return None
    return f"dài {_count(len(value))} ký tự, quá giới hạn {_count(max_length)} ký tự; hãy rút gọn"


def text_problem(label: str, value: str, max_length: int, *, multiline: bool = False) -> str | None:
    """Length and control characters of one free-text field."""
    long = too_long(value, max_length)
    if long:
        return f"{label} {long}."
    return control_problem(label, value, multiline=multiline)


def summary_problem(value: str) -> str | None:
    """The achievement summary's one rule, for the form, the API and the import alike."""
    return text_problem("Tóm tắt thành tích", value, SUMMARY_MAX, multiline=True)


def email_problem(value: str | None, label: str = "Địa chỉ thư điện tử") -> str | None:
    if value is None or value == "":
        return None
    problem = control_problem(label, value)
    if problem:
        return problem
    if len(value) > 200 or not EMAIL.fullmatch(value):
        return f"{label} '{value}' không hợp lệ; nhập dạng ten@donvi.vn."
    return None


def require(**problems: str | None) -> None:
    """Raise FieldInvalid naming every field whose check found a problem."""
    found = {name: why for name, why in problems.items() if why}
    if found:
        raise FieldInvalid(found)


def decision_problems(number: str | None, signer: str | None) -> dict[str, str | None]:
    """The checks of a decision record given by a person (number, signer)."""
    return {
        "decision_no": decision_no_problem(number),
        "decision_signer": text_problem("Người ký quyết định", signer or "", 200),
    }
