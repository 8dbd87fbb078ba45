"""Queries behind the integrity guards of issue 16 (the council's proof, scope, duplicates)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select as columns
from sqlmodel import Session, col, select

from awards.model import (
    Council,
    CouncilAgendaItem,
    CouncilMember,
    CouncilSession,
    Dossier,
    DossierEligibility,
    Recognition,
    Round,
    Unit,
)
from awards.repository.org import descendant_ids


@dataclass(frozen=True)
class CouncilRecord:
    """What a council session recorded about one dossier: the outcome of its group."""

    session_code: str
    session_status: str  # open | closing | closed
    council_unit_id: int
    outcome: str | None  # approved | not_approved | None while undecided


def council_records(
    session: Session, session_code: str, dossier_ids: Sequence[int]
) -> dict[int, CouncilRecord]:
    """The agenda items of session `session_code` for these dossiers, by dossier id."""
    rows = session.execute(
        columns(  # five columns: more than sqlmodel's select is typed for
            col(CouncilAgendaItem.dossier_id),
            col(CouncilSession.code),
            col(CouncilSession.status),
            col(Council.unit_id),
            col(CouncilAgendaItem.outcome),
        )
        .join(CouncilSession, col(CouncilSession.id) == col(CouncilAgendaItem.session_id))
        .join(Council, col(Council.id) == col(CouncilSession.council_id))
        .where(
            col(CouncilSession.code) == session_code,
            col(CouncilAgendaItem.dossier_id).in_(list(dossier_ids)),
        )
    ).tuples()
    return {d: CouncilRecord(c, st, u, o) for d, c, st, u, o in rows}


def eligible_holders(session: Session, round_code: str) -> list[str]:
    """Codes of the levels holding eligible dossiers of the round (whose council is to meet)."""
    stmt = (
        select(col(Unit.code))
        .join(Dossier, col(Dossier.current_unit_id) == col(Unit.id))
        .join(Round, col(Round.id) == col(Dossier.round_id))
        .where(col(Round.code) == round_code, col(Dossier.state) == "eligible")
        .distinct()
        .order_by(col(Unit.code))
    )
    return list(session.exec(stmt))


# A nominee's dossier in one of these states no longer blocks a new one for the same award.
CLOSED_WITHOUT_AWARD = ("withdrawn", "ineligible", "not_approved", "refused")


def standing_dossiers(
    session: Session, round_id: int, award_codes: Sequence[str], nominees: Sequence[tuple[str, int]]
) -> dict[tuple[str, str, int], str]:
    """Open or awarded dossiers of the round by (award, kind, nominee id) → dossier code."""
    people = [i for k, i in nominees if k == "ca_nhan"]
    units = [i for k, i in nominees if k == "tap_the"]
    if not award_codes or not (people or units):
        return {}
    stmt = select(
        col(Dossier.award_code),
        col(Dossier.person_id),
        col(Dossier.nominee_unit_id),
        col(Dossier.code),
    ).where(
        col(Dossier.round_id) == round_id,
        col(Dossier.award_code).in_(list(award_codes)),
        col(Dossier.state).not_in(CLOSED_WITHOUT_AWARD),
        (col(Dossier.person_id).in_(people)) | (col(Dossier.nominee_unit_id).in_(units)),
    )
    out: dict[tuple[str, str, int], str] = {}
    for award, person, unit, code in session.execute(stmt).tuples():
        key = (award, "ca_nhan", person) if person is not None else (award, "tap_the", unit)
        out.setdefault(key, code)
    return out


def person_units(session: Session, codes: Sequence[str]) -> dict[str, tuple[int, int]]:
    """Person code → (person id, unit id)."""
    from awards.model import Person

    stmt = select(col(Person.code), col(Person.id), col(Person.unit_id)).where(
        col(Person.code).in_(list(codes))
    )
    return {c: (i, u) for c, i, u in session.execute(stmt).tuples()}


def roles_on(session: Session, username: str, unit_id: int) -> set[str]:
    """The roles an active account holds on one unit."""
    from awards.model import RoleGrant, UserAccount

    stmt = (
        select(col(RoleGrant.role))
        .join(UserAccount, col(UserAccount.id) == col(RoleGrant.user_id))
        .where(
            col(UserAccount.username) == username,
            col(UserAccount.active),
            col(RoleGrant.unit_id) == unit_id,
        )
    )
    return set(session.exec(stmt))


def member_with_account(session: Session, council_id: int, username: str) -> CouncilMember | None:
    """The member of this council already linked to `username`, if any."""
    stmt = select(CouncilMember).where(
        col(CouncilMember.council_id) == council_id, col(CouncilMember.account) == username
    )
    return session.exec(stmt).first()


def unit_id_of(session: Session, code: str) -> int | None:
    return session.exec(select(col(Unit.id)).where(col(Unit.code) == code)).first()


@dataclass(frozen=True)
class PriorTitle:
    """The title a nominee already received in a year: an awarded dossier of another round
    (its code and round), or a record of the award (recognition) with its decision."""

    year: int
    decision_no: str
    dossier_code: str | None = None
    round_name: str | None = None
    decision_date: date | None = None


def titles_received(session: Session, dossier_ids: Sequence[int]) -> dict[int, list[PriorTitle]]:
    """For each dossier, the same award its nominee already received in the round's year."""
    wanted = session.execute(
        columns(
            col(Dossier.id),
            col(Dossier.award_code),
            col(Dossier.person_id),
            col(Dossier.nominee_unit_id),
            col(Dossier.round_id),
            col(Round.year),
        )
        .join(Round, col(Round.id) == col(Dossier.round_id))
        .where(col(Dossier.id).in_(list(dossier_ids)))
    ).all()
    if not wanted:
        return {}
    years = sorted({w[5] for w in wanted})
    awards = sorted({w[1] for w in wanted})
    people = sorted({w[2] for w in wanted if w[2] is not None})
    units = sorted({w[3] for w in wanted if w[3] is not None})
    awarded = session.execute(
        columns(
            col(Dossier.award_code),
            col(Dossier.person_id),
            col(Dossier.nominee_unit_id),
            col(Round.year),
            col(Dossier.round_id),
            col(Dossier.code),
            col(Round.name),
            col(Dossier.decision_no),
        )
        .join(Round, col(Round.id) == col(Dossier.round_id))
        .where(
            col(Dossier.state) == "awarded",
            col(Round.year).in_(years),
            col(Dossier.award_code).in_(awards),
            col(Dossier.person_id).in_(people) | col(Dossier.nominee_unit_id).in_(units),
        )
    ).all()
    records = session.execute(
        columns(
            col(Recognition.award_code),
            col(Recognition.person_id),
            col(Recognition.unit_id),
            col(Recognition.year),
            col(Recognition.decision_no),
            col(Recognition.decision_date),
        ).where(
            col(Recognition.year).in_(years),
            col(Recognition.award_code).in_(awards),
            col(Recognition.person_id).in_(people) | col(Recognition.unit_id).in_(units),
        )
    ).all()
    # By nominee and year: scanning every row for every dossier was quadratic in the batch.
    awarded_of: dict[tuple[Any, ...], list[tuple[Any, ...]]] = defaultdict(list)
    for a, p, u, y, r, code, name, no in awarded:
        awarded_of[(a, p, u, y)].append((y, no, code, name, r))
    records_of: dict[tuple[Any, ...], list[tuple[Any, ...]]] = defaultdict(list)
    for a, p, u, y, no, day in records:
        records_of[(a, p, u, y)].append((y, no, day))
    out: dict[int, list[PriorTitle]] = {}
    for d_id, award, person, unit, round_id, year in wanted:
        key = (award, person, unit, year)
        found = [
            PriorTitle(y, no or "", code, name)
            for y, no, code, name, r in awarded_of.get(key, ())
            if r != round_id
        ]
        numbers = {t.decision_no for t in found}
        found += [
            PriorTitle(y, no or "", decision_date=day)
            for y, no, day in records_of.get(key, ())
            if not (no and no in numbers)
        ]
        if found:
            out[d_id] = found
    return out


