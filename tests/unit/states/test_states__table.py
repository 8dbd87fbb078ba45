"""The transition table read as a graph: complete, reachable, and closed at the end."""

from collections import deque

import pytest

from states import (
    ACTOR_OF_STATE,
    CONDITIONS,
    FAILED_CONDITION_REASONS,
    FAILED_UNLESS_REASONS,
    HOLDABLE_STATES,
    STATE_LABELS,
    TERMINAL_STATES,
    TRANSITIONS,
    TRIGGER_LABELS,
    WAITING_STATES,
    DossierState,
    Move,
    Trigger,
    return_stage,
)

S = DossierState


def reachable_from(start: DossierState) -> set[DossierState]:
    seen, todo = {start}, deque([start])
    while todo:
        state = todo.popleft()
        for move in TRANSITIONS:
            if move.source == state and move.dest not in seen:
                seen.add(move.dest)
                todo.append(move.dest)
    return seen


def test_every_state_is_reachable_from_draft() -> None:
    assert reachable_from(S.draft) == set(DossierState)


def test_every_non_terminal_state_has_a_way_out() -> None:
    sources = {move.source for move in TRANSITIONS}
    assert set(DossierState) - TERMINAL_STATES <= sources


def test_terminal_states_have_no_outgoing_moves() -> None:
    assert [m for m in TRANSITIONS if m.source in TERMINAL_STATES] == []
    assert {S.ineligible, S.not_approved, S.awarded, S.refused, S.withdrawn} == TERMINAL_STATES


def test_every_non_terminal_state_can_still_end() -> None:
    for state in set(DossierState) - TERMINAL_STATES:
        assert reachable_from(state) & TERMINAL_STATES, state


def test_every_trigger_is_used_and_the_table_is_grouped_in_trigger_order() -> None:
    order = list(dict.fromkeys(move.trigger for move in TRANSITIONS))
    assert order == list(Trigger)


def test_no_move_is_listed_twice() -> None:
    assert len(set(TRANSITIONS)) == len(TRANSITIONS)


def test_every_member_has_a_vietnamese_label() -> None:
    assert set(STATE_LABELS) == set(DossierState)
    assert set(TRIGGER_LABELS) == set(Trigger)
    assert S.draft.label == "Nháp" and S.awaiting_decision.label == "Chờ quyết định của cấp trên"
    assert Trigger.approve.label == "thông qua" and Trigger.decide.label == "quyết định khen thưởng"


def test_values_are_the_stable_database_strings() -> None:
    assert all(state.value == state.name for state in DossierState)
    assert all(trigger.value == trigger.name for trigger in Trigger)
    assert S("under_appraisal") is S.under_appraisal


def test_waiting_states_and_actors() -> None:
    assert not WAITING_STATES & TERMINAL_STATES
    assert set(DossierState) - TERMINAL_STATES - {S.draft} == WAITING_STATES
    assert set(ACTOR_OF_STATE) == set(DossierState) - TERMINAL_STATES
    assert ACTOR_OF_STATE[S.draft] == ACTOR_OF_STATE[S.returned] == "unit"
    assert ACTOR_OF_STATE[S.on_agenda] == "council"
    assert ACTOR_OF_STATE[S.on_hold] == ACTOR_OF_STATE[S.awaiting_decision] == "secretariat"


def test_every_condition_name_has_a_predicate_and_both_reasons() -> None:
    used = {name for move in TRANSITIONS for name in (*move.conditions, *move.unless)}
    assert used <= set(CONDITIONS)
    assert set(FAILED_CONDITION_REASONS) == set(FAILED_UNLESS_REASONS) == set(CONDITIONS)


def test_hold_and_resume_pair_up_per_holdable_state() -> None:
    held = {m.source for m in TRANSITIONS if m.trigger == Trigger.hold}
    resumed = {m.dest for m in TRANSITIONS if m.trigger == Trigger.resume}
    assert held == resumed == set(HOLDABLE_STATES)
    assert all(m.source == S.on_hold for m in TRANSITIONS if m.trigger == Trigger.resume)


def test_a_move_naming_an_unknown_condition_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown"):
        Move(Trigger.decide, S.approved, S.awarded, conditions=("has_budget",))


@pytest.mark.parametrize(
    ("source", "stage"),
    [(S.submitted, "tiếp nhận"), (S.received, "tiếp nhận"), (S.under_appraisal, "thẩm định")],
)
def test_return_stage(source: DossierState, stage: str) -> None:
    assert return_stage(source) == stage


def test_return_stage_covers_exactly_the_return_moves() -> None:
    sources = {m.source for m in TRANSITIONS if m.trigger == Trigger.return_for_changes}
    assert sources == {S.submitted, S.received, S.under_appraisal}
    with pytest.raises(ValueError, match="Đủ điều kiện"):
        return_stage(S.eligible)
