"""Conditions route a dossier: decide here, escalate to a union, or to a state body; hold/resume."""

from dataclasses import dataclass

import pytest

from states import (
    DossierState,
    DossierWorkflow,
    InvalidTransition,
    Snapshot,
    Transitioned,
    Trigger,
    next_state,
)
from states._workflow import _MACHINE

S = DossierState
T = Trigger
CODE = "HS-2023-0042"


def fire(ctx: Snapshot, trigger: Trigger) -> DossierState:
    moved = DossierWorkflow(ctx).fire(trigger)
    assert moved == Transitioned(ctx.code, trigger, ctx.state, moved.dest)
    return moved.dest


@pytest.mark.parametrize("source", [S.approved, S.public_notice])
def test_the_level_with_authority_decides(source: DossierState) -> None:
    ctx = Snapshot(CODE, source, holds_authority=True)
    assert fire(ctx, T.decide) == S.awarded
    assert not DossierWorkflow(ctx).may(T.escalate)


@pytest.mark.parametrize("source", [S.approved, S.public_notice])
def test_without_authority_escalate_to_the_union_level_above(source: DossierState) -> None:
    ctx = Snapshot(CODE, source, holds_authority=False, next_hop_is_state_body=False)
    assert fire(ctx, T.escalate) == S.submitted
    assert not DossierWorkflow(ctx).may(T.decide)


@pytest.mark.parametrize("source", [S.approved, S.public_notice])
def test_without_authority_escalate_to_a_state_body(source: DossierState) -> None:
    ctx = Snapshot(CODE, source, holds_authority=False, next_hop_is_state_body=True)
    assert fire(ctx, T.escalate) == S.awaiting_decision
    after = Snapshot(CODE, S.awaiting_decision)
    assert DossierWorkflow(after).allowed() == [T.record_award, T.record_refusal, T.hold]
    assert fire(after, T.record_award) == S.awarded
    assert fire(after, T.record_refusal) == S.refused


@pytest.mark.parametrize("authority", [True, False])
def test_public_notice_must_be_opened_before_deciding_or_escalating(authority: bool) -> None:
    ctx = Snapshot(
        CODE, S.approved, holds_authority=authority, needs_public_notice=True, notice_cleared=False
    )
    assert DossierWorkflow(ctx).allowed() == [T.open_public_notice, T.hold]
    assert fire(ctx, T.open_public_notice) == S.public_notice
    open_window = Snapshot(CODE, S.public_notice, holds_authority=authority, notice_cleared=False)
    assert DossierWorkflow(open_window).allowed() == [T.hold]
    cleared = Snapshot(CODE, S.public_notice, holds_authority=authority, notice_cleared=True)
    assert DossierWorkflow(cleared).allowed() == [T.decide if authority else T.escalate, T.hold]


def test_no_public_notice_when_none_is_needed() -> None:
    ctx = Snapshot(CODE, S.approved, holds_authority=True, needs_public_notice=False)
    assert not DossierWorkflow(ctx).may(T.open_public_notice)
    assert DossierWorkflow(ctx).allowed() == [T.decide, T.hold]


@pytest.mark.parametrize("held_from", [S.submitted, S.under_appraisal, S.awaiting_decision])
def test_resume_returns_to_the_state_it_was_held_from(held_from: DossierState) -> None:
    assert fire(Snapshot(CODE, held_from), T.hold) == S.on_hold
    assert fire(Snapshot(CODE, S.on_hold, held_from=held_from), T.resume) == held_from


def test_withdraw_only_before_the_council() -> None:
    assert fire(Snapshot(CODE, S.eligible), T.withdraw) == S.withdrawn
    for state in (S.on_agenda, S.approved, S.on_hold, S.awarded):
        assert not DossierWorkflow(Snapshot(CODE, state)).may(T.withdraw)


def test_the_happy_path_through_one_level() -> None:
    path = [
        (T.submit, S.submitted),
        (T.receive, S.received),
        (T.return_for_changes, S.returned),
        (T.resubmit, S.submitted),
        (T.receive, S.received),
        (T.start_appraisal, S.under_appraisal),
        (T.mark_eligible, S.eligible),
        (T.put_on_agenda, S.on_agenda),
        (T.approve, S.approved),
        (T.decide, S.awarded),
    ]
    state = S.draft
    for trigger, expected in path:
        state = fire(Snapshot(CODE, state, holds_authority=True), trigger)
        assert state == expected


@dataclass
class Row:
    """A mutable, ORM-row-like context: the workflow must only read it."""

    code: str
    state: DossierState
    held_from: DossierState | None = None
    holds_authority: bool = True
    next_hop_is_state_body: bool = False
    needs_public_notice: bool = False
    notice_cleared: bool = True


def test_fire_never_mutates_the_context_and_detaches_the_model() -> None:
    row = Row(CODE, S.approved)
    workflow = DossierWorkflow(row)
    assert workflow.fire(T.decide).dest == S.awarded
    assert row == Row(CODE, S.approved)
    with pytest.raises(InvalidTransition):
        workflow.fire(T.submit)
    assert row == Row(CODE, S.approved)
    assert _MACHINE.models == []
    assert vars(workflow) == {"ctx": row}


def test_the_workflow_offers_no_shortcut_around_the_rules() -> None:
    workflow = DossierWorkflow(Snapshot(CODE, S.draft))
    workflow.allowed()
    names = dir(workflow)
    assert not [n for n in names if n.startswith("to_") or n in set(Trigger)]
    assert {"trigger", "may_trigger"}.isdisjoint(names)


def test_triggers_may_be_given_as_stored_strings() -> None:
    ctx = Snapshot(CODE, S.draft)
    assert DossierWorkflow(ctx).fire("submit").dest == S.submitted  # type: ignore[arg-type]
    assert next_state(ctx, "submit") == S.submitted  # type: ignore[arg-type]
