"""The vocabulary of the lifecycle: states, triggers, actors and the context the machine reads."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol


class DossierState(enum.StrEnum):
    """Where a dossier stands; the values are stored in the database and must never change."""

    draft = "draft"
    submitted = "submitted"
    received = "received"
    returned = "returned"
    under_appraisal = "under_appraisal"
    eligible = "eligible"
    ineligible = "ineligible"
    on_agenda = "on_agenda"
    approved = "approved"
    not_approved = "not_approved"
    public_notice = "public_notice"
    awaiting_decision = "awaiting_decision"
    awarded = "awarded"
    refused = "refused"
    withdrawn = "withdrawn"
    on_hold = "on_hold"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


class Trigger(enum.StrEnum):
    """What someone does to a dossier; the values name audit events and web actions."""

    submit = "submit"
    withdraw = "withdraw"
    receive = "receive"
    return_for_changes = "return_for_changes"
    resubmit = "resubmit"
    start_appraisal = "start_appraisal"
    mark_eligible = "mark_eligible"
    mark_ineligible = "mark_ineligible"
    put_on_agenda = "put_on_agenda"
    approve = "approve"
    reject = "reject"
    open_public_notice = "open_public_notice"
    decide = "decide"
    escalate = "escalate"
    record_award = "record_award"
    record_refusal = "record_refusal"
    hold = "hold"
    resume = "resume"

    @property
    def label(self) -> str:
        return TRIGGER_LABELS[self]


class Actor(enum.StrEnum):
    """Who must act next on a dossier."""

    unit = "unit"
    secretariat = "secretariat"
    council = "council"


_S = DossierState

STATE_LABELS: dict[DossierState, str] = {
    _S.draft: "Nháp",
    _S.submitted: "Đã nộp",
    _S.received: "Đã tiếp nhận",
    _S.returned: "Bị trả lại",
    _S.under_appraisal: "Đang thẩm định",
    _S.eligible: "Đủ điều kiện",
    _S.ineligible: "Không đủ điều kiện",
    _S.on_agenda: "Đưa ra Hội đồng",
    _S.approved: "Hội đồng thông qua",
    _S.not_approved: "Không được thông qua",
    _S.public_notice: "Đang công khai",
    _S.awaiting_decision: "Chờ quyết định của cấp trên",
    _S.awarded: "Đã khen thưởng",
    _S.refused: "Không được khen thưởng",
    _S.withdrawn: "Đã rút",
    _S.on_hold: "Tạm dừng",
}

# Verbs, so that messages and buttons read "Không thể "thông qua" hồ sơ…".
TRIGGER_LABELS: dict[Trigger, str] = {
    Trigger.submit: "nộp",
    Trigger.withdraw: "rút",
    Trigger.receive: "tiếp nhận",
    Trigger.return_for_changes: "trả lại",
    Trigger.resubmit: "nộp lại",
    Trigger.start_appraisal: "thẩm định",
    Trigger.mark_eligible: "kết luận đủ điều kiện",
    Trigger.mark_ineligible: "kết luận không đủ điều kiện",
    Trigger.put_on_agenda: "đưa ra Hội đồng",
    Trigger.approve: "thông qua",
    Trigger.reject: "không thông qua",
    Trigger.open_public_notice: "công khai",
    Trigger.decide: "quyết định khen thưởng",
    Trigger.escalate: "trình cấp trên",
    Trigger.record_award: "ghi nhận quyết định khen thưởng",
    Trigger.record_refusal: "ghi nhận không khen thưởng",
    Trigger.hold: "tạm dừng",
    Trigger.resume: "tiếp tục",
}

# Audit events that are not moves (the state stays): their trigger values and labels.
CORRECT = "correct"  # the nominating unit corrected a draft or returned dossier
EVENT_LABELS: dict[str, str] = {CORRECT: "sửa hồ sơ"}


def event_label(trigger: str) -> str:
    """The label of an audit event's trigger: a move's verb, or one of EVENT_LABELS."""
    return EVENT_LABELS.get(trigger) or Trigger(trigger).label


TERMINAL_STATES: frozenset[DossierState] = frozenset(
    {_S.ineligible, _S.not_approved, _S.awarded, _S.refused, _S.withdrawn}
)

# States where the dossier waits on someone other than its author (reminders, dashboards).
WAITING_STATES: frozenset[DossierState] = frozenset(
    {
        _S.submitted,
        _S.received,
        _S.returned,
        _S.under_appraisal,
        _S.eligible,
        _S.on_agenda,
        _S.approved,
        _S.public_notice,
        _S.awaiting_decision,
        _S.on_hold,
    }
)

# Terminal states have nobody left to act, so they have no entry.
ACTOR_OF_STATE: dict[DossierState, Actor] = {
    _S.draft: Actor.unit,
    _S.returned: Actor.unit,
    _S.submitted: Actor.secretariat,
    _S.received: Actor.secretariat,
    _S.under_appraisal: Actor.secretariat,
    _S.eligible: Actor.secretariat,
    _S.approved: Actor.secretariat,
    _S.public_notice: Actor.secretariat,
    _S.awaiting_decision: Actor.secretariat,
    _S.on_hold: Actor.secretariat,
    _S.on_agenda: Actor.council,
}


class DossierContext(Protocol):
    """Everything the lifecycle reads about one dossier; read-only so any row or view can match."""

    @property
    def code(self) -> str: ...  # e.g. "HS-2023-0042"

    @property
    def state(self) -> DossierState: ...

    @property
    def held_from(self) -> DossierState | None: ...

    @property
    def holds_authority(self) -> bool: ...  # this level decides this award form

    @property
    def next_hop_is_state_body(self) -> bool: ...  # UBND tỉnh, Thủ tướng… rather than a union

    @property
    def needs_public_notice(self) -> bool: ...

    @property
    def notice_cleared(self) -> bool: ...  # no công khai needed, or its window closed cleanly


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A plain, immutable DossierContext for tests and bulk paths."""

    code: str
    state: DossierState
    held_from: DossierState | None = None
    holds_authority: bool = False
    next_hop_is_state_body: bool = False
    needs_public_notice: bool = False
    notice_cleared: bool = True

    @classmethod
    def of(cls, ctx: DossierContext) -> Snapshot:
        """Copy any context, e.g. to detach it from a database row."""
        return cls(
            code=ctx.code,
            state=ctx.state,
            held_from=ctx.held_from,
            holds_authority=ctx.holds_authority,
            next_hop_is_state_body=ctx.next_hop_is_state_body,
            needs_public_notice=ctx.needs_public_notice,
            notice_cleared=ctx.notice_cleared,
        )
