"""Council queries: effective-dated lookups, the session lock, vote rows and counters."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Table, and_, func, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from awards.errors import ConflictError, NotFoundError
from awards.model import (
    Council,
    CouncilAgendaItem,
    CouncilAttendance,
    CouncilBallot,
    CouncilDelegation,
    CouncilMember,
    CouncilSession,
    CouncilVote,
    Dossier,
    Person,
)

ITEM: Table = CouncilAgendaItem.__table__  # type: ignore[attr-defined]


def council_on(session: Session, unit_id: int, on: date) -> Council | None:
    """The council of a unit in force on ``on``."""
    valid_to = col(Council.valid_to)
    stmt = select(Council).where(
        col(Council.unit_id) == unit_id,
        col(Council.valid_from) <= on,
        or_(valid_to.is_(None), valid_to > on),
    )
    return session.exec(stmt).first()


def members_on(session: Session, council_id: int, on: date) -> list[CouncilMember]:
    """Members in office on ``on``, chair first, then by role and id."""
    valid_to = col(CouncilMember.valid_to)
    stmt = select(CouncilMember).where(
        col(CouncilMember.council_id) == council_id,
        col(CouncilMember.valid_from) <= on,
        or_(valid_to.is_(None), valid_to > on),
    )
    members = list(session.exec(stmt).all())
    order = {"chu_tich": 0, "pho_chu_tich": 1, "thu_ky": 2, "uy_vien": 3}
    return sorted(members, key=lambda m: (order[m.role], m.id))


def delegations_of(session: Session, member_ids: Sequence[int]) -> list[CouncilDelegation]:
    stmt = select(CouncilDelegation).where(col(CouncilDelegation.member_id).in_(member_ids))
    return list(session.exec(stmt.order_by(col(CouncilDelegation.id))).all())


def session_by_code(session: Session, code: str, *, lock: str | None = None) -> CouncilSession:
    """A session by code; ``lock`` = "share" (votes) or "update" (closing) on PostgreSQL.

    SQLite writers already hold the database lock (BEGIN IMMEDIATE), so nothing is added there.
    """
    stmt = select(CouncilSession).where(col(CouncilSession.code) == code)
    if lock and session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(read=lock == "share")
    found = session.exec(stmt).first()
    if found is None:
        raise NotFoundError(
            f"Không có phiên họp mã '{code}'; xem danh sách bằng `tdkt council session list`."
        )
    return found


def items_of(session: Session, session_id: int) -> list[CouncilAgendaItem]:
    stmt = select(CouncilAgendaItem).where(col(CouncilAgendaItem.session_id) == session_id)
    order = (col(CouncilAgendaItem.group_order), col(CouncilAgendaItem.item_order))
    return list(session.exec(stmt.order_by(*order)).all())


def attendance_of(session: Session, session_id: int) -> dict[int, CouncilAttendance]:
    stmt = select(CouncilAttendance).where(col(CouncilAttendance.session_id) == session_id)
    return {a.member_id: a for a in session.exec(stmt).all()}


def votes_of(session: Session, item_ids: Sequence[int]) -> list[CouncilVote]:
    stmt = select(CouncilVote).where(col(CouncilVote.item_id).in_(item_ids))
    return list(session.exec(stmt.order_by(col(CouncilVote.id))).all())


def participants(session: Session, item_ids: Sequence[int]) -> dict[int, set[int]]:
    """Member ids that took part per item, open votes and secret ballots alike."""
    found: dict[int, set[int]] = {i: set() for i in item_ids}
    for table in (CouncilVote, CouncilBallot):
        stmt = select(col(table.item_id), col(table.member_id)).where(
            col(table.item_id).in_(item_ids)
        )
        for item_id, member_id in session.execute(stmt):
            found[item_id].add(member_id)
    return found


def record_participation(
    session: Session,
    rows: list[CouncilVote] | list[CouncilBallot],
    counters: dict[int, tuple[int, int]],
    duplicate: str,
) -> None:
    """Insert vote or ballot rows and add (yes, no) to each item's counters, in one flush.

    The unique (item, member) constraint turns a second vote into ConflictError(``duplicate``),
    even when two requests race past the service's own check.
    """
    session.add_all(rows)
    try:
        session.flush()
    except IntegrityError as err:
        session.rollback()
        raise ConflictError(duplicate) from err
    for item_id, (yes, no) in counters.items():
        session.execute(
            update(ITEM)
            .where(ITEM.c.id == item_id)
            .values(yes_count=ITEM.c.yes_count + yes, no_count=ITEM.c.no_count + no)
        )
    session.expire_all()  # the counters changed under the ORM's loaded items


def set_outcomes(session: Session, outcomes: dict[int, tuple[str, str]]) -> None:
    """Write (outcome, reason) per item id, only where no outcome was written before."""
    for item_id, (outcome, reason) in outcomes.items():
        session.execute(
            update(ITEM)
            .where(and_(ITEM.c.id == item_id, ITEM.c.outcome.is_(None)))
            .values(outcome=outcome, outcome_reason=reason)
        )
    session.expire_all()


def count_open_sessions(session: Session, council_id: int, round_id: int) -> int:
    stmt = select(func.count()).where(
        col(CouncilSession.council_id) == council_id,
        col(CouncilSession.round_id) == round_id,
        col(CouncilSession.status) != "closed",
    )
    return int(session.execute(stmt).scalar_one())


def to_dict(row: Any) -> dict[str, Any]:
    return {k: getattr(row, k) for k in row.model_fields}


def dossier_codes(session: Session, ids: Sequence[int]) -> dict[int, str]:
    stmt = select(col(Dossier.id), col(Dossier.code)).where(col(Dossier.id).in_(ids))
    return {int(i): str(c) for i, c in session.execute(stmt)}


def dossier_states(session: Session, codes: Sequence[str]) -> dict[str, str]:
    stmt = select(col(Dossier.code), col(Dossier.state)).where(col(Dossier.code).in_(codes))
    return {str(c): str(s) for c, s in session.execute(stmt)}


def person_names(session: Session, ids: Sequence[int]) -> dict[int, str]:
    stmt = select(col(Person.id), col(Person.full_name)).where(col(Person.id).in_(ids))
    return {int(i): str(n) for i, n in session.execute(stmt)}


def approved_earlier(session: Session, sess: CouncilSession) -> list[Dossier]:
    """Dossiers this council already approved in the session's round (any of its sessions) that
    still hold their place: the quota slots they use are no longer free."""
    stmt = (
        select(Dossier)
        .join(CouncilAgendaItem, col(CouncilAgendaItem.dossier_id) == col(Dossier.id))
        .join(CouncilSession, col(CouncilSession.id) == col(CouncilAgendaItem.session_id))
        .where(
            col(CouncilSession.council_id) == sess.council_id,
            col(CouncilSession.round_id) == sess.round_id,
            col(CouncilAgendaItem.outcome) == "approved",
            col(Dossier.state) != "withdrawn",
        )
    )
    return list(session.exec(stmt))


def chair_of(session: Session, council_id: int, on: date) -> str:
    """The name of the council's chair on a date ("" when none is recorded)."""
    return next(
        (m.full_name for m in members_on(session, council_id, on) if m.role == "chu_tich"), ""
    )


def minutes_of(
    session: Session, unit_id: int, dossier_codes: Sequence[str]
) -> tuple[str, date] | None:
    """(number, date) of the latest biên bản of the unit's council that voted on these dossiers."""
    stmt = (
        select(col(CouncilSession.minutes_number), col(CouncilSession.held_on))
        .join(Council, col(Council.id) == col(CouncilSession.council_id))
        .join(CouncilAgendaItem, col(CouncilAgendaItem.session_id) == col(CouncilSession.id))
        .join(Dossier, col(Dossier.id) == col(CouncilAgendaItem.dossier_id))
        .where(
            col(Council.unit_id) == unit_id,
            col(CouncilSession.minutes_number).is_not(None),
            col(Dossier.code).in_(list(dossier_codes)),
        )
        .order_by(col(CouncilSession.held_on).desc(), col(CouncilSession.id).desc())
        .limit(1)
    )
    found = session.execute(stmt).first()
    return (str(found[0]), found[1]) if found else None
