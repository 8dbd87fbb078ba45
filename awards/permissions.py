"""Who may do what, where: the table role × action × scope, as data (pure, no I/O).

A scope says how the organisation unit an action touches relates to the unit a role is granted on:

- ``own``: the same unit;
- ``child``: a unit below it (any depth);
- ``foreign``: any other unit (above, beside, or in another province).

The unit an action touches is decided by awards.services.dossier_page: the nominating unit for
what the unit does (nominate, attach, submit, resubmit, withdraw), the level holding the dossier
for what a level does (receive, appraise, escalate, decide…; for a state body, the union unit that
liaises with it), and for viewing, the nominating unit and, once submitted, the level holding it.

The council screens (issue 5) add their actions here (``vote``, ``close_session``…) as new rows.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from states import Trigger


class Scope(enum.StrEnum):
    own = "own"
    child = "child"
    foreign = "foreign"


class Action(enum.StrEnum):
    view = "view"  # a dossier's page, lists, inbox
    nominate = "nominate"
    audit = "audit"  # the audit trail of dossiers in reach
    attach = "attach"  # upload a file to a dossier
    manage_users = "manage_users"
    # every lifecycle trigger is an action of the same name
    submit = "submit"
    withdraw = "withdraw"
    receive = "receive"
    return_for_changes = "return_for_changes"
    resubmit = "resubmit"
    start_appraisal = "start_appraisal"
    mark_eligible = "mark_eligible"
    mark_ineligible = "mark_ineligible"
    put_on_agenda = "put_on_agenda"
    approve = "approve"
    reject = "reject"
    open_public_notice = "open_public_notice"
    decide = "decide"
    escalate = "escalate"
    record_award = "record_award"
    record_refusal = "record_refusal"
    hold = "hold"
    resume = "resume"
    # reports, rules and accounts screens (issue 8b)
    view_reports = "view_reports"  # sơ kết / tổng kết of a level, and its downloads
    issue_report = "issue_report"  # number and store the report of a level
    author_rules = "author_rules"  # read policies, run examples, simulate drafts on a round

    @property
    def label(self) -> str:
        return ACTION_LABELS.get(self) or Trigger(self.value).label


ACTION_LABELS: dict[Action, str] = {
    Action.view: "xem hồ sơ",
    Action.nominate: "lập hồ sơ đề nghị",
    Action.audit: "xem nhật ký",
    Action.attach: "đính kèm tài liệu",
    Action.manage_users: "quản lý tài khoản",
    Action.view_reports: "xem báo cáo sơ kết, tổng kết",
    Action.issue_report: "ban hành báo cáo",
    Action.author_rules: "soạn và mô phỏng chính sách",
}

ROLE_LABELS: dict[str, str] = {
    "unit_officer": "Cán bộ đơn vị",
    "secretariat": "Thường trực Hội đồng",
    "council_member": "Thành viên Hội đồng",
    "chair": "Chủ tịch Hội đồng",
    "rule_author": "Người soạn quy tắc",
    "admin": "Quản trị",
}

# Actions a unit takes about its own dossiers; all the others are taken by the level holding it.
UNIT_SIDE: frozenset[Action] = frozenset(
    {Action.nominate, Action.attach, Action.submit, Action.resubmit, Action.withdraw}
)

_OWN = frozenset({Scope.own})
_DOWN = frozenset({Scope.own, Scope.child})
_LEVEL_WORK = (
    Action.receive,
    Action.return_for_changes,
    Action.start_appraisal,
    Action.mark_eligible,
    Action.mark_ineligible,
    Action.put_on_agenda,
    Action.open_public_notice,
    Action.escalate,
    Action.record_award,
    Action.record_refusal,
    Action.hold,
    Action.resume,
)

PERMISSIONS: Mapping[str, Mapping[Action, frozenset[Scope]]] = {
    # Nominates for its own unit and the units below, and follows those dossiers.
    "unit_officer": {
        Action.view: _DOWN,
        Action.nominate: _DOWN,
        Action.attach: _DOWN,
        Action.submit: _DOWN,
        Action.resubmit: _DOWN,
        Action.withdraw: _DOWN,
    },
    # Receives, appraises, prepares the agenda and escalates at its own level only.
    "secretariat": {
        Action.view: _DOWN,
        Action.audit: _DOWN,
        **dict.fromkeys(_LEVEL_WORK, _OWN),
    },
    # Sees the dossiers of its level (the agenda); votes arrive with the council sessions.
    "council_member": {Action.view: _OWN},
    # Records the council's outcome and signs the decision of its level.
    "chair": {
        Action.view: _OWN,
        Action.approve: _OWN,
        Action.reject: _OWN,
        Action.decide: _OWN,
    },
    # Edits and simulates policies (screens arrive with rules appraisal); no dossier rights.
    "rule_author": {},
    # Users, calendar and organisation; reads everything below, moves nothing.
    "admin": {
        Action.view: _DOWN,
        Action.audit: _DOWN,
        Action.manage_users: _DOWN,
    },
}

# Issue 8b: reports of a level, the rule authors' screens (scope = the round's organiser).
_EXTRA: dict[str, dict[Action, frozenset[Scope]]] = {
    "secretariat": {Action.view_reports: _DOWN, Action.issue_report: _OWN},
    "chair": {Action.view_reports: _OWN},
    "rule_author": {Action.author_rules: _DOWN},
    "admin": {Action.view_reports: _DOWN},
}
PERMISSIONS = {role: {**table, **_EXTRA.get(role, {})} for role, table in PERMISSIONS.items()}

ROLES: tuple[str, ...] = tuple(PERMISSIONS)


def allows(role: str, action: Action, scope: Scope) -> bool:
    """The whole rule: is `scope` among the scopes the table gives `role` for `action`?"""
    return scope in PERMISSIONS.get(role, {}).get(action, frozenset())


def roles_for(action: Action, scope: Scope) -> list[str]:
    """Roles that may take `action` in `scope` (for messages that say who could)."""
    return [role for role in ROLES if allows(role, action, scope)]


def reach(role: str, action: Action) -> frozenset[Scope]:
    return PERMISSIONS.get(role, {}).get(action, frozenset())


def action_of(trigger: Trigger) -> Action:
    return Action(trigger.value)
