"""The queries of the reminder sweep: open dossiers with the unit that must act, and contacts.

Who must act is decided in SQL (one CASE), so the sweep reads every open dossier in one
statement whatever their number: the nominating unit for a draft or a returned dossier, the
liaison union unit while a state body decides, otherwise the unit holding the dossier.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, Table, bindparam, case, func, or_, select
from sqlmodel import Session, col

from awards.model import Award, Dossier, OutboxMessage, Person, Unit, UnitVersion, UserAccount
from awards.repository.inbox_page import waiting_lines
from awards.repository.listing import DossierLine
from states import WAITING_STATES, DossierState

DOSSIER: Table = Dossier.__table__  # type: ignore[attr-defined]
UNIT: Table = Unit.__table__  # type: ignore[attr-defined]
UNIT_VERSION: Table = UnitVersion.__table__  # type: ignore[attr-defined]
PERSON: Table = Person.__table__  # type: ignore[attr-defined]
AWARD: Table = Award.__table__  # type: ignore[attr-defined]

# Waiting on someone with a deadline; a dossier on hold waits on nobody.
REMINDED_STATES = sorted(
    s.value for s in (WAITING_STATES | {DossierState.draft}) - {DossierState.on_hold}
)
_AUTHOR_STATES = [DossierState.draft.value, DossierState.returned.value]
CHUNK = 5000


@dataclass(frozen=True)
class Contact:
    unit_id: int
    name: str
    email: str | None
    head_email: str | None
    parent_id: int | None


def open_waiting_query() -> Select[Any]:
    """Open dossiers with a deadline and the unit that must act on each (`unit_id`).

    Only what a digest line needs, in `WaitingRow`'s order (the sweep unpacks plain tuples).
    """
    d, cu = DOSSIER, UNIT.alias("cu")
    acting = case(
        (d.c.state.in_(_AUTHOR_STATES), d.c.nominating_unit_id),
        (
            d.c.state == DossierState.awaiting_decision.value,
            func.coalesce(cu.c.liaison_unit_id, d.c.current_unit_id),
        ),
        else_=d.c.current_unit_id,
    )
    return (
        select(
            d.c.code,
            d.c.state,
            d.c.due_on,
            d.c.award_code,
            d.c.nominee_unit_id,
            PERSON.c.full_name.label("person_name"),
            acting.label("unit_id"),
        )
        .select_from(
            d.join(cu, cu.c.id == d.c.current_unit_id).outerjoin(
                PERSON, PERSON.c.id == d.c.person_id
            )
        )
        .where(d.c.state.in_(REMINDED_STATES), d.c.due_on.is_not(None))
    )


# code, state, due_on, award_code, nominee_unit_id, person_name, unit_id (open_waiting_query)
WaitingRow = tuple[str, str, date, str, int | None, str | None, int]


def open_waiting(session: Session) -> Sequence[WaitingRow]:
    rows: Sequence[WaitingRow] = session.execute(open_waiting_query()).tuples().all()
    return rows


def contacts(session: Session, unit_ids: Iterable[int], on: date) -> dict[int, Contact]:
    """Mailboxes, the name and the parent valid on `on`, for the given units (chunked IN)."""
    ids = sorted(set(unit_ids))
    found: dict[int, Contact] = {}
    uv = UNIT_VERSION
    valid = (uv.c.unit_id == UNIT.c.id) & (uv.c.valid_from <= on)
    valid &= or_(uv.c.valid_to.is_(None), uv.c.valid_to > on)
    for start in range(0, len(ids), CHUNK):
        stmt = (
            select(
                UNIT.c.id, UNIT.c.code, UNIT.c.email, UNIT.c.head_email, uv.c.name, uv.c.parent_id
            )
            .select_from(UNIT.outerjoin(uv, valid))
            .where(UNIT.c.id.in_(ids[start : start + CHUNK]))
        )
        for uid, code, email, head, name, parent in session.execute(stmt):
            found[int(uid)] = Contact(int(uid), name or code, email, head, parent)
    return found


def award_names(session: Session) -> dict[str, str]:
    return {str(c): str(n) for c, n in session.execute(select(AWARD.c.code, AWARD.c.name))}


class ReminderRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def open_waiting(self) -> Sequence[WaitingRow]:
        return open_waiting(self.session)

    def contacts(self, unit_ids: Iterable[int], on: date) -> dict[int, Contact]:
        return contacts(self.session, unit_ids, on)

    def award_names(self) -> dict[str, str]:
        return award_names(self.session)

    def late_lines(
        self,
        where: Sequence[ColumnElement[bool]],
        states: Iterable[str],
        today: date,
        *,
        limit: int,
    ) -> list[DossierLine]:
        """The first `limit` dossiers matching `where` whose deadline is before `today`, by
        deadline, when every match is in one of `states` (one index branch per state)."""
        late = [*where, DOSSIER.c.due_on < today]
        return waiting_lines(self.session, late, states, limit=limit, offset=0)

    def mails_to_user(
        self, user_id: int, kinds: Sequence[str], *, limit: int
    ) -> list[tuple[str, str, datetime, str]]:
        """(kind, subject, created_at, status) of outbox rows of `kinds` to the account's
        e-mail (case-insensitive), newest first, in one query."""
        email = (
            select(func.lower(col(UserAccount.email)))
            .where(col(UserAccount.id) == user_id)
            .scalar_subquery()
        )
        stmt = (
            select(
                col(OutboxMessage.kind),
                col(OutboxMessage.subject),
                col(OutboxMessage.created_at),
                col(OutboxMessage.status),
            )
            .where(
                # Inlined, not bound: a partial index (ix_outbox_reminders_to) is used only when
                # the kinds are the same literals as its predicate (SQLite; PG generic plans).
                col(OutboxMessage.kind).in_(
                    bindparam("kinds", list(kinds), expanding=True, literal_execute=True)
                ),
                func.lower(col(OutboxMessage.recipient)) == email,
            )
            .order_by(col(OutboxMessage.created_at).desc(), col(OutboxMessage.id).desc())
            .limit(limit)
        )
        return [(str(k), str(s), t, str(st)) for k, s, t, st in self.session.execute(stmt)]
