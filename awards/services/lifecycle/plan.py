"""Planning moves: from a dossier row and a request to the row update and the audit event.

Pure functions over plain rows: the single-dossier path checks the move with the shared
transitions Machine, the bulk path with the table's fast path; both share these effects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from awards.model import Award
from awards.repository.dossiers import DossierRow
from awards.services.lifecycle.audit_chain import hash_events
from states import DossierState, Snapshot, Trigger


@dataclass(frozen=True)
class Actor:
    name: str
    role: str  # unit_officer | secretariat | council | chair | admin | system


SYSTEM = Actor("hệ thống", "system")


@dataclass(frozen=True)
class MoveRequest:
    trigger: Trigger
    actor: Actor
    now: datetime
    reason: str = ""
    due_on: date | None = None  # correction deadline after a return, công khai end, …
    decision_no: str | None = None
    decision_date: date | None = None
    decision_signer: str | None = None
    policy_version: str | None = None
    eligibility: dict[str, Any] | None = None
    submission_id: int | None = None  # the tờ trình an escalation travels with
    council_session: str | None = None  # approve/reject: the closed session that decided it
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def today(self) -> date:
        return self.now.date()


@dataclass(frozen=True)
class MoveOutcome:
    code: str
    ok: bool
    source: str
    dest: str | None = None
    error: str | None = None
    allowed: tuple[str, ...] = ()


def context(row: DossierRow, award: Award, today: date, objected: bool) -> Snapshot:
    """What the machine needs to know, derived from the route and the award."""
    last_union_hop = len(row.route) - (2 if row.ends_at_state_body else 1)
    at_last = row.hop_no == last_union_hop
    needs_notice = award.needs_public_notice and at_last
    notice_done = (
        row.state == DossierState.public_notice
        and row.notice_ends_on is not None
        and row.notice_ends_on <= today
        and not objected
    )
    return Snapshot(
        code=row.code,
        state=DossierState(row.state),
        held_from=DossierState(row.held_from) if row.held_from else None,
        holds_authority=at_last and not row.ends_at_state_body,
        next_hop_is_state_body=at_last and row.ends_at_state_body,
        needs_public_notice=needs_notice,
        notice_cleared=not needs_notice or notice_done,
    )


def plan(
    row: DossierRow, dest: DossierState, req: MoveRequest
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The update parameters and the audit event of one accepted move; the event's hash (and
    the update's audit_hash) are set by `seal` once the batch is planned."""
    source = row.state
    update: dict[str, Any] = {
        "b_id": row.id,
        "b_version": row.version,
        "state": str(dest),
        "version": row.version + 1,
        "updated_at": req.now,
        "due_on": req.due_on,
    }  # only what changes: every SET column costs index upkeep and a bind per row
    _effects(row, req, update)
    event = {
        "dossier_id": row.id,
        "seq": row.audit_seq + 1,
        "at": req.now.astimezone(UTC),
        "actor": req.actor.name,
        "role": req.actor.role,
        "trigger": str(req.trigger),
        "from_state": source,
        "to_state": str(dest),
        "reason": req.reason,
        "hop_no": row.hop_no,
        "unit_id": row.current_unit_id,
        "policy_version": req.policy_version,
        "data": req.data,
        "prev_hash": row.audit_hash,
    }
    update["audit_seq"] = event["seq"]
    return update, event


def seal(updates: list[dict[str, Any]], events: list[dict[str, Any]]) -> None:
    """Hash a batch's events (one loop, audit_chain.hash_events) and put each hash on its row."""
    hash_events(events)
    for update, event in zip(updates, events, strict=True):
        update["audit_hash"] = event["hash"]


def _effects(row: DossierRow, req: MoveRequest, update: dict[str, Any]) -> None:
    t = req.trigger
    if t is Trigger.hold:
        update["held_from"] = row.state
    elif t is Trigger.resume:
        update["held_from"] = None
    elif t is Trigger.escalate:
        update["hop_no"] = row.hop_no + 1
        update["current_unit_id"] = row.route[row.hop_no + 1]
    elif t is Trigger.open_public_notice:
        update["notice_ends_on"] = req.due_on
    if t in (Trigger.decide, Trigger.record_award, Trigger.record_refusal):
        update["decision_no"] = req.decision_no
        update["decision_date"] = req.decision_date
        update["decision_signer"] = req.decision_signer
        update["decided_by_unit_id"] = row.current_unit_id


# How a level's handling (its hop) ends, by the move that ends it.
HOP_OUTCOMES: dict[Trigger, str] = {
    Trigger.withdraw: "withdrawn",
    Trigger.mark_ineligible: "ineligible",
    Trigger.reject: "not_approved",
    Trigger.decide: "awarded",
    Trigger.escalate: "escalated",
    Trigger.record_award: "awarded",
    Trigger.record_refusal: "refused",
}


def hop_effects(
    row: DossierRow, req: MoveRequest
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The dossier_hop rows a move opens and the updates it makes to the current one."""
    t, now = req.trigger, req.now
    key = {"b_dossier_id": row.id, "b_hop_no": row.hop_no}
    opened: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    if t is Trigger.submit:
        opened.append(_hop(row, row.hop_no, now, None))
    elif t is Trigger.receive:
        updates.append({**key, "received_at": now, "appraisal_due_on": req.due_on})
    if t in HOP_OUTCOMES:
        updates.append({**key, "outcome": HOP_OUTCOMES[t], "closed_at": now})
    if t is Trigger.escalate:
        opened.append(_hop(row, row.hop_no + 1, now, req.submission_id))
    return opened, updates


def _hop(row: DossierRow, hop_no: int, now: datetime, submission_id: int | None) -> dict[str, Any]:
    last = len(row.route) - 1
    return {
        "dossier_id": row.id,
        "hop_no": hop_no,
        "unit_id": row.route[hop_no],
        "is_state_body": row.ends_at_state_body and hop_no == last,
        "entered_at": now,
        "submission_id": submission_id,
    }


def uniform(updates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """executemany needs every parameter set to carry the same keys."""
    if not updates or all(u.keys() == updates[0].keys() for u in updates):
        return updates  # the usual case: one trigger, the same columns for every dossier
    keys = sorted(set().union(*(u.keys() for u in updates)))
    return [{k: u.get(k) for k in keys} for u in updates]


def refusal(row: DossierRow, message: str, allowed: list[Trigger]) -> MoveOutcome:
    return MoveOutcome(row.code, False, row.state, None, message, tuple(str(a) for a in allowed))
