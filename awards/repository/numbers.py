"""The register of document numbers: take a number on issue, keep it for a re-issue that year.

The counter (``number_register``) hands out the next number atomically; ``issued_number``
records which document holds it, and its unique constraints make a second holder of a number,
or a second number for one document in one year, impossible whatever the caller does.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from awards.model import IssuedNumber
from awards.model.audit import ALL_KINDS
from awards.repository.dossiers import REGISTER, next_number

SERIES_MODES = ("issuer", "kind")  # one sequence per issuer per year, or one per kind


def take_number(
    session: Session, issuer: str, kind: str, on: date, ref: str, *, mode: str = "kind"
) -> int:
    """The number of document ``ref`` in ``issuer``'s register for the year of ``on`` (the
    document's date): the one it already holds that year, else the next of its series."""
    if mode not in SERIES_MODES:
        raise ValueError(f"Cách đánh số '{mode}' không có; dùng 'issuer' hoặc 'kind'.")
    held = _held(session, issuer, on, ref)
    if held is not None:
        return held
    series = ALL_KINDS if mode == "issuer" else kind
    number = next_number(session, issuer, series, on.year)
    session.add(
        IssuedNumber(
            issuer=issuer,
            series=series,
            year=on.year,
            number=number,
            kind=kind,
            ref=ref,
            issued_on=on,
        )
    )
    session.flush()  # the constraints speak now, inside the caller's transaction
    return number


def peek_number(
    session: Session, issuer: str, kind: str, on: date, ref: str, *, mode: str = "kind"
) -> int:
    """The number ``take_number`` would give ``ref`` now, taking nothing: another document
    numbered in between moves it on."""
    held = _held(session, issuer, on, ref)
    if held is not None:
        return held
    series = ALL_KINDS if mode == "issuer" else kind
    last = session.execute(
        select(REGISTER.c.last_no).where(
            REGISTER.c.issuer == issuer, REGISTER.c.kind == series, REGISTER.c.year == on.year
        )
    ).scalar()
    return int(last or 0) + 1


def _held(session: Session, issuer: str, on: date, ref: str) -> int | None:
    """The number ``ref`` already holds in the year of ``on``."""
    held = session.exec(
        select(IssuedNumber).where(
            col(IssuedNumber.issuer) == issuer,
            col(IssuedNumber.year) == on.year,
            col(IssuedNumber.ref) == ref,
        )
    ).first()
    return held.number if held is not None else None
