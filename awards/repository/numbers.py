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
from awards.repository.dossiers import next_number

SERIES_MODES = ("issuer", "kind")  # one sequence per issuer per year, or one per kind


def take_number(
    session: Session, issuer: str, kind: str, on: date, ref: str, *, mode: str = "kind"
) -> int:
    """The number of document ``ref`` in ``issuer``'s register for the year of ``on`` (the
    document's date): the one it already holds that year, else the next of its series."""
    if mode not in SERIES_MODES:
        raise ValueError(f"Cách đánh số '{mode}' không có; dùng 'issuer' hoặc 'kind'.")
    held = session.exec(
        select(IssuedNumber).where(
            col(IssuedNumber.issuer) == issuer,
            col(IssuedNumber.year) == on.year,
            col(IssuedNumber.ref) == ref,
        )
    ).first()
    if held is not None:
        return held.number
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
