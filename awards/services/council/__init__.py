"""The council (Hội đồng Thi đua – Khen thưởng): setup, sessions, votes, batch approval, closing.

- setup: councils per level, members with roles, time-boxed delegations (all effective-dated)
- agenda: open a session with the round's eligible dossiers, grouped by award, with meters
- voting: attendance (present, substitute, absent with a written opinion), open/secret votes
- outcomes: quorum, thresholds, quotas and priority order; batch approval of a group
- closing: move every dossier through the lifecycle and write the minutes (DOCX, NĐ 30)
"""

from awards.services.council.agenda import SessionOpened, open_session
from awards.services.council.closing import Decision, SessionClosed, close_session
from awards.services.council.outcomes import ItemOutcome, approve_batch
from awards.services.council.setup import (
    NewCouncil,
    NewDelegation,
    NewMember,
    add_members,
    council_of,
    delegate,
    revoke_delegation,
    setup_council,
)
from awards.services.council.view import minutes_file, session_view, sessions
from awards.services.council.voting import record_attendance, vote

__all__ = [
    "Decision",
    "ItemOutcome",
    "NewCouncil",
    "NewDelegation",
    "NewMember",
    "SessionClosed",
    "SessionOpened",
    "add_members",
    "approve_batch",
    "close_session",
    "council_of",
    "delegate",
    "minutes_file",
    "open_session",
    "record_attendance",
    "revoke_delegation",
    "session_view",
    "sessions",
    "setup_council",
    "vote",
]
