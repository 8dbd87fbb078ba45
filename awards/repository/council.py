"""Council queries: effective-dated lookups, the session lock, vote rows and counters."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, and_, bindparam, or_, union_all, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import defer, lazyload
from sqlmodel import Session, col, select

from awards.errors import ConflictError, NotFoundError
from awards.model import (
    Award,
    Council,
    CouncilAgendaItem,
    CouncilAttendance,
    CouncilBallot,
    CouncilDelegation,
    CouncilEvent,
    CouncilMember,
    CouncilSession,
    CouncilVote,
    Dossier,
    Person,
    Recognition,
    Round,
    Unit,
    UnitVersion,
    UserAccount,
)
from awards.repository import dossiers, org
from awards.repository.bulk import insert_rows
from awards.repository.org import UnitRow
from states import DossierState

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


def items_of(
    session: Session, session_id: int, *, eligibility: bool = True
) -> list[CouncilAgendaItem]:
    """The agenda in order. ``eligibility=False`` leaves out the stored rules.Evaluation (~2 KB
    of JSON an item) for the votes, the tally and the closing, which never read it; reading it
    later loads it item by item, and fails once the unit of work is closed."""
    stmt = select(CouncilAgendaItem).where(col(CouncilAgendaItem.session_id) == session_id)
    if not eligibility:
        stmt = stmt.options(defer(CouncilAgendaItem.eligibility))  # type: ignore[arg-type]
    order = (col(CouncilAgendaItem.group_order), col(CouncilAgendaItem.item_order))
    return list(session.exec(stmt.order_by(*order)).all())


def items_by_codes(
    session: Session, session_id: int, codes: Sequence[str]
) -> dict[str, CouncilAgendaItem]:
    """The session's agenda items of these dossiers, by dossier code (one join, however long
    the agenda is)."""
    stmt = (
        select(CouncilAgendaItem, col(Dossier.code))
        .join(Dossier, col(Dossier.id) == col(CouncilAgendaItem.dossier_id))
        .where(col(CouncilAgendaItem.session_id) == session_id, col(Dossier.code).in_(codes))
        .options(defer(CouncilAgendaItem.eligibility))  # type: ignore[arg-type]  # votes never read it
    )
    return {str(code): item for item, code in session.execute(stmt)}


def attendance_of(session: Session, session_id: int) -> dict[int, CouncilAttendance]:
    stmt = select(CouncilAttendance).where(col(CouncilAttendance.session_id) == session_id)
    return {a.member_id: a for a in session.exec(stmt).all()}


def participants(session: Session, item_ids: Sequence[int]) -> dict[int, set[int]]:
    """Member ids that took part per item, open votes and secret ballots alike."""
    found: dict[int, set[int]] = {i: set() for i in item_ids}
    votes, ballots = (
        select(col(t.item_id), col(t.member_id)).where(col(t.item_id).in_(item_ids))
        for t in (CouncilVote, CouncilBallot)
    )
    for item_id, member_id in session.execute(union_all(votes, ballots)):
        found[item_id].add(member_id)
    return found


def record_participation(
    session: Session,
    votes: list[dict[str, Any]],
    ballots: list[dict[str, Any]],
    counters: dict[int, tuple[int, int]],
    duplicate: str,
) -> None:
    """Insert vote and ballot rows (column values) and add (yes, no) to each item's counters:
    a few statements whatever the number of items (a group vote covers hundreds).

    The unique (item, member) constraint turns a second vote into ConflictError(``duplicate``),
    even when two requests race past the service's own check.
    """
    try:
        insert_rows(session, CouncilVote, votes)
        insert_rows(session, CouncilBallot, ballots)
    except IntegrityError as err:
        session.rollback()
        raise ConflictError(duplicate) from err
    if counters:
        stmt = (
            update(ITEM)
            .where(ITEM.c.id == bindparam("b_item"))
            .values(
                yes_count=ITEM.c.yes_count + bindparam("b_yes"),
                no_count=ITEM.c.no_count + bindparam("b_no"),
            )
        )
        params = [{"b_item": i, "b_yes": y, "b_no": n} for i, (y, n) in counters.items()]
        session.execute(stmt, params)
    session.expire_all()  # the counters changed under the ORM's loaded items


def set_outcomes(session: Session, outcomes: dict[int, tuple[str, str]]) -> None:
    """Write (outcome, reason) per item id, only where no outcome was written before."""
    if outcomes:
        stmt = (
            update(ITEM)
            .where(and_(ITEM.c.id == bindparam("b_item"), ITEM.c.outcome.is_(None)))
            .values(outcome=bindparam("b_outcome"), outcome_reason=bindparam("b_reason"))
        )
        params = [
            {"b_item": i, "b_outcome": outcome, "b_reason": reason}
            for i, (outcome, reason) in outcomes.items()
        ]
        session.execute(stmt, params)
    session.expire_all()


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


class CouncilRepository:
    """Everything the council services read and write: councils, members, delegations,
    sessions, agenda items, attendance, votes, and the dossiers, units and people they name."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # -- writing rows ------------------------------------------------------------------
    def add(self, *rows: Any) -> None:
        """New or changed rows, written at the next flush or commit."""
        self.session.add_all(rows)

    def save(self, *rows: Any) -> None:
        """Write rows now, so their ids are known."""
        self.session.add_all(rows)
        self.session.flush()

    def log(
        self,
        council_id: int,
        actor: str,
        now: datetime,
        kind: str,
        detail: dict[str, Any],
        session_id: int | None = None,
    ) -> None:
        """One council_event row, in this transaction."""
        self.session.add(
            CouncilEvent(
                council_id=council_id,
                session_id=session_id,
                at=now,
                actor=actor,
                kind=kind,
                detail=detail,
            )
        )

    # -- councils, members, delegations ------------------------------------------------
    def council(self, council_id: int) -> Council | None:
        return self.session.get(Council, council_id)

    def council_on(self, unit_id: int, on: date) -> Council | None:
        return council_on(self.session, unit_id, on)

    def councils_of_unit(self, unit_id: int) -> list[Council]:
        return list(self.session.exec(select(Council).where(col(Council.unit_id) == unit_id)))

    def member(self, member_id: int) -> CouncilMember | None:
        return self.session.get(CouncilMember, member_id)

    def members_of(self, council_id: int) -> list[CouncilMember]:
        """Every member the council ever had."""
        stmt = select(CouncilMember).where(col(CouncilMember.council_id) == council_id)
        return list(self.session.exec(stmt))

    def members_on(self, council_id: int, on: date) -> list[CouncilMember]:
        return members_on(self.session, council_id, on)

    def delegation(self, delegation_id: int) -> CouncilDelegation | None:
        return self.session.get(CouncilDelegation, delegation_id)

    def delegations_of(self, member_ids: Sequence[int]) -> list[CouncilDelegation]:
        return delegations_of(self.session, member_ids)

    def active_delegations(self, member_id: int | None) -> list[CouncilDelegation]:
        """The member's delegations not revoked, whatever their dates."""
        stmt = select(CouncilDelegation).where(
            col(CouncilDelegation.member_id) == member_id,
            col(CouncilDelegation.revoked_at).is_(None),
        )
        return list(self.session.exec(stmt))

    def substitutes(self, delegation_ids: Sequence[int]) -> dict[int, str]:
        """Delegation id → the substitute's name."""
        stmt = select(CouncilDelegation).where(col(CouncilDelegation.id).in_(delegation_ids))
        return {d.id: d.substitute_name for d in self.session.exec(stmt) if d.id is not None}

    # -- sessions, agenda, attendance, votes -------------------------------------------
    def session_by_code(self, code: str, *, lock: str | None = None) -> CouncilSession:
        return session_by_code(self.session, code, lock=lock)

    def sessions(self) -> list[CouncilSession]:
        return list(self.session.exec(select(CouncilSession).order_by(col(CouncilSession.id))))

    def session_count(self, council_id: int, round_id: int) -> int:
        """Sessions this council held or holds in the round, whatever their status."""
        stmt = select(CouncilSession.id).where(
            col(CouncilSession.council_id) == council_id,
            col(CouncilSession.round_id) == round_id,
        )
        return len(self.session.exec(stmt).all())

    def session_lines(
        self, unit_ids: set[int] | None, *, limit: int, offset: int
    ) -> list[tuple[CouncilSession, str, str, str]]:
        """(session, council name, unit code, round code) of the councils at `unit_ids`
        (None: all), newest first, in one query."""
        stmt = (
            select(CouncilSession, Council.name, Unit.code, Round.code)
            .join(Council, col(Council.id) == col(CouncilSession.council_id))
            .join(Unit, col(Unit.id) == col(Council.unit_id))
            .join(Round, col(Round.id) == col(CouncilSession.round_id))
        )
        if unit_ids is not None:
            stmt = stmt.where(col(Council.unit_id).in_(sorted(unit_ids)))
        stmt = stmt.order_by(col(CouncilSession.held_on).desc(), col(CouncilSession.id).desc())
        return [tuple(r) for r in self.session.exec(stmt.limit(limit).offset(offset)).all()]  # type: ignore[misc]

    def items_of(self, session_id: int, *, eligibility: bool = True) -> list[CouncilAgendaItem]:
        return items_of(self.session, session_id, eligibility=eligibility)

    def items_by_codes(self, session_id: int, codes: Sequence[str]) -> dict[str, CouncilAgendaItem]:
        return items_by_codes(self.session, session_id, codes)

    def attendance_of(self, session_id: int) -> dict[int, CouncilAttendance]:
        return attendance_of(self.session, session_id)

    def participants(self, item_ids: Sequence[int]) -> dict[int, set[int]]:
        return participants(self.session, item_ids)

    def record_participation(
        self,
        votes: list[dict[str, Any]],
        ballots: list[dict[str, Any]],
        counters: dict[int, tuple[int, int]],
        duplicate: str,
    ) -> None:
        record_participation(self.session, votes, ballots, counters, duplicate)

    def set_outcomes(self, outcomes: dict[int, tuple[str, str]]) -> None:
        set_outcomes(self.session, outcomes)

    def approved_earlier(self, sess: CouncilSession) -> list[Dossier]:
        return approved_earlier(self.session, sess)

    def unlisted_on_agenda(self, round_id: int, unit_id: int) -> list[Dossier]:
        """Dossiers on_agenda at the unit that no open or closing session lists yet."""
        listed = (
            select(CouncilAgendaItem.dossier_id)
            .join(CouncilSession, col(CouncilSession.id) == col(CouncilAgendaItem.session_id))
            .where(col(CouncilSession.status) != "closed")
        )
        stmt = select(Dossier).where(
            col(Dossier.round_id) == round_id,
            col(Dossier.current_unit_id) == unit_id,
            col(Dossier.state) == DossierState.on_agenda.value,
            col(Dossier.id).not_in(listed),
        )
        return list(self.session.exec(stmt.order_by(col(Dossier.id))))

    def agenda_rows(self, session_id: int) -> list[tuple[str, str | None, str | None, str]]:
        """(dossier code, person name, nominee unit name, award name) in agenda order; a unit
        nominee comes once per version of its name, oldest first."""
        stmt = (
            select(Dossier.code, Person.full_name, UnitVersion.name, Award.name)
            .join(CouncilAgendaItem, col(CouncilAgendaItem.dossier_id) == col(Dossier.id))
            .join(Award, col(Award.code) == col(Dossier.award_code))
            .outerjoin(Person, col(Person.id) == col(Dossier.person_id))
            .outerjoin(UnitVersion, col(UnitVersion.unit_id) == col(Dossier.nominee_unit_id))
            .where(col(CouncilAgendaItem.session_id) == session_id)
            .order_by(
                col(CouncilAgendaItem.group_order),
                col(CouncilAgendaItem.item_order),
                col(UnitVersion.valid_from),
            )
        )
        return [tuple(r) for r in self.session.execute(stmt)]

    # -- what sessions name: rounds, dossiers, awards, people, units, accounts ---------
    def round(self, round_id: int) -> Round | None:
        return self.session.get(Round, round_id)

    def round_by_code(self, code: str) -> Round | None:
        # Until uow.rounds.by_code (repo-a, awards/repository/rounds.py) is merged.
        return self.session.exec(select(Round).where(col(Round.code) == code)).first()

    def eligible_ids(self, round_id: int, unit_id: int) -> list[int]:
        return dossiers.ids_in_state(
            self.session, round_id=round_id, state="eligible", unit_ids=[unit_id]
        )

    def dossiers_by_id(
        self, ids: Sequence[int], *, eligibility: bool = True
    ) -> dict[int | None, Dossier]:
        """``eligibility=False``: without the stored rules.Evaluation, as in `items_of`."""
        stmt = select(Dossier).where(col(Dossier.id).in_(list(ids)))
        if not eligibility:
            stmt = stmt.options(lazyload(Dossier.explanation))  # type: ignore[arg-type]
        return {d.id: d for d in self.session.exec(stmt)}

    def dossier_codes(self, ids: Sequence[int]) -> dict[int, str]:
        return dossier_codes(self.session, ids)

    def dossier_states(self, codes: Sequence[str]) -> dict[str, str]:
        return dossier_states(self.session, codes)

    def awards(self) -> dict[str, Award]:
        return {a.code: a for a in self.session.exec(select(Award))}

    def people(self, ids: Sequence[int]) -> dict[int, Person]:
        stmt = select(Person).where(col(Person.id).in_(list(ids)))
        return {p.id: p for p in self.session.exec(stmt) if p.id}

    def person_names(self, ids: Sequence[int]) -> dict[int, str]:
        return person_names(self.session, ids)

    def recognised_units(self, award_code: str, year: int) -> list[int]:
        """The unit of each person who received `award_code` in `year` (one row per award)."""
        stmt = (
            select(col(Person.unit_id))
            .join(Recognition, col(Recognition.person_id) == col(Person.id))
            .where(col(Recognition.award_code) == award_code, col(Recognition.year) == year)
        )
        return [unit_id for (unit_id,) in self.session.execute(stmt)]

    def chair_of(self, council_id: int, on: date) -> str:
        return chair_of(self.session, council_id, on)

    def minutes_of(self, unit_id: int, dossier_codes: Sequence[str]) -> tuple[str, date] | None:
        return minutes_of(self.session, unit_id, dossier_codes)

    def unit_by_code(self, code: str, on: date) -> UnitRow:
        return org.unit_by_code(self.session, code, on)

    def unit_by_id(self, unit_id: int, on: date) -> UnitRow:
        return org.unit_by_id(self.session, unit_id, on)

    def units_on(self, on: date) -> list[UnitRow]:
        return org.units_on(self.session, on)

    def unit_code(self, unit_id: int) -> str | None:
        unit = self.session.get(Unit, unit_id)
        return unit.code if unit else None

    def latest_unit_names(self, unit_ids: Sequence[int]) -> dict[int, str]:
        """The name of each unit's newest version."""
        stmt = (
            select(UnitVersion.unit_id, UnitVersion.name)
            .where(col(UnitVersion.unit_id).in_(list(unit_ids)))
            .order_by(col(UnitVersion.valid_from))
        )
        return {int(u): str(n) for u, n in self.session.execute(stmt)}

    def user_email(self, user_id: int) -> str | None:
        user = self.session.get(UserAccount, user_id)
        return user.email if user else None
