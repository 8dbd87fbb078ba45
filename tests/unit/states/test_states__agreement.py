"""The Machine path and the pure fast path agree on every state, trigger and context.

Exhaustive: 16 states x 17 held_from values (None and every state) x 2^4 flags x 18 triggers.
"""

import itertools

import pytest

from states import (
    DossierState,
    DossierWorkflow,
    InvalidTransition,
    Snapshot,
    Trigger,
    allowed_triggers,
    next_state,
)

HELD_FROM: list[DossierState | None] = [None, *DossierState]
FLAGS = list(itertools.product([False, True], repeat=4))


def contexts(state: DossierState) -> list[Snapshot]:
    return [
        Snapshot("HS-2023-0042", state, held_from, authority, state_body, needs, cleared)
        for held_from in HELD_FROM
        for authority, state_body, needs, cleared in FLAGS
    ]


def outcome_by_machine(ctx: Snapshot, trigger: Trigger) -> DossierState | str:
    try:
        return DossierWorkflow(ctx).fire(trigger).dest
    except InvalidTransition as err:
        return str(err)


def outcome_by_fast_path(ctx: Snapshot, trigger: Trigger) -> DossierState | str:
    try:
        return next_state(ctx, trigger)
    except InvalidTransition as err:
        return str(err)


@pytest.mark.parametrize("state", list(DossierState))
def test_machine_and_fast_path_agree(state: DossierState) -> None:
    checked = 0
    for ctx in contexts(state):
        allowed = allowed_triggers(ctx)
        assert DossierWorkflow(ctx).allowed() == allowed, ctx
        for trigger in Trigger:
            by_machine = outcome_by_machine(ctx, trigger)
            assert by_machine == outcome_by_fast_path(ctx, trigger), (ctx, trigger)
            assert isinstance(by_machine, DossierState) == (trigger in allowed), (ctx, trigger)
            checked += 1
    assert checked == len(HELD_FROM) * len(FLAGS) * len(Trigger)


@pytest.mark.parametrize("state", list(DossierState))
def test_may_matches_allowed(state: DossierState) -> None:
    # A diagonal: every held_from value and every flag combination once (may() is slower).
    for ctx in contexts(state)[:: len(FLAGS) + 1]:
        allowed = set(allowed_triggers(ctx))
        assert {t for t in Trigger if DossierWorkflow(ctx).may(t)} == allowed, ctx
