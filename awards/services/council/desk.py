"""The council services on behalf of a signed-in user: check the permission, then call the service.

The council services (agenda, voting, outcomes, closing) take an Actor and trust it. Screens and
the REST API call these functions instead: each authorizes the Principal on the council's unit
(awards.permissions: prepare_session, vote, approve_group, close_session; view to read) with the
same `authorize` as the dossier actions, and a vote also needs the account to BE a member of that
council on the session's day (same e-mail address, case-insensitive). A refusal carries the
actions the user may take on the session, for the API's `allowed`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from awards.errors import PermissionDenied
from awards.model import Council, CouncilMember, CouncilSession
from awards.permissions import COUNCIL_ACTIONS, Action
from awards.repository import UnitOfWork, UnitOfWorkFactory, once_more_on_disconnect
from awards.repository.council import CouncilRepository
from awards.services.accounts.access import Principal, SignedIn, authorize, signed_in_principal
from awards.services.council.agenda import SessionOpened, open_session
from awards.services.council.closing import Decision, SessionClosed, close_session
from awards.services.council.outcomes import ItemOutcome, approve_batch
from awards.services.council.tally import set_tellers, tally_file
from awards.services.council.view import minutes_file
from awards.services.council.voting import (
    Choice,
    Presence,
    check_choice,
    record_attendance,
    vote_in,
)
from awards.services.lifecycle.plan import Actor
from rules import PolicySet


class SessionDenied(PermissionDenied):
    """A refusal on a council session, with what the user may still do there."""

    def __init__(self, message: str, allowed: list[str]) -> None:
        super().__init__(message)
        self.allowed = allowed


@dataclass(frozen=True)
class Place:
    """Where a session sits: its council and the unit (level) permissions are checked on."""

    session: CouncilSession
    council: Council
    unit_code: str

    @property
    def unit_id(self) -> int:
        return self.council.unit_id


def place_of(councils: CouncilRepository, code: str, *, lock: str | None = None) -> Place:
    sess = councils.session_by_code(code, lock=lock)
    council = councils.council(sess.council_id)
    unit_code = councils.unit_code(council.unit_id) if council else None
    assert council is not None and unit_code is not None
    return Place(sess, council, unit_code)


def session_actions(principal: Principal, unit_id: int, status: str = "open") -> list[str]:
    """What the user may do on a session of this unit: view, and the council actions while open;
    an interrupted close (closing) may only be finished."""
    actions = (
        [Action.view, *COUNCIL_ACTIONS]
        if status == "open"
        else [Action.view, Action.close_session]
        if status == "closing"
        else [Action.view]
    )
    return [a.value for a in actions if principal.may(a, [unit_id]) is not None]


def check(principal: Principal, action: Action, place: Place) -> None:
    what = f"phiên họp {place.session.code}"
    try:
        authorize(principal, action, [place.unit_id], what)
    except PermissionDenied as err:
        allowed = session_actions(principal, place.unit_id, place.session.status)
        raise SessionDenied(err.message, allowed) from None


def _place(
    uow_factory: UnitOfWorkFactory, principal: Principal, code: str, action: Action
) -> Place:
    with uow_factory(write=False) as uow:
        place = place_of(uow.councils, code)
    check(principal, action, place)
    return place


def my_member(
    councils: CouncilRepository, principal: Principal, sess: CouncilSession
) -> CouncilMember | None:
    """The council member this account is on the session's day: the one the secretariat linked
    to it (council.accounts), never inferred from an e-mail address."""
    members = councils.members_on(sess.council_id, sess.held_on)
    return next((m for m in members if m.account == principal.username), None)


def open_as(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    *,
    unit_code: str,
    round_code: str,
    held_on: date,
    now: datetime,
    location: str = "",
    start_time: str = "",
    policy_set: PolicySet | None = None,
) -> SessionOpened:
    with uow_factory(write=False) as uow:
        unit = uow.councils.unit_by_code(unit_code, held_on)
    authorize(principal, Action.prepare_session, [unit.id], f"phiên họp Hội đồng của {unit.name}")
    actor = Actor(principal.full_name, "secretariat")
    return open_session(
        uow_factory,
        unit_code=unit_code,
        round_code=round_code,
        held_on=held_on,
        actor=actor,
        now=now,
        location=location,
        start_time=start_time,
        policy_set=policy_set,
    )


def attend_as(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    code: str,
    member_id: int,
    presence: Presence,
    now: datetime,
    *,
    written_opinion: bool = False,
) -> None:
    _place(uow_factory, principal, code, Action.prepare_session)
    actor = Actor(principal.full_name, "secretariat")
    record_attendance(
        uow_factory, code, member_id, presence, actor, now, written_opinion=written_opinion
    )


def vote_as(
    uow_factory: UnitOfWorkFactory,
    who: Principal | SignedIn,
    code: str,
    choice: Choice,
    now: datetime,
    *,
    dossier_codes: Sequence[str] = (),
    award_code: str | None = None,
) -> int:
    """The user's own vote, as the council member they are; how many votes were recorded.

    One transaction: the user's grants (given the session's SignedIn), the session (share
    lock), the member this account is, and the vote."""
    check_choice(choice)

    def work(uow: UnitOfWork) -> int:
        principal = signed_in_principal(uow, who)
        place = place_of(uow.councils, code, lock="share")
        check(principal, Action.vote, place)
        member = my_member(uow.councils, principal, place.session)
        if member is None or member.id is None:
            raise SessionDenied(
                f"Tài khoản {principal.username} không là thành viên {place.council.name} ngày "
                f"{place.session.held_on:%d/%m/%Y} nên không biểu quyết được. Nếu đây là thành "
                "viên, Thường trực Hội đồng gắn tài khoản với thành viên trên danh sách Hội đồng.",
                [a for a in session_actions(principal, place.unit_id) if a != Action.vote.value],
            )
        actor = Actor(member.full_name, "council")
        n = vote_in(uow, place.session, member, choice, actor, now, dossier_codes, award_code)
        uow.commit()
        return n

    return once_more_on_disconnect(uow_factory, work)


def approve_group_as(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    code: str,
    award_code: str,
    now: datetime,
    *,
    policy_set: PolicySet | None = None,
) -> list[ItemOutcome]:
    _place(uow_factory, principal, code, Action.approve_group)
    actor = Actor(principal.full_name, "chair")
    return approve_batch(uow_factory, code, award_code, actor, now, policy_set=policy_set)


def close_as(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    code: str,
    now: datetime,
    *,
    decision: Decision | None = None,
    policy_set: PolicySet | None = None,
    resume: bool = False,
) -> SessionClosed:
    _place(uow_factory, principal, code, Action.close_session)
    actor = Actor(principal.full_name, "chair")
    return close_session(
        uow_factory, code, actor, now, decision=decision, policy_set=policy_set, resume=resume
    )


def minutes_as(
    uow_factory: UnitOfWorkFactory, principal: Principal, code: str
) -> tuple[str, bytes]:
    _place(uow_factory, principal, code, Action.view)
    return minutes_file(uow_factory, code)


@dataclass(frozen=True)
class SessionLine:
    code: str
    status: str
    held_on: date
    council: str
    unit_code: str
    round_code: str
    minutes_number: str | None


def my_sessions(
    uow_factory: UnitOfWorkFactory, principal: Principal, *, limit: int = 100, offset: int = 0
) -> list[SessionLine]:
    """Sessions of the councils at the units the user may view, newest first (one query)."""
    units = principal.reach(Action.view)
    with uow_factory(write=False) as uow:
        rows = uow.councils.session_lines(units, limit=limit, offset=offset)
    return [
        SessionLine(x.code, x.status, x.held_on, name, unit, rnd, x.minutes_number)
        for x, name, unit, rnd in rows
    ]


def tellers_as(
    uow_factory: UnitOfWorkFactory, principal: Principal, code: str, names: list[str], now: datetime
) -> tuple[str, ...]:
    """The secretariat records the Ban kiểm phiếu (preparing the session is its work)."""
    _place(uow_factory, principal, code, Action.prepare_session)
    return set_tellers(uow_factory, code, names, Actor(principal.full_name, "secretariat"), now)


def tally_as(uow_factory: UnitOfWorkFactory, principal: Principal, code: str) -> bytes:
    _place(uow_factory, principal, code, Action.view)
    return tally_file(uow_factory, code)
