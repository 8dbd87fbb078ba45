"""Random walks: random triggers on random contexts, checked against the table and replay()."""

from collections import deque
from dataclasses import asdict, dataclass

from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from states import (
    TRANSITIONS,
    DossierState,
    DossierWorkflow,
    InvalidTransition,
    Trigger,
    next_state,
    replay,
)


def _reachable() -> frozenset[DossierState]:
    seen, todo = {DossierState.draft}, deque([DossierState.draft])
    while todo:
        state = todo.popleft()
        for move in TRANSITIONS:
            if move.source == state and move.dest not in seen:
                seen.add(move.dest)
                todo.append(move.dest)
    return frozenset(seen)


REACHABLE = _reachable()
FORWARD = set(Trigger) - {
    Trigger.withdraw,
    Trigger.return_for_changes,
    Trigger.mark_ineligible,
    Trigger.reject,
    Trigger.hold,
}


@dataclass
class Row:
    """Stands in for the database row: mutable, so a stray write would show."""

    code: str
    state: DossierState
    held_from: DossierState | None = None
    holds_authority: bool = False
    next_hop_is_state_body: bool = False
    needs_public_notice: bool = False
    notice_cleared: bool = True


class DossierLifecycle(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.row = Row("HS-2023-0042", DossierState.draft)
        self.trail: list[tuple[Trigger, DossierState, DossierState]] = []

    @rule(
        authority=st.booleans(),
        state_body=st.booleans(),
        needs=st.booleans(),
        cleared=st.booleans(),
    )
    def change_facts(self, authority: bool, state_body: bool, needs: bool, cleared: bool) -> None:
        self.row.holds_authority = authority
        self.row.next_hop_is_state_body = state_body
        self.row.needs_public_notice = needs
        self.row.notice_cleared = cleared

    @rule(trigger=st.sampled_from(Trigger))
    def fire_any(self, trigger: Trigger) -> None:
        self.fire(trigger)

    @rule(data=st.data())
    def fire_allowed(self, data: st.DataObject) -> None:
        # Not withdraw: allowed in six states, it would end most walks early (fire_any tries it).
        allowed = DossierWorkflow(self.row).allowed()
        self.fire_one_of(data, [t for t in allowed if t != Trigger.withdraw])

    @rule(data=st.data())
    def advance(self, data: st.DataObject) -> None:
        # Returns and holds loop back; this rule heads for the decision so walks reach the end.
        allowed = DossierWorkflow(self.row).allowed()
        self.fire_one_of(data, [t for t in allowed if t in FORWARD])

    def fire_one_of(self, data: st.DataObject, triggers: list[Trigger]) -> None:
        if triggers:
            self.fire(data.draw(st.sampled_from(triggers)))

    def fire(self, trigger: Trigger) -> None:
        before = asdict(self.row)
        try:
            moved = DossierWorkflow(self.row).fire(trigger)
        except InvalidTransition as err:
            assert asdict(self.row) == before  # a refused trigger changes nothing
            assert trigger not in err.allowed
            return
        assert asdict(self.row) == before  # the workflow reads; the caller writes
        assert moved.source == self.row.state
        assert moved.dest == next_state(self.row, trigger)
        self.apply(moved.trigger, moved.source, moved.dest)

    def apply(self, trigger: Trigger, source: DossierState, dest: DossierState) -> None:
        # What a service does with a Transitioned: store the state and remember where a hold began.
        if trigger == Trigger.hold:
            self.row.held_from = source
        elif trigger == Trigger.resume:
            self.row.held_from = None
        self.row.state = dest
        self.trail.append((trigger, source, dest))

    @invariant()
    def state_is_reachable(self) -> None:
        event(f"state {self.row.state}")
        assert isinstance(self.row.state, DossierState)
        assert self.row.state in REACHABLE

    @invariant()
    def replay_rebuilds_the_state(self) -> None:
        assert replay(self.trail) == self.row.state

    @invariant()
    def on_hold_knows_where_to_return(self) -> None:
        assert (self.row.state == DossierState.on_hold) == (self.row.held_from is not None)


DossierLifecycle.TestCase.settings = settings(
    max_examples=150, stateful_step_count=50, deadline=None
)
test_dossier_lifecycle = DossierLifecycle.TestCase
