"""DossierWorkflow: a wrapper that lends one shared transitions.Machine to a dossier per call.

The viewflow pattern: the machine is never bound to an ORM row (SQLModel refuses the attributes
transitions adds). One module-level Machine serves every dossier; each call attaches the wrapper
with the dossier's stored state and detaches it in `finally`, because a Machine holding many models
slows down every add_model and leaks them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

from transitions import EventData, Machine, MachineError, State

from states._errors import InvalidTransition
from states._fast import refusal_reasons
from states._model import DossierContext, DossierState, Trigger
from states._table import CONDITIONS, TRANSITIONS


@dataclass(frozen=True, slots=True)
class Transitioned:
    """A move that happened; the caller stores `dest` and an audit event in one transaction."""

    code: str
    trigger: Trigger
    source: DossierState
    dest: DossierState


def _check(name: str) -> Callable[[EventData], bool]:
    predicate = CONDITIONS[name]

    def check(event: EventData) -> bool:
        return predicate(cast(DossierWorkflow, event.model).ctx)

    check.__name__ = name  # readable in transitions' logs and reprs
    return check


class _LeanMachine(Machine):
    """Binds only trigger(), may_trigger() and `state` to an attached model.

    The wrapper needs nothing else, so per-trigger shortcuts (approve(), may_approve(), is_draft())
    never exist on it, and add_model, paid on every call, costs a quarter of the default.
    """

    def _add_trigger_to_model(self, trigger: str, model: object) -> None:
        pass

    def _add_model_to_state(self, state: State, model: object) -> None:
        pass


def _build_machine() -> Machine:
    return _LeanMachine(
        model=None,
        states=DossierState,
        transitions=[
            {
                "trigger": move.trigger.value,
                "source": move.source,
                "dest": move.dest,
                "conditions": [_check(name) for name in move.conditions],
                "unless": [_check(name) for name in move.unless],
            }
            for move in TRANSITIONS
        ],
        # Without this, to_<state>() would let any caller skip every rule.
        auto_transitions=False,
        initial=None,
        send_event=True,
    )


_MACHINE = _build_machine()


class DossierWorkflow:
    """The lifecycle of one dossier, read from `ctx`; never mutates `ctx`.

    Every call starts from `ctx.state`: after `fire`, store the new state and build a new workflow
    from the updated dossier. Not meant to be shared between threads.
    """

    def __init__(self, ctx: DossierContext) -> None:
        self.ctx = ctx

    @contextmanager
    def _attached(self) -> Iterator[Any]:
        own = set(vars(self))
        _MACHINE.add_model(self, initial=self.ctx.state)
        try:
            yield self  # typed Any: the trigger methods exist only while attached
        finally:
            _MACHINE.remove_model(self)
            # Drop what add_model bound (trigger(), may_trigger(), state): nothing works detached,
            # and the next attach binds afresh instead of logging "Skip binding" warnings.
            for name in set(vars(self)) - own:
                delattr(self, name)

    def allowed(self) -> list[Trigger]:
        """Triggers whose conditions pass now, in table order (drives the web buttons)."""
        with self._attached() as model:
            return self._allowed(model)

    def _allowed(self, model: Any) -> list[Trigger]:
        names = _MACHINE.get_triggers(self.ctx.state)
        return [Trigger(name) for name in names if model.may_trigger(name)]

    def may(self, trigger: Trigger) -> bool:
        """Whether `trigger` would succeed now."""
        trigger = Trigger(trigger)
        with self._attached() as model:
            return bool(model.may_trigger(trigger.value))

    def fire(self, trigger: Trigger) -> Transitioned:
        """Apply `trigger`; raises InvalidTransition if it is impossible or a condition fails."""
        trigger = Trigger(trigger)
        ctx = self.ctx
        with self._attached() as model:
            try:
                moved = bool(model.trigger(trigger.value))
            except MachineError:  # no move for this trigger from this state
                moved = False
            if moved:
                return Transitioned(ctx.code, trigger, ctx.state, model.state)
            allowed = self._allowed(model)
        reasons = refusal_reasons(ctx, trigger)
        raise InvalidTransition(ctx.code, trigger, ctx.state, allowed, reasons)
