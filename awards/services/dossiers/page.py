"""One dossier for a user: what it holds, why it is (in)eligible, its history, and the moves the
user may make now; and making one of those moves with the version the user saw.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from awards.errors import NotFoundError, PermissionDenied, ValidationError
from awards.fields import decision_problems, require, text_problem
from awards.model import (
    Attachment,
    AuditEvent,
    Award,
    Discipline,
    Dossier,
    Initiative,
    Person,
    Recognition,
    Round,
    TaskRating,
)
from awards.permissions import UNIT_SIDE, Action
from awards.repository import UnitOfWorkFactory
from awards.repository.dossiers import DossierRow, audit_trail, load_rows, open_objection_ids
from awards.repository.listing import liaison_of
from awards.repository.org import unit_by_id
from awards.services.accounts.access import Grant, Principal, authorize
from awards.services.lifecycle.guards import council_only
from awards.services.lifecycle.move import NEEDS_DUE, move
from awards.services.lifecycle.plan import Actor, MoveOutcome, MoveRequest, context
from states import DossierState, Trigger, allowed_triggers


@dataclass(frozen=True)
class ActionButton:
    trigger: str
    label: str
    needs_due: str | None  # what the date means, when the move needs one
    needs_reason: bool
    needs_decision: bool


@dataclass(frozen=True)
class DossierPage:
    dossier: Dossier
    award: Award
    round: Round
    nominee: dict[str, Any]
    nominating_unit: str
    route: list[tuple[str, bool]]  # (unit name, is the level holding it)
    attachments: list[Attachment]
    history: list[AuditEvent]
    actions: list[ActionButton]
    can_attach: bool = False  # the upload form is shown only to those who may attach

    @property
    def state_label(self) -> str:
        return DossierState(self.dossier.state).label


def _units_for(action: Action, row: DossierRow, acting: int) -> list[int]:
    if action in UNIT_SIDE:
        return [row.nominating_unit_id]
    if action in (Action.view, Action.audit):
        return [row.nominating_unit_id] + ([acting] if row.state != DossierState.draft else [])
    return [acting]


def _acting_unit(s: Session, row: DossierRow) -> int:
    """The union level that acts: the holder, or for a state body the unit liaising with it."""
    return liaison_of(s, row.current_unit_id) or row.current_unit_id


def _row(s: Session, code: str) -> DossierRow:
    rows = load_rows(s, codes=[code], lock=False)
    if not rows:
        raise NotFoundError(f"Không có hồ sơ mã '{code}'.")
    return rows[0]


def dossier_page(
    uow_factory: UnitOfWorkFactory, principal: Principal, code: str, *, today: date
) -> DossierPage:
    with uow_factory(write=False) as uow:
        s = uow.session
        row = _row(s, code)
        acting = _acting_unit(s, row)
        authorize(principal, Action.view, _units_for(Action.view, row, acting), f"hồ sơ {code}")
        dossier = s.get(Dossier, row.id)
        award, rnd = s.get(Award, row.award_code), s.get(Round, row.round_id)
        assert dossier is not None and award is not None and rnd is not None
        buttons = _buttons(s, principal, row, acting, award, today)
        return DossierPage(
            dossier=dossier,
            award=award,
            round=rnd,
            nominee=_nominee(s, dossier, rnd.year, today),
            nominating_unit=unit_by_id(s, row.nominating_unit_id, today).name,
            route=[
                (unit_by_id(s, u, today).name, i == row.hop_no) for i, u in enumerate(row.route)
            ],
            attachments=list(
                s.exec(select(Attachment).where(col(Attachment.dossier_id) == row.id))
            ),
            history=audit_trail(s, row.id),
            actions=buttons,
            can_attach=principal.may(Action.attach, [row.nominating_unit_id]) is not None,
        )


def _buttons(
    s: Session, principal: Principal, row: DossierRow, acting: int, award: Award, today: date
) -> list[ActionButton]:
    """The moves the state machine allows now that this user's grants allow too."""
    objected = bool(open_objection_ids(s, [row.id]))
    triggers = allowed_triggers(context(row, award, today, objected))
    return [
        _button(t)
        for t in triggers
        if not council_only(t)
        and principal.may(Action(t.value), _units_for(Action(t.value), row, acting))
    ]


