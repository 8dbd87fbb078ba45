"""One move over a selection of dossiers, as one user (the desks' bulk actions).

Every dossier passes the same permission check as the dossier page; the ones allowed move in
batches (lifecycle.move_many), and each dossier gets its own outcome: moved, or why not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from awards.errors import PermissionDenied, ValidationError
from awards.permissions import Action
from awards.repository import UnitOfWorkFactory
from awards.services.accounts.access import Principal
from awards.services.dossiers.page import grant_for
from awards.services.lifecycle.move import move_many
from awards.services.lifecycle.plan import Actor, MoveOutcome, MoveRequest
from states import Trigger

# The moves a desk makes on many dossiers at once.
BULK: tuple[Trigger, ...] = (
    Trigger.receive,
    Trigger.start_appraisal,
    Trigger.return_for_changes,
    Trigger.put_on_agenda,
)
MAX_SELECTION = 500  # one request; a bigger job is a filter run from the CLI


@dataclass(frozen=True)
class BulkInput:
    trigger: str
    codes: Sequence[str]
    reason: str = ""
    due_on: date | None = None


def act_many(
    uow_factory: UnitOfWorkFactory, principal: Principal, inp: BulkInput, *, now: datetime
) -> list[MoveOutcome]:
    """Move each selected dossier the user may move; one outcome per code, in the given order."""
    trigger = _bulk_trigger(inp.trigger)
    codes = list(dict.fromkeys(c.strip() for c in inp.codes if c.strip()))
    if not codes:
        raise ValidationError("Chưa chọn hồ sơ nào; đánh dấu các hồ sơ cần xử lý rồi bấm lại.")
    if len(codes) > MAX_SELECTION:
        raise ValidationError(
            f"Đã chọn {len(codes)} hồ sơ; mỗi lần xử lý tối đa {MAX_SELECTION} hồ sơ."
        )
    if trigger is Trigger.return_for_changes and not inp.reason.strip():
        raise ValidationError("Trả lại hồ sơ cần ghi lý do: đơn vị đề nghị sửa theo lý do này.")
    action = Action(trigger.value)
    refused: dict[str, MoveOutcome] = {}
    by_grant: dict[tuple[str, int], list[str]] = {}
    with uow_factory(write=False) as uow:
        rows = {r.code: r for r in uow.dossiers.load_rows(codes=codes, lock=False)}
        for code in codes:
            row = rows.get(code)
            if row is None:
                refused[code] = MoveOutcome(code, False, "", error=f"Không có hồ sơ mã '{code}'.")
                continue
            try:
                grant = grant_for(uow, principal, action, row, now.date())
            except PermissionDenied as err:
                refused[code] = MoveOutcome(code, False, row.state, error=err.message)
                continue
            by_grant.setdefault((grant.role, grant.unit_id), []).append(code)
    moved: dict[str, MoveOutcome] = {}
    for (role, unit_id), group in by_grant.items():
        req = MoveRequest(
            trigger=trigger,
            actor=Actor(principal.full_name, role),
            now=now,
            reason=inp.reason.strip(),
            due_on=inp.due_on,
            data={"user": principal.username, "grant_unit_id": unit_id, "bulk": True},
        )
        moved.update((o.code, o) for o in move_many(uow_factory, req, codes=group))
    return [refused.get(c) or moved[c] for c in codes]


def _bulk_trigger(value: str) -> Trigger:
    names = ", ".join(t.label for t in BULK)
    try:
        trigger = Trigger(value)
    except ValueError:
        raise ValidationError(f"Thao tác '{value}' không có; chọn một trong: {names}.") from None
    if trigger not in BULK:
        raise ValidationError(
            f"Không làm '{trigger.label}' cho nhiều hồ sơ một lúc; chọn một trong: {names}."
        )
    return trigger


def bulk_moves(principal: Principal) -> list[Trigger]:
    """The bulk moves this user's grants allow somewhere (the lists offer only those)."""
    return [t for t in BULK if principal.reach(Action(t.value)) != set()]
