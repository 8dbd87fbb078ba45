"""Invitations to a session: one e-mail per member with a mailbox, written with the session.

The invitation lists the agenda in its order, so members can read the dossiers before the
meeting. Keys name the session and the member: re-running an interrupted opening, or opening
the same session again, never mails a member twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from awards.model import (
    Award,
    Council,
    CouncilAgendaItem,
    CouncilSession,
    Dossier,
    Person,
    Round,
    UnitVersion,
)
from awards.repository import UnitOfWorkFactory
from awards.repository.council import members_on
from awards.repository.council_lines import email_of, invited_sessions
from awards.repository.dossiers import insert_outbox, outbox_row
from awards.repository.org import UnitRow
from awards.services.accounts.access import Principal
from notifications import render

LINK = "/council/sessions/{code}"


def invite_members(
    s: Session,
    sess: CouncilSession,
    council: Council,
    sender: UnitRow,
    agenda: list[dict[str, str]],
    *,
    start_time: str,
    now: datetime,
) -> int:
    """Queue the invitations in the caller's transaction; returns how many were written."""
    rnd = s.get(Round, sess.round_id)
    assert rnd is not None and council.id is not None
    base: dict[str, Any] = {
        "sender_name": sender.name,
        "council_name": council.name,
        "session_title": f"bình xét khen thưởng {rnd.name}",
        "session_date": sess.held_on,
        "start_time": start_time,
        "location": sess.location or "(Thường trực Hội đồng sẽ thông báo)",
        "agenda": agenda,
        "link": LINK.format(code=sess.code),
    }
    rows = [
        outbox_row(
            f"session_invitation:{sess.code}:{member.id}",
            "session_invitation",
            member.email,
            render(
                "session_invitation", {**base, "recipient_name": f"đồng chí {member.full_name}"}
            ),
            now,
        )
        for member in members_on(s, council.id, sess.held_on)
        if member.email
    ]
    insert_outbox(s, rows)
    return len(rows)


def agenda_lines(s: Session, session_id: int) -> list[dict[str, str]]:
    """The agenda as the invitation lists it: code, nominee and award, in agenda order."""
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
    lines: dict[str, dict[str, str]] = {}
    for code, person, unit, award in s.execute(stmt):
        # A unit appears once per version, oldest first: its current name wins.
        lines[code] = {"code": code, "nominee_name": person or unit or "", "award_name": award}
    return list(lines.values())


@dataclass(frozen=True)
class Invitation:
    code: str
    held_on: date
    council: str


def my_invitations(uow_factory: UnitOfWorkFactory, principal: Principal) -> list[Invitation]:
    """The open sessions this account is invited to as a council member (matched by e-mail)."""
    with uow_factory(write=False) as uow:
        email = email_of(uow.session, principal.user_id)
        return [Invitation(*row) for row in invited_sessions(uow.session, email)]
