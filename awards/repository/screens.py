"""The reads (and the one write) the daily screens add (issue 20), as one repository on the
unit of work: names for codes and pickers, a dossier's file, a member's votes and invitations,
an agenda's names, revoking a role."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sqlmodel import Session

from awards.model import Attachment
from awards.repository import attachments, council_lines, grants, names
from awards.repository.listing import DossierLine


class ScreenRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def award_names(self, codes: Iterable[str] | None = None) -> dict[str, str]:
        return names.award_names(self.session, codes)

    def unit_names(self, codes: Iterable[str], on: date) -> dict[str, str]:
        return names.unit_names(self.session, codes, on)

    def unit_choices(self, on: date, ids: Iterable[int] | None = None) -> list[tuple[str, str]]:
        return names.unit_choices(self.session, on, ids)

    def attachment_of(self, code: str, attachment_id: int) -> Attachment | None:
        return attachments.attachment_of(self.session, code, attachment_id)

    def my_open_votes(self, member_id: int, item_ids: Sequence[int]) -> dict[int, str]:
        return council_lines.my_open_votes(self.session, member_id, item_ids)

    def agenda_lines(self, dossier_ids: Sequence[int]) -> dict[str, DossierLine]:
        return council_lines.lines_of(self.session, dossier_ids)

    def invited_sessions(self, user_id: int) -> list[tuple[str, date, str]]:
        email = council_lines.email_of(self.session, user_id)
        return council_lines.invited_sessions(self.session, email)

    def remove_grant(self, user_id: int, role: str, unit_id: int) -> int:
        return grants.remove_grant(self.session, user_id, role, unit_id)
