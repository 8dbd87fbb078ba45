"""A Mermaid stateDiagram-v2 of the lifecycle, generated from TRANSITIONS (README, docs, web)."""

from __future__ import annotations

from states._model import TERMINAL_STATES, DossierState
from states._table import HOLDABLE_STATES, TRANSITIONS, Move, held_from_condition

# How a guard reads on an edge: (phrase when the condition holds, phrase when it does not).
GUARD_LABELS: dict[str, tuple[str, str]] = {
    "holds_authority": ("có thẩm quyền", "không có thẩm quyền"),
    "next_hop_is_state_body": ("cấp trên là cơ quan nhà nước", "cấp trên là công đoàn"),
    "needs_public_notice": ("phải công khai", "không cần công khai"),
    "notice_cleared": ("đã xong công khai", "chưa xong công khai"),
}

# The resume edge already says where it returns to; its guard adds nothing to the picture.
_SILENT_GUARDS = frozenset(held_from_condition(s) for s in HOLDABLE_STATES)


def edge_label(move: Move) -> str:
    """The trigger's Vietnamese verb, with its guards in brackets when it has any."""
    guards = [GUARD_LABELS[n][0] for n in move.conditions if n not in _SILENT_GUARDS]
    guards += [GUARD_LABELS[n][1] for n in move.unless if n not in _SILENT_GUARDS]
    label = move.trigger.label
    return f"{label} [{' & '.join(guards)}]" if guards else label


def mermaid() -> str:
    """The whole lifecycle as Mermaid text; same table, same output, byte for byte."""
    lines = ["stateDiagram-v2"]
    lines += [f'    state "{s.label}" as {s.value}' for s in DossierState]
    lines.append(f"    [*] --> {DossierState.draft.value}")
    lines += [f"    {m.source.value} --> {m.dest.value}: {edge_label(m)}" for m in TRANSITIONS]
    lines += [f"    {s.value} --> [*]" for s in DossierState if s in TERMINAL_STATES]
    return "\n".join(lines) + "\n"
