"""Document numbering: per-issuer, per-kind, per-year registers (one upsert per number)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from awards.errors import ConflictError
from awards.repository.dossiers import next_number
from awards.repository.numbers import peek_number, take_number


class RegisterRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def next_number(self, issuer: str, kind: str, year: int, count: int = 1) -> int:
        """The next number (or the last of a block of `count`); 1 on 1 January."""
        return next_number(self.session, issuer, kind, year, count)

    def take(self, issuer: str, kind: str, on: date, ref: str, *, mode: str = "kind") -> int:
        """The number of document `ref` for the year of its date `on` (kept on a re-issue that
        year); `mode` "issuer" numbers all kinds of the issuer in one sequence."""
        try:
            return take_number(self.session, issuer, kind, on, ref, mode=mode)
        except IntegrityError as err:  # a number held by another document: the register is off
            raise ConflictError(
                f"Sổ đăng ký văn bản của {issuer} năm {on.year} đã cấp số tiếp theo cho văn bản "
                "khác; không có gì được ghi. Báo quản trị kiểm tra sổ đăng ký rồi thử lại."
            ) from err

    def peek(self, issuer: str, kind: str, on: date, ref: str, *, mode: str = "kind") -> int:
        """The number `take` would give `ref` now, without taking it."""
        return peek_number(self.session, issuer, kind, on, ref, mode=mode)
