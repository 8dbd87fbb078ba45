"""The transition table as data, and the named conditions it refers to.

Both the transitions.Machine (web, one dossier at a time) and the pure fast path (bulk) are built
from TRANSITIONS and CONDITIONS here, so they cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from states._model import DossierContext, DossierState, Trigger

_S = DossierState
_T = Trigger

Predicate = Callable[[DossierContext], bool]

# States a dossier can be put on hold from, in lifecycle order; resume returns to the same one.
HOLDABLE_STATES: tuple[DossierState, ...] = (
    _S.submitted,
    _S.received,
    _S.returned,
    _S.under_appraisal,
    _S.eligible,
    _S.on_agenda,
    _S.approved,
    _S.public_notice,
    _S.awaiting_decision,
)


def held_from_condition(state: DossierState) -> str:
    """The condition name that lets resume go back to `state`."""
    return f"held_from_{state.value}"


def _held_from(state: DossierState) -> Predicate:
    return lambda ctx: ctx.held_from == state


CONDITIONS: dict[str, Predicate] = {
    "holds_authority": lambda ctx: ctx.holds_authority,
    "next_hop_is_state_body": lambda ctx: ctx.next_hop_is_state_body,
    "needs_public_notice": lambda ctx: ctx.needs_public_notice,
    "notice_cleared": lambda ctx: ctx.notice_cleared,
    **{held_from_condition(s): _held_from(s) for s in HOLDABLE_STATES},
}

_UNKNOWN_HOLD = "không xác định được trạng thái trước khi tạm dừng"

# Why a move is refused when a condition it needs is False.
FAILED_CONDITION_REASONS: dict[str, str] = {
    "holds_authority": "cấp này không có thẩm quyền quyết định hình thức khen thưởng này",
    "next_hop_is_state_body": "cấp trên tiếp theo không phải cơ quan nhà nước",
    "needs_public_notice": "hình thức khen thưởng này không phải công khai",
    "notice_cleared": (
        "chưa hoàn tất công khai (chưa hết thời hạn hoặc còn ý kiến phản ánh chưa giải quyết)"
    ),
    **{held_from_condition(s): _UNKNOWN_HOLD for s in HOLDABLE_STATES},
}

# Why a move is refused when a condition listed in its `unless` is True.
FAILED_UNLESS_REASONS: dict[str, str] = {
    "holds_authority": "cấp này có thẩm quyền quyết định, không cần trình cấp trên",
    "next_hop_is_state_body": "cấp trên tiếp theo là cơ quan nhà nước",
    "needs_public_notice": "hình thức khen thưởng này phải công khai trước",
    "notice_cleared": "việc công khai đã hoàn tất hoặc không cần công khai",
    **{
        held_from_condition(s): f'hồ sơ đã tạm dừng từ trạng thái "{s.label}"'
        for s in HOLDABLE_STATES
    },
}


@dataclass(frozen=True, slots=True)
class Move:
    """One edge of the lifecycle: `trigger` takes a dossier from `source` to `dest`.

    The move applies when every name in `conditions` holds and none in `unless` does.
    """

    trigger: Trigger
    source: DossierState
    dest: DossierState
    conditions: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        unknown = [n for n in (*self.conditions, *self.unless) if n not in CONDITIONS]
        if unknown:
            raise ValueError(f"{self.trigger} {self.source}->{self.dest}: unknown {unknown}")


def _moves(
    trigger: Trigger,
    sources: Iterable[DossierState],
    dest: DossierState,
    conditions: tuple[str, ...] = (),
    unless: tuple[str, ...] = (),
) -> tuple[Move, ...]:
    return tuple(Move(trigger, s, dest, conditions, unless) for s in sources)


_NOTICE_SOURCES = (_S.approved, _S.public_notice)

# Grouped by trigger in Trigger order: "table order" for allowed() is the order of Trigger.
TRANSITIONS: tuple[Move, ...] = (
    *_moves(_T.submit, [_S.draft], _S.submitted),
    *_moves(
        _T.withdraw,
        [_S.draft, _S.submitted, _S.received, _S.returned, _S.under_appraisal, _S.eligible],
        _S.withdrawn,
    ),
    *_moves(_T.receive, [_S.submitted], _S.received),
    *_moves(_T.return_for_changes, [_S.submitted, _S.received, _S.under_appraisal], _S.returned),
    *_moves(_T.resubmit, [_S.returned], _S.submitted),
    *_moves(_T.start_appraisal, [_S.received], _S.under_appraisal),
    *_moves(_T.mark_eligible, [_S.under_appraisal], _S.eligible),
    *_moves(_T.mark_ineligible, [_S.under_appraisal], _S.ineligible),
    *_moves(_T.put_on_agenda, [_S.eligible], _S.on_agenda),
    *_moves(_T.approve, [_S.on_agenda], _S.approved),
    *_moves(_T.reject, [_S.on_agenda], _S.not_approved),
    *_moves(
        _T.open_public_notice,
        [_S.approved],
        _S.public_notice,
        conditions=("needs_public_notice",),
        unless=("notice_cleared",),
    ),
    *_moves(
        _T.decide, _NOTICE_SOURCES, _S.awarded, conditions=("holds_authority", "notice_cleared")
    ),
    # The union route and the state-body route exclude each other through next_hop_is_state_body.
    *_moves(
        _T.escalate,
        _NOTICE_SOURCES,
        _S.submitted,
        conditions=("notice_cleared",),
        unless=("holds_authority", "next_hop_is_state_body"),
    ),
    *_moves(
        _T.escalate,
        _NOTICE_SOURCES,
        _S.awaiting_decision,
        conditions=("notice_cleared", "next_hop_is_state_body"),
        unless=("holds_authority",),
    ),
    *_moves(_T.record_award, [_S.awaiting_decision], _S.awarded),
    *_moves(_T.record_refusal, [_S.awaiting_decision], _S.refused),
    *_moves(_T.hold, HOLDABLE_STATES, _S.on_hold),
    *(
        Move(_T.resume, _S.on_hold, s, conditions=(held_from_condition(s),))
        for s in HOLDABLE_STATES
    ),
)

# States in which the nominating unit still edits its dossier (attaches files): those its own
# submit / resubmit leave from.
UNIT_EDITABLE_STATES: frozenset[DossierState] = frozenset(
    m.source for m in TRANSITIONS if m.trigger in (_T.submit, _T.resubmit)
)

ReturnStage = Literal["tiếp nhận", "thẩm định"]


def return_stage(source: DossierState) -> ReturnStage:
    """Whether a return_for_changes from `source` happens at receipt or at appraisal."""
    if source in (_S.submitted, _S.received):
        return "tiếp nhận"
    if source == _S.under_appraisal:
        return "thẩm định"
    raise ValueError(f'Không thể trả lại hồ sơ từ trạng thái "{source.label}"')