def _authorize(
    s: Session, principal: Principal, action: Action, row: DossierRow, acting: int, today: date
) -> Grant:
    """As authorize, but a refusal lists the moves this user may make on the dossier now."""
    try:
        return authorize(principal, action, _units_for(action, row, acting), f"hồ sơ {row.code}")
    except PermissionDenied as err:
        award = s.get(Award, row.award_code)
        assert award is not None
        allowed = [b.trigger for b in _buttons(s, principal, row, acting, award, today)]
        raise PermissionDenied(err.message, allowed) from None


def _button(t: Trigger) -> ActionButton:
    return ActionButton(
        trigger=t.value,
        label=t.label,
        needs_due=NEEDS_DUE.get(t),
        needs_reason=t in (Trigger.return_for_changes, Trigger.hold, Trigger.mark_ineligible),
        needs_decision=t in (Trigger.decide, Trigger.record_award),
    )


def _nominee(s: Session, d: Dossier, year: int, today: date) -> dict[str, Any]:
    if d.person_id is None:
        assert d.nominee_unit_id is not None
        return {"kind": "tap_the", "name": unit_by_id(s, d.nominee_unit_id, today).name}
    p = s.get(Person, d.person_id)
    assert p is not None
    since = year - 5

    def rows(model: Any, *where: Any) -> list[Any]:
        return list(s.exec(select(model).where(col(model.person_id) == p.id, *where)))

    return {
        "kind": "ca_nhan",
        "name": p.full_name,
        "code": p.code,
        "gender": "Nữ" if p.gender == "nu" else "Nam",
        "birth_year": p.birth_year,
        "position": p.position,
        "unit": unit_by_id(s, p.unit_id, today).name,
        "is_direct_worker": p.is_direct_worker,
        "holds_leadership_post": p.holds_leadership_post,
        "ratings": sorted(rows(TaskRating, col(TaskRating.year) >= since), key=lambda r: -r.year),
        "recognitions": sorted(
            rows(Recognition, col(Recognition.year) >= since), key=lambda r: -r.year
        ),
        "initiatives": sorted(
            rows(Initiative, col(Initiative.year) >= since), key=lambda r: -r.year
        ),
        "disciplines": rows(Discipline),
    }


@dataclass(frozen=True)
class MoveInput:
    trigger: str
    expected_version: int | None = None
    reason: str = ""
    due_on: date | None = None
    decision_no: str | None = None
    decision_date: date | None = None
    decision_signer: str | None = None


def act(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    code: str,
    inp: MoveInput,
    *,
    now: datetime,
) -> MoveOutcome:
    """Check the user's grant for this move on this dossier, then move it (optimistic lock).

    The version read while checking is the one the move expects, so a permission decided on one
    version never applies to another; a client's own expected_version is checked first.
    """
    trigger = _trigger(inp.trigger)
    require(
        reason=text_problem("Lý do", inp.reason, 4000, multiline=True),
        **(decision_problems(inp.decision_no, inp.decision_signer) if inp.decision_no else {}),
    )
    action = Action(trigger.value)
    with uow_factory(write=False) as uow:
        row = _row(uow.session, code)
        acting = _acting_unit(uow.session, row)
        grant = _authorize(uow.session, principal, action, row, acting, now.date())
    req = MoveRequest(
        trigger=trigger,
        actor=Actor(principal.full_name, grant.role),
        now=now,
        reason=inp.reason.strip(),
        due_on=inp.due_on,
        decision_no=inp.decision_no or None,
        decision_date=inp.decision_date or (now.date() if inp.decision_no else None),
        # The chair deciding signs unless the decision names another signer.
        decision_signer=inp.decision_signer or (principal.full_name if inp.decision_no else None),
        data={"user": principal.username, "grant_unit_id": grant.unit_id},
    )
    expected = inp.expected_version if inp.expected_version is not None else row.version
    return move(uow_factory, code, req, expected_version=expected)


def _trigger(value: str) -> Trigger:
    try:
        return Trigger(value)
    except ValueError:
        raise ValidationError(
            f"Thao tác '{value}' không có; dùng một trong: {', '.join(t.value for t in Trigger)}."
        ) from None


def check_dossier(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    code: str,
    action: Action,
    today: date | None = None,
) -> None:
    """PermissionDenied (with the allowed moves) unless `action` is allowed on this dossier."""
    with uow_factory(write=False) as uow:
        row = _row(uow.session, code)
        acting = _acting_unit(uow.session, row)
        _authorize(uow.session, principal, action, row, acting, today or date.today())
