"""`tdkt audit verify --invariants`: what the approval path must have left in the database.

- every approval (each `approve` in a dossier's trail) is the outcome of an agenda group of a
  closed session of the council of the level that approved, with a tally that passes its rule;
- every awarded dossier carries a decision (number, date, signer, issuing unit) by a level with
  the authority: the chair of the union level that decides the award form, or the state body at
  the end of its route;
- every nominee belongs to the nominating unit or a unit below it, and every move made by an
  account was made under a grant whose scope covers the dossier (awards.permissions);
- no person fact changed: no use case writes them (a nomination's facts are claims on the
  dossier), so against a baseline of fingerprints every difference is a change nobody audited.

A violation names the dossier (or the member) and says what is missing, in Vietnamese.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from awards.fields import decision_no_problem
from awards.permissions import ROLE_LABELS, UNIT_SIDE, Action, Scope, allows, roles_for
from awards.repository import UnitOfWork, UnitOfWorkFactory
from awards.services.council.outcomes import presence_of
from rules.council import CouncilRule, Tally, judge
from states import Trigger


@dataclass(frozen=True)
class Violation:
    subject: str  # a dossier code, or "đoàn viên <code>"
    message: str

    def __str__(self) -> str:
        return f"{self.subject}: {self.message}"


@dataclass
class InvariantReport:
    approvals: int = 0
    awarded: int = 0
    nominees: int = 0
    moves: int = 0
    people: int = 0
    problems: list[Violation] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_invariants(
    uow_factory: UnitOfWorkFactory, baseline: Mapping[str, str] | None = None
) -> InvariantReport:
    """Check every invariant; `baseline` (person code → fingerprint) adds the person facts."""
    report = InvariantReport()
    with uow_factory(write=False) as uow:
        _approvals(uow, report)
        _awards(uow, report)
        scopes = _Scopes(uow)
        _nominees(uow, scopes, report)
        _moves(uow, scopes, report)
        if baseline is not None:
            _people(person_fingerprints_in(uow), baseline, report)
    return report


def person_fingerprints(uow_factory: UnitOfWorkFactory) -> dict[str, str]:
    """Person code → a hash of their facts: the baseline a later check compares with."""
    with uow_factory(write=False) as uow:
        return person_fingerprints_in(uow)


def person_fingerprints_in(uow: UnitOfWork) -> dict[str, str]:
    out = {}
    for row in uow.audit.person_facts():
        code = row.pop("code")
        text = json.dumps(row, sort_keys=True, default=str, ensure_ascii=False)
        out[code] = hashlib.sha256(text.encode()).hexdigest()
    return out


def _approvals(uow: UnitOfWork, report: InvariantReport) -> None:
    approvals = uow.audit.approvals()
    items: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for item in uow.audit.approving_items(sorted({a["id"] for a in approvals})):
        items[item["dossier_id"]].append(item)
    for a in approvals:
        report.approvals += 1
        why = _approval_problem(uow, a["unit_id"], items[a["id"]])
        if why:
            report.problems.append(Violation(a["code"], why))


def _approval_problem(uow: UnitOfWork, unit_id: int, items: list[dict[str, Any]]) -> str | None:
    here = [i for i in items if i["unit_id"] == unit_id]
    if not here:
        return (
            "đã được thông qua nhưng không có nhóm nào của một phiên họp Hội đồng cấp này "
            "thông qua hồ sơ"
        )
    closed = [i for i in here if i["status"] == "closed"]
    if not closed:
        sessions = ", ".join(sorted(i["session_code"] for i in here))
        return f"đã được thông qua nhưng phiên họp {sessions} chưa kết thúc"
    reasons = []
    for item in closed:
        try:
            rule = CouncilRule.from_json(item["rule"] or {})
        except (KeyError, TypeError, ValueError, ZeroDivisionError):
            reasons.append(f"phiên họp {item['session_code']} không ghi quy tắc biểu quyết")
            continue
        who = presence_of(uow.councils, uow.councils.session_by_code(item["session_code"]))
        written = who.written if rule.written_opinions_count else 0
        verdict = judge(
            rule, Tally(who.members, who.present, written, item["yes_count"], item["no_count"])
        )
        if verdict.passed:
            return None
        reasons.append(f"phiên họp {item['session_code']}: {verdict.reason.rstrip('.')}")
    return "đã được thông qua nhưng kết quả biểu quyết không đạt (" + "; ".join(reasons) + ")"


def _awards(uow: UnitOfWork, report: InvariantReport) -> None:
    units = uow.audit.unit_kinds()
    deciders = roles_for(Action.decide, Scope.own)
    for d in uow.audit.awarded():
        report.awarded += 1
        for why in _award_problems(d, units, deciders):
            report.problems.append(Violation(d["code"], why))


def _award_problems(
    d: dict[str, Any], units: Mapping[int, tuple[str, int, bool]], deciders: list[str]
) -> list[str]:
    problems = []
    number_problem = decision_no_problem(d["decision_no"])
    if not d["decision_no"] or number_problem:
        problems.append(f"đã khen thưởng nhưng số quyết định không hợp lệ ({number_problem})")
    if d["decision_date"] is None:
        problems.append("đã khen thưởng nhưng thiếu ngày quyết định")
    if not (d["decision_signer"] or "").strip():
        problems.append("đã khen thưởng nhưng thiếu người ký quyết định")
    issuer = units.get(d["decided_by_unit_id"]) if d["decided_by_unit_id"] else None
    if issuer is None:
        return [*problems, "đã khen thưởng nhưng không ghi cấp ra quyết định"]
    code, level, state_body = issuer
    if d["trigger"] == Trigger.decide.value:
        if state_body or level != d["decided_at_level"]:
            problems.append(f"quyết định do {code}, cấp không có thẩm quyền với hình thức này")
        if d["role"] not in deciders:
            problems.append(
                f"quyết định ghi bởi {ROLE_LABELS.get(d['role'], d['role'])}, "
                "không phải Chủ tịch Hội đồng của cấp có thẩm quyền"
            )
    elif d["trigger"] == Trigger.record_award.value:
        if not (state_body and d["ends_at_state_body"]):
            problems.append(
                f"ghi nhận quyết định của {code}, không phải cơ quan nhà nước có thẩm quyền"
            )
    else:
        problems.append("đã khen thưởng nhưng sự kiện cuối của nhật ký không phải quyết định")
    return problems


class _Scopes:
    """Units below a unit on a day, asked once per (unit, day)."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.cache: dict[tuple[int, date], set[int]] = {}
        self.liaisons = uow.audit.liaisons()

    def below(self, unit_id: int, on: date) -> set[int]:
        key = (unit_id, on)
        if key not in self.cache:
            self.cache[key] = self.uow.audit.descendants(unit_id, on)
        return self.cache[key]

    def scope(self, granted_on: int, target: int, on: date) -> Scope:
        if granted_on == target:
            return Scope.own
        return Scope.child if target in self.below(granted_on, on) else Scope.foreign


