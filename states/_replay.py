"""Rebuild a dossier's state from its audit trail, checking every event against the table."""

from __future__ import annotations

from collections.abc import Iterable

from states._errors import AuditTrailError
from states._model import EVENT_LABELS, DossierState, Trigger
from states._table import TRANSITIONS

_EDGES = frozenset((m.trigger, m.source, m.dest) for m in TRANSITIONS)


def replay(
    transitions: Iterable[tuple[str, str, str]],
    initial: DossierState = DossierState.draft,
) -> DossierState:
    """The state reached by applying (trigger, source, dest) events in order from `initial`.

    Conditions are not re-evaluated (the facts of the time are gone), but every event must start
    where the previous one ended, be an edge of the table, and a resume must return to the state
    the dossier was held from (when the trail shows it). Otherwise raises AuditTrailError naming
    the 1-based position of the first bad event.
    """
    state = DossierState(initial)
    held_from: DossierState | None = None
    for position, event in enumerate(transitions, start=1):
        if event[0] in EVENT_LABELS:  # not a move (a correction): the state stays where it is
            if event[1] != state or event[2] != state:
                raise AuditTrailError(position, f'"{EVENT_LABELS[event[0]]}" đổi trạng thái')
            continue
        trigger, source, dest = _parse(position, event)
        if source != state:
            raise AuditTrailError(
                position,
                f'"{trigger.label}" bắt đầu từ "{source.label}" nhưng hồ sơ đang ở "{state.label}"',
            )
        if (trigger, source, dest) not in _EDGES:
            raise AuditTrailError(
                position,
                f'không có bước "{trigger.label}" từ "{source.label}" sang "{dest.label}"',
            )
        if trigger == Trigger.resume and held_from is not None and dest != held_from:
            raise AuditTrailError(
                position, f'"tiếp tục" sang "{dest.label}" khác trạng thái trước khi tạm dừng'
            )
        held_from = source if trigger == Trigger.hold else None
        state = dest
    return state


def _parse(
    position: int, event: tuple[str, str, str]
) -> tuple[Trigger, DossierState, DossierState]:
    # Audit rows come from the database as plain strings: name the bad one, not a bare ValueError.
    trigger, source, dest = event
    try:
        return Trigger(trigger), DossierState(source), DossierState(dest)
    except ValueError as err:
        raise AuditTrailError(position, f"giá trị không hợp lệ ({err})") from None