def manual_confirmations(
    session: Session, round_id: int, unit_code: str
) -> list[tuple[str, dict[str, Any]]]:
    """(code, manual record) of the round's dossiers held by the unit that were marked eligible
    by hand (DossierEligibility.record["manual"]), by code."""
    stmt = (
        select(col(Dossier.code), col(DossierEligibility.record))
        .join(DossierEligibility, col(DossierEligibility.dossier_id) == col(Dossier.id))
        .join(Unit, col(Unit.id) == col(Dossier.current_unit_id))
        .where(col(Dossier.round_id) == round_id, col(Unit.code) == unit_code)
        .order_by(col(Dossier.code))
    )
    return [
        (str(code), dict(e["manual"]))
        for code, e in session.execute(stmt).tuples()
        if isinstance(e, dict) and e.get("manual")
    ]


class IntegrityRepository:
    """What the approval path's guards read (`uow.integrity`): council proof of an outcome, the
    nominee's unit, standing dossiers, an account's roles, a council member by account."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def council_records(
        self, session_code: str, dossier_ids: Sequence[int]
    ) -> dict[int, CouncilRecord]:
        return council_records(self.session, session_code, dossier_ids)

    def eligible_holders(self, round_code: str) -> list[str]:
        return eligible_holders(self.session, round_code)

    def standing_dossiers(
        self, round_id: int, award_codes: Sequence[str], nominees: Sequence[tuple[str, int]]
    ) -> dict[tuple[str, str, int], str]:
        return standing_dossiers(self.session, round_id, award_codes, nominees)

    def descendant_ids(self, unit_id: int, on: date) -> set[int]:
        return descendant_ids(self.session, unit_id, on)

    def person_units(self, codes: Sequence[str]) -> dict[str, tuple[int, int]]:
        return person_units(self.session, codes)

    def roles_on(self, username: str, unit_id: int) -> set[str]:
        return roles_on(self.session, username, unit_id)

    def member_with_account(self, council_id: int, username: str) -> CouncilMember | None:
        return member_with_account(self.session, council_id, username)

    def unit_id_of(self, code: str) -> int | None:
        return unit_id_of(self.session, code)

    def manual_confirmations(
        self, round_id: int, unit_code: str
    ) -> list[tuple[str, dict[str, Any]]]:
        return manual_confirmations(self.session, round_id, unit_code)

    def titles_received(self, dossier_ids: Sequence[int]) -> dict[int, list[PriorTitle]]:
        return titles_received(self.session, dossier_ids)

    def member(self, member_id: int) -> CouncilMember | None:
        return self.session.get(CouncilMember, member_id)

    def save_member(self, member: CouncilMember) -> None:
        self.session.add(member)
