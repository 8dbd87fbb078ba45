"""A tờ trình's dossiers, found through the hops it opened (dossier_hop.submission_id)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from awards.model import Dossier, DossierHop, Person, Round, Submission
from awards.repository.dossiers import next_number


@dataclass(frozen=True)
class EntryRow:
    dossier_code: str
    nominee_kind: str  # ca_nhan | tap_the
    person_name: str | None
    position: str | None
    unit_id: int  # the person's unit, or the collective itself
    nominating_unit_id: int
    achievement: str


def round_submissions(
    session: Session, round_code: str, from_unit_id: int | None = None
) -> list[Submission]:
    """The numbered tờ trình of a round (optionally of one sending level), in number order."""
    stmt = (
        select(Submission)
        .join(Round, col(Round.id) == col(Submission.round_id))
        .where(col(Round.code) == round_code, col(Submission.document_no).is_not(None))
        .order_by(col(Submission.id))
    )
    if from_unit_id is not None:
        stmt = stmt.where(col(Submission.from_unit_id) == from_unit_id)
    return list(session.scalars(stmt))


_ENTRY_COLUMNS = (
    col(Dossier.code),
    col(Dossier.nominee_kind),
    col(Person.full_name),
    col(Person.position),
    col(Person.unit_id),
    col(Dossier.nominee_unit_id),
    col(Dossier.nominating_unit_id),
    col(Dossier.achievement_summary),
)


def _entry(code: str, kind: str, name: str | None, position: str | None, *rest: Any) -> EntryRow:
    person_unit, nominee_unit, nominating, text = rest
    return EntryRow(code, kind, name, position, int(person_unit or nominee_unit), nominating, text)


def submission_entries(
    session: Session, submission_ids: Sequence[int]
) -> dict[int, list[EntryRow]]:
    """Every dossier of the given tờ trình, in one query: submission id → its entries."""
    stmt = (
        select(col(DossierHop.submission_id), *_ENTRY_COLUMNS)
        .join(Dossier, col(Dossier.id) == col(DossierHop.dossier_id))
        .outerjoin(Person, col(Person.id) == col(Dossier.person_id))
        .where(col(DossierHop.submission_id).in_(submission_ids))
        .order_by(col(Dossier.code))
    )
    found: dict[int, list[EntryRow]] = {i: [] for i in submission_ids}
    for sub, *row in session.execute(stmt):
        found[int(sub)].append(_entry(*row))
    return found


def dossier_entries(session: Session, dossier_ids: Sequence[int]) -> dict[int, EntryRow]:
    """The list entry of each dossier (a quyết định's danh sách): dossier id → its entry."""
    stmt = (
        select(col(Dossier.id), *_ENTRY_COLUMNS)
        .outerjoin(Person, col(Person.id) == col(Dossier.person_id))
        .where(col(Dossier.id).in_(list(dossier_ids)))
    )
    return {int(i): _entry(*row) for i, *row in session.execute(stmt)}


class SubmissionRepository:
    """Tờ trình of escalations and their numbers (`uow.submissions`)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def of_round(self, round_code: str, from_unit_id: int | None = None) -> list[Submission]:
        return round_submissions(self.session, round_code, from_unit_id)

    def entries(self, submission_ids: Sequence[int]) -> dict[int, list[EntryRow]]:
        return submission_entries(self.session, submission_ids)

    def next_seq(self, round_id: int, from_unit_id: int, to_unit_id: int, award_code: str) -> int:
        """1 for a group's first tờ trình, then 2… for its supplementary (bổ sung) ones."""
        stmt = select(func.max(col(Submission.seq))).where(
            col(Submission.round_id) == round_id,
            col(Submission.from_unit_id) == from_unit_id,
            col(Submission.to_unit_id) == to_unit_id,
            col(Submission.award_code) == award_code,
        )
        return int(self.session.execute(stmt).scalar_one() or 0) + 1

    def next_in_round(self, round_code: str, year: int) -> int:
        """The round's own running number of tờ trình (the code TTr-<round>-<n>)."""
        return next_number(self.session, f"round:{round_code}", "submission", year)

    def next_document_no(self, issuer_code: str, kind: str, year: int) -> int:
        """The issuer's register number of the year (NĐ 30: restarts on 1 January)."""
        return next_number(self.session, issuer_code, kind, year)

    def add(self, submission: Submission) -> Submission:
        """Stage the tờ trình, flushed so its id can tag the hops it opens."""
        self.session.add(submission)
        self.session.flush()
        return submission
