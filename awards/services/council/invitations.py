"""Invitations to a session: one e-mail per member with a mailbox, written with the session.

The invitation lists the agenda in its order, so members can read the dossiers before the
meeting. Keys name the session and the member: re-running an interrupted opening, or opening
the same session again, never mails a member twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from awards.links import link
from awards.model import Council, CouncilSession
from awards.repository import UnitOfWork, UnitOfWorkFactory
from awards.repository.council import CouncilRepository
from awards.repository.org import UnitRow
from awards.services.accounts.access import Principal
from awards.services.mail.stored import stored_row


def invite_members(
    uow: UnitOfWork,
    sess: CouncilSession,
    council: Council,
    sender: UnitRow,
    agenda: list[dict[str, str]],
    *,
    start_time: str,
    now: datetime,
) -> int:
    """Queue the invitations in the caller's transaction; returns how many were written."""
    rnd = uow.councils.round(sess.round_id)
    assert rnd is not None and council.id is not None
    base: dict[str, Any] = {
        "sender_name": sender.name,
        "council_name": council.name,
        "session_title": f"bình xét khen thưởng {rnd.name}",
        "session_date": sess.held_on,
        "start_time": start_time,
        "location": sess.location or "(Thường trực Hội đồng sẽ thông báo)",
        "agenda": agenda,
        "link": link("council_session", code=sess.code),
    }
    rows = [
        stored_row(
            f"session_invitation:{sess.code}:{member.id}",
            "session_invitation",
            member.email,
            {**base, "recipient_name": f"đồng chí {member.full_name}"},
            now,
        )
        for member in uow.councils.members_on(council.id, sess.held_on)
        if member.email
    ]
    uow.outbox.add(rows)
    return len(rows)


def agenda_lines(councils: CouncilRepository, session_id: int) -> list[dict[str, str]]:
    """The agenda as the invitation lists it: code, nominee and award, in agenda order."""
    lines: dict[str, dict[str, str]] = {}
    for code, person, unit, award in councils.agenda_rows(session_id):
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
        return [Invitation(*row) for row in uow.screens.invited_sessions(principal.user_id)]
