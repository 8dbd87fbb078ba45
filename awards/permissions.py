"""Who may do what, where: the table role × action × scope, as data (pure, no I/O).

A scope says how the organisation unit an action touches relates to the unit a role is granted on:

- ``own``: the same unit;
- ``child``: a unit below it (any depth);
- ``foreign``: any other unit (above, beside, or in another province).

The unit an action touches is decided by awards.services.dossiers.page: the nominating unit for
what the unit does (nominate, attach, submit, resubmit, withdraw), the level holding the dossier
for what a level does (receive, appraise, escalate, decide…; for a state body, the union unit that
liaises with it), and for viewing, the nominating unit and, once submitted, the level holding it.

The council screens add their actions (``prepare_session``, ``vote``, ``approve_group``,
``close_session``) in one block below the table; their unit is the council's level.
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
    correct = "correct"  # edit the summary and nominee facts of a draft or returned dossier
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
    # council sessions (the council screens): actions on a session, not on one dossier
    prepare_session = "prepare_session"  # open a session, record attendance
    vote = "vote"
    approve_group = "approve_group"  # decide one award group of the agenda at once
    close_session = "close_session"  # close, move the dossiers, write the minutes
    # reports, rules and accounts screens (issue 8b)
    view_reports = "view_reports"  # sơ kết / tổng kết of a level, and its downloads
    issue_report = "issue_report"  # number and store the report of a level
    author_rules = "author_rules"  # read policies, run examples, simulate drafts on a round
    view_fund = "view_fund"  # a level's TĐKT fund ledger, prize lists and totals
    keep_fund = "keep_fund"  # enter receipts and other spending in a level's fund ledger
    allocate_seats = "allocate_seats"  # share a round's conference exemplar seats (organiser)
    # cụm / khối thi đua (issue 19): the unit is the member scored, or the cluster's lead unit
    view_clusters = "view_clusters"  # a cluster's board: points, ranking (its lead or a member)
    self_score = "self_score"  # a member's own tự chấm against the giao ước
    assess_cluster = "assess_cluster"  # the lead unit (trưởng cụm, khối) scores the members
    propose_cluster_leaders = "propose_cluster_leaders"  # dossiers for the leaders (lead unit)
    manage_rounds = "manage_rounds"  # open, extend (gia hạn) and close the rounds a unit runs
    # issue 17: objections received while a dossier is in công khai (the level holding it)
    record_objection = "record_objection"
    manage_org = "manage_org"  # found, rename, move, merge, close units; import the tree
    manage_members = "manage_members"  # add members, update their facts, move them, rate them
    # đăng ký thi đua (issue 19): the unit is the registering unit
    register = "register"  # register, import, withdraw the titles of a unit's members
    view_registrations = "view_registrations"  # the registrations and registered vs achieved
    manage_clusters = "manage_clusters"  # create a cụm, khối and set its members (the lead unit)
    # issue 17: a level's own quyết định (issuing it is ``decide``: the chair signs)
    prepare_decision = "prepare_decision"  # preview the quyết định of a level, unnumbered
    view_decisions = "view_decisions"  # issued quyết định, their files and certificates

    @property
    def label(self) -> str:
        return ACTION_LABELS.get(self) or Trigger(self.value).label


ACTION_LABELS: dict[Action, str] = {
    Action.view: "xem hồ sơ",
    Action.nominate: "lập hồ sơ đề nghị",
    Action.audit: "xem nhật ký",
    Action.attach: "đính kèm tài liệu",
    Action.correct: "sửa hồ sơ",
    Action.manage_users: "quản lý tài khoản",
    Action.view_reports: "xem báo cáo sơ kết, tổng kết",
    Action.issue_report: "ban hành báo cáo",
    Action.author_rules: "soạn và mô phỏng chính sách",
    Action.view_fund: "xem quỹ thi đua, khen thưởng và danh sách chi tiền thưởng",
    Action.keep_fund: "ghi sổ quỹ thi đua, khen thưởng",
    Action.allocate_seats: "phân bổ đại biểu điển hình tiên tiến",
    Action.manage_rounds: "mở, gia hạn và đóng đợt thi đua",
    Action.record_objection: "ghi ý kiến phản ánh khi công khai và kết quả xử lý",
    Action.manage_org: "quản lý tổ chức (thành lập, đổi tên, chuyển, hợp nhất, giải thể đơn vị)",
    Action.manage_members: "quản lý đoàn viên (thêm, cập nhật, chuyển sinh hoạt, xếp loại)",
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
    {
        Action.nominate,
        Action.attach,
        Action.correct,
        Action.submit,
        Action.resubmit,
        Action.withdraw,
    }
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
        Action.correct: _DOWN,
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

# Council sessions: the unit is the council's level. The secretariat prepares and keeps the roll,
# members and the chair vote (a vote also needs the account to be the member the secretariat
# linked it to), the chair decides a group and closes. Kept as one block so the table above
# reads as is.
ACTION_LABELS.update(
    {
        Action.prepare_session: "chuẩn bị phiên họp Hội đồng",
        Action.vote: "biểu quyết tại phiên họp",
        Action.approve_group: "thông qua theo nhóm",
        Action.close_session: "kết thúc phiên họp",
    }
)
_COUNCIL_ROWS: dict[str, dict[Action, frozenset[Scope]]] = {
    "secretariat": {Action.prepare_session: _OWN},
    "council_member": {Action.vote: _OWN},
    "chair": {Action.vote: _OWN, Action.approve_group: _OWN, Action.close_session: _OWN},
}
PERMISSIONS = {role: {**rows, **_COUNCIL_ROWS.get(role, {})} for role, rows in PERMISSIONS.items()}
COUNCIL_ACTIONS = (Action.prepare_session, Action.vote, Action.approve_group, Action.close_session)
# Issue 8b: reports of a level, the rule authors' screens (scope = the round's organiser).
_EXTRA: dict[str, dict[Action, frozenset[Scope]]] = {
    "secretariat": {Action.view_reports: _DOWN, Action.issue_report: _OWN},
    "chair": {Action.view_reports: _OWN},
    "rule_author": {Action.author_rules: _DOWN},
    "admin": {Action.view_reports: _DOWN},
}
PERMISSIONS = {role: {**table, **_EXTRA.get(role, {})} for role, table in PERMISSIONS.items()}
# Issue 19: the fund and prize lists of a level (its secretariat keeps the ledger; the chair and
# admins read it), the conference seats of a round (the organiser's secretariat).
_YEAR_ROWS: dict[str, dict[Action, frozenset[Scope]]] = {
    "secretariat": {Action.view_fund: _DOWN, Action.keep_fund: _OWN, Action.allocate_seats: _OWN},
    "chair": {Action.view_fund: _OWN},
    "admin": {Action.view_fund: _DOWN},
}
PERMISSIONS = {role: {**table, **_YEAR_ROWS.get(role, {})} for role, table in PERMISSIONS.items()}
# Cụm / khối thi đua: a member's secretariat self-scores its own unit only; the secretariat of
# the lead unit (trưởng cụm, khối) assesses every member and proposes the leaders as dossiers.
# The board is read by the secretariats of its units and above them, their chairs, admins.
ACTION_LABELS.update(
    {
        Action.view_clusters: "xem điểm, xếp hạng của cụm, khối thi đua",
        Action.self_score: "tự chấm điểm thi đua của đơn vị",
        Action.assess_cluster: "chấm điểm các thành viên cụm, khối thi đua",
        Action.propose_cluster_leaders: "đề nghị khen thưởng các đơn vị dẫn đầu cụm, khối",
    }
)
_CLUSTER_ROWS: dict[str, dict[Action, frozenset[Scope]]] = {
    "secretariat": {
        Action.view_clusters: _DOWN,
        Action.self_score: _OWN,
        Action.assess_cluster: _OWN,
        Action.propose_cluster_leaders: _OWN,
    },
    "chair": {Action.view_clusters: _OWN},
    "admin": {Action.view_clusters: _DOWN},
}
PERMISSIONS = {role: {**t, **_CLUSTER_ROWS.get(role, {})} for role, t in PERMISSIONS.items()}
# Issue 18: the organising unit's secretariat administers its rounds (scope = the organiser).
PERMISSIONS = {
    role: {**table, **({Action.manage_rounds: _OWN} if role == "secretariat" else {})}
    for role, table in PERMISSIONS.items()
}
# Issue 17: the secretariat that opened the công khai records the objections and their outcome.
PERMISSIONS = {
    role: {**table, **({Action.record_objection: _OWN} if role == "secretariat" else {})}
    for role, table in PERMISSIONS.items()
}
# Issue 18: the organisation below an administrator's unit (its own unit and the units under
# it); members are kept by the administrator and by a unit's officer, within their subtree.
_ORG_ROWS: dict[str, dict[Action, frozenset[Scope]]] = {
    "admin": {Action.manage_org: _DOWN, Action.manage_members: _DOWN},
    "unit_officer": {Action.manage_members: _DOWN},
}
PERMISSIONS = {role: {**t, **_ORG_ROWS.get(role, {})} for role, t in PERMISSIONS.items()}

# Đăng ký thi đua: the unit officer registers for the unit and the units below it (as it
# nominates); the secretariat of a level may register for the units below it too and reads their
# registrations and results. Clusters are created by the secretariat above their lead unit.
ACTION_LABELS.update(
    {
        Action.register: "đăng ký thi đua",
        Action.view_registrations: "xem đăng ký thi đua và kết quả",
        Action.manage_clusters: "lập cụm, khối thi đua và sửa thành viên",
    }
)
_REGISTRATION_ROWS: dict[str, dict[Action, frozenset[Scope]]] = {
    "unit_officer": {Action.register: _DOWN, Action.view_registrations: _DOWN},
    "secretariat": {
        Action.register: _DOWN,
        Action.view_registrations: _DOWN,
        Action.manage_clusters: _DOWN,
    },
    "chair": {Action.view_registrations: _OWN},
    "admin": {Action.view_registrations: _DOWN, Action.manage_clusters: _DOWN},
}
PERMISSIONS = {role: {**t, **_REGISTRATION_ROWS.get(role, {})} for role, t in PERMISSIONS.items()}

# Issue 17: the secretariat prepares the level's quyết định and the chair issues it (``decide``);
# both, and admins and the levels above, read the issued ones and print their certificates.
ACTION_LABELS.update(
    {
        Action.prepare_decision: "soạn dự thảo quyết định khen thưởng",
        Action.view_decisions: "xem quyết định khen thưởng, in bằng khen, giấy khen",
    }
)
_DECISION_ROWS: dict[str, dict[Action, frozenset[Scope]]] = {
    "secretariat": {Action.prepare_decision: _OWN, Action.view_decisions: _DOWN},
    "chair": {Action.prepare_decision: _OWN, Action.view_decisions: _OWN},
    "admin": {Action.view_decisions: _DOWN},
}
PERMISSIONS = {role: {**t, **_DECISION_ROWS.get(role, {})} for role, t in PERMISSIONS.items()}

ROLES: tuple[str, ...] = tuple(PERMISSIONS)


def allows(role: str, action: Action, scope: Scope) -> bool:
    """The whole rule: is `scope` among the scopes the table gives `role` for `action`?"""
    return scope in PERMISSIONS.get(role, {}).get(action, frozenset())


def roles_for(action: Action, scope: Scope) -> list[str]:
    """Roles that may take `action` in `scope` (for messages that say who could)."""
    return [role for role in ROLES if allows(role, action, scope)]


def reach(role: str, action: Action) -> frozenset[Scope]:
    return PERMISSIONS.get(role, {}).get(action, frozenset())
