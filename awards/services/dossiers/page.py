"""One dossier for a user: what it holds, why it is (in)eligible, its history, and the moves the
user may make now; and making one of those moves with the version the user saw.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from awards.errors import PermissionDenied, ValidationError
from awards.fields import decision_problems, require, text_problem
from awards.model import Attachment, AuditEvent, Award, Dossier, DossierVersion, Round
from awards.permissions import UNIT_SIDE, Action
from awards.repository import UnitOfWork, UnitOfWorkFactory, once_more_on_disconnect
from awards.repository.dossiers import DossierRow
from awards.services.accounts.access import (
    Grant,
    Principal,
    SignedIn,
    authorize,
    signed_in_principal,
)
from awards.services.dossiers.objections import ObjectionLine, objection_line
from awards.services.lifecycle.guards import council_only
from awards.services.lifecycle.move import NEEDS_DUE, load_for_move, move_in
from awards.services.lifecycle.plan import Actor, MoveOutcome, MoveRequest, context
from awards.services.rounds.window import SubmissionWindow, UnitDeadline
from states import UNIT_EDITABLE_STATES, DossierState, Trigger, allowed_triggers


@dataclass(frozen=True)
class ActionButton:
    trigger: str
    label: str
    needs_due: str | None  # what the date means, when the move needs one
    needs_reason: bool
    needs_decision: bool
    confirm: str = ""  # an irreversible move asks this first and is styled as dangerous


# Moves that end the dossier for good: the screen asks before making them and shows them last.
IRREVERSIBLE: dict[Trigger, str] = {
    Trigger.withdraw: "Rút hồ sơ {code}? Hồ sơ đã rút không nộp lại được; muốn đề nghị lại "
    "phải lập hồ sơ mới.",
    Trigger.mark_ineligible: "Kết luận hồ sơ {code} không đủ điều kiện? Hồ sơ dừng xét ở đây.",
}


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
    deadline: UnitDeadline | None = None  # the nominating unit's hạn nộp, with its extension
    # Objections received in công khai, and whether this user records them (issue 17).
    objections: tuple[ObjectionLine, ...] = ()
    can_object: bool = False
    versions: list[DossierVersion] = field(default_factory=list)  # the unit's corrections
    can_correct: bool = False  # the correction form: the unit may edit it, in an editable state

    @property
    def state_label(self) -> str:
        return DossierState(self.dossier.state).label


def _units_for(action: Action, row: DossierRow, acting: int) -> list[int]:
    if action in UNIT_SIDE:
        return [row.nominating_unit_id]
    if action in (Action.view, Action.audit):
        return [row.nominating_unit_id] + ([acting] if row.state != DossierState.draft else [])
    return [acting]


def _acting_unit(uow: UnitOfWork, row: DossierRow) -> int:
    """The union level that acts: the holder, or for a state body the unit liaising with it."""
    return uow.org.liaison_of(row.current_unit_id) or row.current_unit_id


def dossier_page(
    uow_factory: UnitOfWorkFactory, principal: Principal, code: str, *, today: date
) -> DossierPage:
    with uow_factory(write=False) as uow:
        row = uow.dossiers.row(code)
        acting = _acting_unit(uow, row)
        authorize(principal, Action.view, _units_for(Action.view, row, acting), f"hồ sơ {code}")
        dossier = uow.dossiers.get(row.id)
        award, rnd = uow.rounds.award(row.award_code), uow.rounds.get(row.round_id)
        assert dossier is not None and award is not None and rnd is not None
        buttons = _buttons(uow, principal, row, acting, award, today)
        org = uow.org
        return DossierPage(
            dossier=dossier,
            award=award,
            round=rnd,
            nominee=_nominee(uow, dossier, rnd.year, today),
            nominating_unit=org.by_id(row.nominating_unit_id, today).name,
            route=[(org.by_id(u, today).name, i == row.hop_no) for i, u in enumerate(row.route)],
            attachments=uow.dossiers.attachments(row.id),
            history=uow.dossiers.audit_trail(row.id),
            actions=buttons,
            can_attach=principal.may(Action.attach, [row.nominating_unit_id]) is not None,
            versions=uow.dossiers.versions(row.id),
            can_correct=row.state in UNIT_EDITABLE_STATES
            and principal.may(Action.correct, [row.nominating_unit_id]) is not None,
            deadline=SubmissionWindow(uow.round_admin, org).deadline(
                rnd, row.nominating_unit_id, today
            ),
            objections=tuple(objection_line(o) for o in uow.dossiers.objections(row.id)),
            can_object=principal.may(Action.record_objection, [acting]) is not None,
        )


def _buttons(
    uow: UnitOfWork, principal: Principal, row: DossierRow, acting: int, award: Award, today: date
) -> list[ActionButton]:
    """The moves the state machine allows now that this user's grants allow too."""
    objected = bool(uow.dossiers.open_objection_ids([row.id]))
    triggers = allowed_triggers(context(row, award, today, objected))
    buttons = [
        _button(t, row.code)
        for t in triggers
        if not council_only(t)
        and principal.may(Action(t.value), _units_for(Action(t.value), row, acting))
    ]
    return sorted(buttons, key=lambda b: bool(b.confirm))  # dangerous ones last


