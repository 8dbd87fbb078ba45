"""The awardees of one decision (quyết định khen thưởng), for their certificates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from awards.model import Award, Dossier, Person, Round
from awards.repository.programmes import unit_labels
from states import DossierState


@dataclass(frozen=True)
class Awardee:
    dossier_code: str
    nominee_kind: str  # ca_nhan | tap_the
    name: str
    gender: str  # nam | nu; "" for a collective
    position: str
    unit_name: str  # the person's unit; for a collective, the unit that nominated it
    award_form: str
    award_name: str
    round_name: str
    decision_no: str
    decision_date: date
    decision_signer: str


def awardees_of(session: Session, decision_no: str) -> list[Awardee]:
    """Every awarded dossier recorded under ``decision_no``, in dossier-code order."""
    stmt = (
        select(Dossier, Person, Award, Round)
        .join(Award, col(Award.code) == col(Dossier.award_code))
        .join(Round, col(Round.id) == col(Dossier.round_id))
        .outerjoin(Person, col(Person.id) == col(Dossier.person_id))
        .where(
            col(Dossier.decision_no) == decision_no,
            col(Dossier.state) == DossierState.awarded.value,
        )
        .order_by(col(Dossier.code))
    )
    rows = session.exec(stmt).all()
    if not rows:
        return []
    on = rows[0][0].decision_date or date.today()
    ids = {
        u for d, p, _, _ in rows for u in (d.nominee_unit_id, d.nominating_unit_id, p and p.unit_id)
    }
    names = {
        uid: name for uid, (_, name) in unit_labels(session, [i for i in ids if i], on).items()
    }
    found = []
    for dossier, person, award, rnd in rows:
        collective = person is None
        found.append(
            Awardee(
                dossier_code=dossier.code,
                nominee_kind=dossier.nominee_kind,
                name=names.get(dossier.nominee_unit_id or 0, "")
                if collective
                else person.full_name,
                gender="" if collective else person.gender,
                position="" if collective else person.position,
                unit_name=names.get(
                    dossier.nominating_unit_id if collective else person.unit_id, ""
                ),
                award_form=award.form,
                award_name=award.name,
                round_name=rnd.name,
                decision_no=decision_no,
                decision_date=dossier.decision_date or on,
                decision_signer=dossier.decision_signer or "",
            )
        )
    return found