def _day(at: datetime | date) -> date:
    return at.date() if isinstance(at, datetime) else at


def _nominees(uow: UnitOfWork, scopes: _Scopes, report: InvariantReport) -> None:
    for n in uow.audit.nominees():
        report.nominees += 1
        if n["person_unit_id"] not in scopes.below(n["nominating_unit_id"], _day(n["created_at"])):
            report.problems.append(
                Violation(
                    n["code"],
                    f"đoàn viên {n['person_code']} không thuộc đơn vị đề nghị hay đơn vị trực "
                    "thuộc của nó",
                )
            )


def _moves(uow: UnitOfWork, scopes: _Scopes, report: InvariantReport) -> None:
    for m in uow.audit.account_moves():
        report.moves += 1
        try:
            action = Action(m["trigger"])
        except ValueError:
            continue
        data, on = m["data"], _day(m["at"])
        if action in UNIT_SIDE:
            target = m["nominating_unit_id"]
        else:
            target = scopes.liaisons.get(m["unit_id"], m["unit_id"])
        scope = scopes.scope(int(data["grant_unit_id"]), target, on)
        if not allows(m["role"], action, scope):
            role = ROLE_LABELS.get(m["role"], m["role"])
            report.problems.append(
                Violation(
                    m["code"],
                    f"sự kiện số {m['seq']}: tài khoản {data.get('user', '?')} ({role}) "
                    f'"{action.label}" ngoài phạm vi quyền của mình',
                )
            )


def _people(now: Mapping[str, str], baseline: Mapping[str, str], report: InvariantReport) -> None:
    for code, digest in sorted(baseline.items()):
        report.people += 1
        if code not in now:
            report.problems.append(
                Violation(f"đoàn viên {code}", "đã bị xóa mà không có sự kiện nhật ký nào")
            )
        elif now[code] != digest:
            report.problems.append(
                Violation(
                    f"đoàn viên {code}",
                    "thông tin (chức vụ, đơn vị, đối tượng ưu tiên…) đã thay đổi mà không có sự "
                    "kiện nhật ký nào; kê khai của đơn vị đề nghị chỉ được lưu trong hồ sơ",
                )
            )
