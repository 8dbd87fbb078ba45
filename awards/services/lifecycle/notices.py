"""Outbox messages caused by moves: who must be told, written in the same transaction.

Each notice is stored as its template's data and rendered at delivery (awards.services.mail.stored).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from awards.links import link
from awards.model import Award
from awards.repository import UnitOfWork
from awards.repository.dossiers import DossierRow
from awards.services.lifecycle.plan import MoveRequest
from awards.services.mail.stored import stored_row
from states import DossierState, Trigger

SENDER = "Hệ thống tdkt – quy trình khen thưởng Công đoàn"
# Where a dossier stops short of an award; the unit is told why (the reason is the audit's).
NOT_AWARDED = {
    DossierState.ineligible: "được kết luận không đủ điều kiện",
    DossierState.not_approved: "không được Hội đồng Thi đua – Khen thưởng thông qua",
    DossierState.refused: "không được cấp có thẩm quyền quyết định khen thưởng",
}


@dataclass
class NoticeData:
    awards: dict[str, Award]
    unit_names: dict[int, str]
    unit_emails: dict[int, str | None]
    person_names: dict[int, str]


def load_notice_data(
    uow: UnitOfWork,
    rows: list[DossierRow],
    awards: dict[str, Award],
    known: NoticeData | None = None,
) -> NoticeData:
    """Names and mailboxes of every unit and nominee in the batch, in three queries.

    With `known` (the data of earlier batches of the same bulk move), only the units not seen
    yet are read, and `known` is extended and returned.
    """
    data = known or NoticeData(awards, {}, {}, {})
    unit_ids = {u for r in rows for u in (r.nominating_unit_id, r.nominee_unit_id, *r.route) if u}
    unit_ids -= data.unit_emails.keys()
    # Persons rarely recur across batches: their names are kept for this batch only, so memory
    # stays flat however many dossiers a bulk move covers.
    data.person_names = {}
    person_ids = {r.person_id for r in rows if r.person_id}
    if unit_ids:
        data.unit_names.update(uow.org.latest_names(unit_ids))
        data.unit_emails.update(uow.org.emails(unit_ids))
    if person_ids:
        data.person_names.update(uow.people.names(person_ids))
    return data


def recipient_of(
    awards: dict[str, Award], row: DossierRow, dest: DossierState, req: MoveRequest
) -> int | None:
    """The unit a move tells (its notice is then due), or None: decided before any name or
    mailbox is read, so a move without a notice reads none."""
    built = _build(NoticeData(awards, {}, {}, {}), row, dest, req)
    return built[1] if built else None


def messages_for(
    data: NoticeData, row: DossierRow, dest: DossierState, req: MoveRequest
) -> list[dict[str, Any]]:
    built = _build(data, row, dest, req)
    if built is None:
        return []
    template, recipient_unit, context = built
    email = data.unit_emails.get(recipient_unit)
    if not email:
        return []
    key = f"{template}:{row.code}:{row.audit_seq + 1}"
    return [stored_row(key, template, email, context, req.now, row.id)]


def _build(
    data: NoticeData, row: DossierRow, dest: DossierState, req: MoveRequest
) -> tuple[str, int, dict[str, Any]] | None:
    base = _base(data, row)
    here = data.unit_names.get(row.current_unit_id, "")
    t = req.trigger
    if t is Trigger.return_for_changes:
        return (
            "dossier_returned",
            row.nominating_unit_id,
            {
                **base,
                "returned_by": here,
                "reason": req.reason,
                "items_to_fix": list(req.data.get("items_to_fix", [])),
                "resubmit_by": req.due_on,
            },
        )
    if t is Trigger.receive:
        return (
            "dossier_received",
            row.nominating_unit_id,
            {
                **base,
                "received_by": here,
                "received_on": req.today,
                "appraisal_due": req.due_on,
            },
        )
    if t is Trigger.escalate:
        target = row.route[row.hop_no + 1]
        return (
            "dossier_escalated",
            row.nominating_unit_id,
            {
                **base,
                # A move without a tờ trình (single-dossier route) says no number at all.
                "submission_number": req.data.get("submission_number", ""),
                "submitted_to": data.unit_names.get(target, ""),
                "submitted_on": req.today,
            },
        )
    if dest in NOT_AWARDED:
        return (
            "dossier_not_awarded",
            row.nominating_unit_id,
            {
                **base,
                "outcome": NOT_AWARDED[dest],
                "concluded_by": here,
                "concluded_on": req.today,
                "reason": req.reason,
            },
        )
    if dest is DossierState.awarded:
        return (
            "dossier_decided",
            row.nominating_unit_id,
            {
                **base,
                "decision_number": req.decision_no or "",
                "issuer": here,
                "decision_date": req.decision_date or req.today,
            },
        )
    return None


def _base(data: NoticeData, row: DossierRow) -> dict[str, Any]:
    nominee = (
        data.person_names.get(row.person_id, "")
        if row.person_id
        else data.unit_names.get(row.nominee_unit_id or 0, "")
    )
    return {
        "recipient_name": data.unit_names.get(row.nominating_unit_id, ""),
        "sender_name": SENDER,
        "code": row.code,
        "nominee_name": nominee,
        "award_name": data.awards[row.award_code].name,
        "link": link("dossier", code=row.code),
    }
