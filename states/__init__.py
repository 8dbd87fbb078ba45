"""states: the dossier lifecycle as data (DossierState, Trigger, TRANSITIONS) and its machine.

A pure leaf: imports nothing of the application and does no I/O.

- DossierWorkflow(ctx).fire/allowed/may: one dossier, through a shared transitions.Machine.
- next_state/allowed_triggers: the same rules without the Machine, for bulk paths.
- replay: check an audit trail against the table and rebuild the state.
- states.diagram.mermaid: the lifecycle drawn from the table.
"""

from states._errors import AuditTrailError, InvalidTransition
from states._fast import allowed_triggers, candidates, next_state, refusal_reasons
from states._model import (
    ACTOR_OF_STATE,
    CORRECT,
    EVENT_LABELS,
    STATE_LABELS,
    TERMINAL_STATES,
    TRIGGER_LABELS,
    WAITING_STATES,
    Actor,
    DossierContext,
    DossierState,
    Snapshot,
    Trigger,
    event_label,
)
from states._replay import replay
from states._table import (
    CONDITIONS,
    FAILED_CONDITION_REASONS,
    FAILED_UNLESS_REASONS,
    HOLDABLE_STATES,
    TRANSITIONS,
    UNIT_EDITABLE_STATES,
    Move,
    ReturnStage,
    held_from_condition,
    return_stage,
)
from states._workflow import DossierWorkflow, Transitioned

__all__ = [
    "ACTOR_OF_STATE",
    "CORRECT",
    "EVENT_LABELS",
    "CONDITIONS",
    "FAILED_CONDITION_REASONS",
    "FAILED_UNLESS_REASONS",
    "HOLDABLE_STATES",
    "STATE_LABELS",
    "TERMINAL_STATES",
    "TRANSITIONS",
    "TRIGGER_LABELS",
    "UNIT_EDITABLE_STATES",
    "WAITING_STATES",
    "Actor",
    "AuditTrailError",
    "DossierContext",
    "DossierState",
    "DossierWorkflow",
    "InvalidTransition",
    "Move",
    "ReturnStage",
    "Snapshot",
    "Transitioned",
    "Trigger",
    "allowed_triggers",
    "candidates",
    "event_label",
    "held_from_condition",
    "next_state",
    "refusal_reasons",
    "replay",
    "return_stage",
]
