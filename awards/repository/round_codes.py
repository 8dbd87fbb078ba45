"""The codes of every round of movements, for the screens that let a user pick one."""

from __future__ import annotations

from sqlmodel import Session, col, select

from awards.model import Round


def round_codes(session: Session, *, newest_first: bool = False) -> list[str]:
    """Round codes in code order, or in reverse (the submissions screen preselects the first)."""
    code = col(Round.code)
    return list(session.exec(select(code).order_by(code.desc() if newest_first else code)))
