"""Council screen reads added for issue 20: a member's own open votes, and the names of the
dossiers on an agenda (nominee, nominating unit)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from awards.model import Council, CouncilMember, CouncilSession, CouncilVote, UserAccount
from awards.repository.listing import DOSSIER, DossierLine, dossier_lines


def my_open_votes(s: Session, member_id: int, item_ids: Sequence[int]) -> dict[int, str]:
    """{item id: 'yes' | 'no'} of the member's open-ballot votes (secret ballots keep none)."""
    if not item_ids:
        return {}
    stmt = select(col(CouncilVote.item_id), col(CouncilVote.choice)).where(
        col(CouncilVote.member_id) == member_id, col(CouncilVote.item_id).in_(item_ids)
    )
    return {int(i): str(c) for i, c in s.execute(stmt).tuples()}


def lines_of(s: Session, dossier_ids: Sequence[int]) -> dict[str, DossierLine]:
    """{dossier code: its list line with the names} for the dossiers of an agenda."""
    if not dossier_ids:
        return {}
    where = [DOSSIER.c.id.in_(sorted(set(dossier_ids)))]
    return {x.code: x for x in dossier_lines(s, where, limit=len(set(dossier_ids)), offset=0)}


def invited_sessions(s: Session, email: str) -> list[tuple[str, date, str]]:
    """(code, held on, council name) of the open sessions whose council counts a member with
    this e-mail on the session's day: where the member's invitation went."""
    if not email.strip():
        return []
    valid_to = col(CouncilMember.valid_to)
    stmt = (
        select(col(CouncilSession.code), col(CouncilSession.held_on), col(Council.name))
        .join(Council, col(Council.id) == col(CouncilSession.council_id))
        .join(CouncilMember, col(CouncilMember.council_id) == col(Council.id))
        .where(
            col(CouncilSession.status) == "open",
            func.lower(col(CouncilMember.email)) == email.strip().lower(),
            col(CouncilMember.valid_from) <= col(CouncilSession.held_on),
            or_(valid_to.is_(None), valid_to > col(CouncilSession.held_on)),
        )
        .order_by(col(CouncilSession.held_on), col(CouncilSession.code))
        .distinct()
    )
    return [(str(c), d, str(n)) for c, d, n in s.execute(stmt).tuples()]


def email_of(s: Session, user_id: int) -> str:
    user = s.get(UserAccount, user_id)
    return (user.email or "") if user else ""