def _authorize(
    uow: UnitOfWork, principal: Principal, action: Action, row: DossierRow, acting: int, today: date
) -> Grant:
    """As authorize, but a refusal lists the moves this user may make on the dossier now."""
    try:
        return authorize(principal, action, _units_for(action, row, acting), f"hồ sơ {row.code}")
    except PermissionDenied as err:
        award = uow.rounds.award(row.award_code)
        assert award is not None
        allowed = [b.trigger for b in _buttons(uow, principal, row, acting, award, today)]
        raise PermissionDenied(err.message, allowed) from None


def grant_for(
    uow: UnitOfWork, principal: Principal, action: Action, row: DossierRow, today: date
) -> Grant:
    """The grant that lets the user make `action` on the dossier (the page's own check)."""
    return _authorize(uow, principal, action, row, _acting_unit(uow, row), today)


def _button(t: Trigger, code: str) -> ActionButton:
    return ActionButton(
        trigger=t.value,
        label=t.label,
        needs_due=NEEDS_DUE.get(t),
        needs_reason=t
        in (
            Trigger.return_for_changes,
            Trigger.hold,
            Trigger.mark_ineligible,
            Trigger.mark_eligible,
        ),
        needs_decision=t in (Trigger.decide, Trigger.record_award),
        confirm=IRREVERSIBLE.get(t, "").format(code=code),
    )


def _nominee(uow: UnitOfWork, d: Dossier, year: int, today: date) -> dict[str, Any]:
    if d.person_id is None:
        assert d.nominee_unit_id is not None
        return {"kind": "tap_the", "name": uow.org.by_id(d.nominee_unit_id, today).name}
    p = uow.people.get(d.person_id)
    assert p is not None and p.id is not None
    records = uow.people.records_since(p.id, year - 5)
    claims = d.claims or {}  # what the nomination asserts stands over the record until appraised
    return {
        "kind": "ca_nhan",
        "name": p.full_name,
        "code": p.code,
        "gender": "Nữ" if p.gender == "nu" else "Nam",
        "birth_year": p.birth_year,
        "position": claims.get("position", p.position),
        "unit": uow.org.by_id(p.unit_id, today).name,
        "is_direct_worker": claims.get("is_direct_worker", p.is_direct_worker),
        "holds_leadership_post": claims.get("holds_leadership_post", p.holds_leadership_post),
        "ratings": sorted(records["ratings"], key=lambda r: -r.year),
        "recognitions": sorted(records["recognitions"], key=lambda r: -r.year),
        "award_names": uow.screens.award_names({r.award_code for r in records["recognitions"]}),
        "initiatives": sorted(records["initiatives"], key=lambda r: -r.year),
        "disciplines": records["disciplines"],
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
    who: Principal | SignedIn,
    code: str,
    inp: MoveInput,
    *,
    now: datetime,
) -> MoveOutcome:
    """Check the user's grant for this move on this dossier, then move it (optimistic lock).

    The version read while checking is the one the move expects, so a permission decided on one
    version never applies to another; a client's own expected_version is checked first. Given
    the session's SignedIn, the user's grants are read in the move's own transaction.
    """

    # One transaction: the grant is checked on the very row the move then writes.
    def work(uow: UnitOfWork) -> MoveOutcome:
        principal = signed_in_principal(uow, who)  # a revoked session is refused first
        trigger = _trigger(inp.trigger)
        require(
            reason=text_problem("Lý do", inp.reason, 4000, multiline=True),
            **(decision_problems(inp.decision_no, inp.decision_signer) if inp.decision_no else {}),
        )
        action = Action(trigger.value)
        read = load_for_move(uow, code)
        row = read.row
        acting = read.liaison_id or row.current_unit_id  # as _acting_unit, read with the row
        grant = _authorize(uow, principal, action, row, acting, now.date())
        req = _request(principal, grant, trigger, inp, now)
        expected = inp.expected_version if inp.expected_version is not None else row.version
        outcome = move_in(uow, read, req, expected_version=expected)
        uow.commit()
        return outcome

    return once_more_on_disconnect(uow_factory, work)


def _request(
    principal: Principal, grant: Grant, trigger: Trigger, inp: MoveInput, now: datetime
) -> MoveRequest:
    return MoveRequest(
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
        row = uow.dossiers.row(code)
        acting = _acting_unit(uow, row)
        _authorize(uow, principal, action, row, acting, today or date.today())
