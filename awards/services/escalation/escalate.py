"""Escalation in batches: one tờ trình per round × next level × award form.

A level's secretariat escalates the approved dossiers of a round at once. They are grouped by
the next level on their route (a higher union level or a state body) and by award form; each
group becomes a Submission with its own document number (NĐ 30: per issuer, restarting each
year) and its dossiers move to their next hop with it. A group is one transaction: the tờ
trình, the moves, their audit events and notices land together or not at all, and a number is
only taken when at least one dossier goes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from awards.errors import NotFoundError
from awards.model import Round, Submission, Unit
from awards.reports.numbering import format_number
from awards.repository import UnitOfWork, UnitOfWorkFactory
from awards.repository.dossiers import DossierRow
from awards.services.lifecycle.move import move_rows
from awards.services.lifecycle.plan import Actor, MoveOutcome, MoveRequest, refusal
from awards.services.reporting.parameters import load_report_policy
from states import DossierState, Trigger

TO_TRINH = "TTr"
READY = (DossierState.approved, DossierState.public_notice)


@dataclass(frozen=True)
class SubmissionOutcome:
    """One tờ trình: where it went, its number, and what happened to each of its dossiers."""

    from_unit_code: str
    to_unit_code: str
    award_code: str
    outcomes: list[MoveOutcome]
    code: str | None = None  # None when every dossier was refused and nothing was sent
    document_no: str | None = None

    @property
    def sent(self) -> list[str]:
        return [o.code for o in self.outcomes if o.ok]


@dataclass
class EscalationReport:
    submissions: list[SubmissionOutcome] = field(default_factory=list)
    refused: list[MoveOutcome] = field(default_factory=list)  # no higher level on the route


def escalate_round(
    uow_factory: UnitOfWorkFactory,
    *,
    round_code: str,
    unit_code: str,
    actor: Actor,
    now: datetime,
    codes: Sequence[str] = (),
) -> EscalationReport:
    """Escalate the round's approved dossiers held by `unit_code` (or only `codes`)."""
    with uow_factory() as uow:
        rnd, unit = _round_and_unit(uow, round_code, unit_code)
        ids = uow.dossiers.ids_in_states(round_id=rnd.id or 0, states=READY, unit_ids=[unit.id])
        rows = uow.dossiers.load_rows(ids=ids, lock=False)
        if codes:
            rows = [r for r in rows if r.code in set(codes)]
        report = EscalationReport()
        groups: dict[tuple[int, str], list[int]] = {}
        for row in rows:
            if row.hop_no + 1 >= len(row.route):
                report.refused.append(refusal(row, _at_top(row), []))
            else:
                groups.setdefault((row.route[row.hop_no + 1], row.award_code), []).append(row.id)
        units = uow.org.codes_by_id({to_id for to_id, _ in groups})
    for (to_id, award), group_ids in sorted(groups.items()):
        report.submissions.append(
            _submit_group(uow_factory, rnd, unit, to_id, units[to_id], award, group_ids, actor, now)
        )
    return report


def ready_holders(uow_factory: UnitOfWorkFactory, round_code: str) -> list[str]:
    """Codes of the levels holding approved dossiers of the round, lowest level first."""
    with uow_factory() as uow:
        rnd = uow.rounds.by_code(round_code)
        holders = uow.dossiers.holders(rnd.id or 0, READY)
    return [code for code, _ in sorted(holders, key=lambda r: (-r[1], r[0]))]


def _submit_group(
    uow_factory: UnitOfWorkFactory,
    rnd: Round,
    unit: Unit,
    to_id: int,
    to_code: str,
    award: str,
    ids: list[int],
    actor: Actor,
    now: datetime,
) -> SubmissionOutcome:
    with uow_factory() as uow:
        sub = _new_submission(uow, rnd, unit, to_id, award, actor, now)
        # Numbered before the moves, so the units' e-mails cite it; if nothing moves the
        # rollback returns the number to the register (no gap).
        mode = load_report_policy().numbering_mode(unit.code)
        ref = f"submission:{sub.code}"
        no = uow.registers.take(unit.code, TO_TRINH, now.date(), ref, mode=mode)
        symbol = uow.org.doc_symbol(unit.kind_code, unit.code)
        sub.document_no = format_number(no, TO_TRINH, symbol)
        data = {"submission_number": sub.document_no}
        req = MoveRequest(Trigger.escalate, actor, now, submission_id=sub.id, data=data)
        outcomes = move_rows(uow, uow.dossiers.load_rows(ids=ids), req)
        sent = sum(o.ok for o in outcomes)
        if not sent:
            uow.rollback()
            return SubmissionOutcome(unit.code, to_code, award, outcomes)
        sub.dossier_count, sub.issued_on = sent, now.date()
        uow.submissions.add(sub)
        uow.commit()
        return SubmissionOutcome(unit.code, to_code, award, outcomes, sub.code, sub.document_no)


def _new_submission(
    uow: UnitOfWork, rnd: Round, unit: Unit, to_id: int, award: str, actor: Actor, now: datetime
) -> Submission:
    """The group's next tờ trình (bổ sung when one was sent before), flushed to get its id."""
    seq = uow.submissions.next_seq(rnd.id or 0, unit.id or 0, to_id, award)
    in_round = uow.submissions.next_in_round(rnd.code, rnd.year)
    sub = Submission(
        code=f"TTr-{rnd.code}-{in_round:03d}",
        round_id=rnd.id or 0,
        from_unit_id=unit.id or 0,
        to_unit_id=to_id,
        award_code=award,
        seq=seq,
        created_at=now,
        created_by=actor.name,
    )
    return uow.submissions.add(sub)


def _round_and_unit(uow: UnitOfWork, round_code: str, unit_code: str) -> tuple[Round, Unit]:
    rnd = uow.rounds.by_code(round_code)
    unit = uow.org.unit(unit_code)
    if unit is None:
        raise NotFoundError(f"Không có đơn vị mã '{unit_code}'.")
    return rnd, unit


def _at_top(row: DossierRow) -> str:
    return (
        f"Hồ sơ {row.code}: cấp này là cấp cuối trên tuyến trình, hãy ra quyết định thay vì "
        "trình cấp trên."
    )
