"""Reading what the minutes print, in a fixed number of queries."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

from awards.errors import NotFoundError
from awards.model import CouncilAgendaItem, CouncilSession
from awards.reports.citations import citation
from awards.repository.council import CouncilRepository
from awards.services.council.minutes import MinutesData, MinutesItem, MinutesMember
from rules.council import CouncilRule, percent, quorum_needed

LOCAL_TIME = ZoneInfo("Asia/Ho_Chi_Minh")  # the default of Settings.timezone


def clock(at: datetime | None) -> str:
    """ "08 giờ 05 phút" in Việt Nam time; "" when unknown."""
    if at is None:
        return ""
    local = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(LOCAL_TIME)
    return f"{local:%H} giờ {local:%M} phút"


def minutes_data(
    councils: CouncilRepository,
    sess: CouncilSession,
    number: int,
    ended_at: datetime | None = None,
) -> MinutesData:
    """``ended_at``: when the session closed (the minutes say "kết thúc vào hồi …")."""
    assert sess.id is not None
    council = councils.council(sess.council_id)
    rnd = councils.round(sess.round_id)
    assert council is not None and rnd is not None
    members = _members(councils, sess)
    agenda = councils.items_of(sess.id, eligibility=False)
    rules = _Rules()
    items = _items(councils, sess, agenda, rules)
    return MinutesData(
        unit_name=councils.unit_by_id(council.unit_id, sess.held_on).name,
        council_name=council.name,
        short_code=council.short_code,
        place=council.place,
        number=number,
        held_on=sess.held_on,
        location=sess.location,
        round_name=rnd.name,
        members=tuple(members),
        items=tuple(items),
        quorum_text=quorum_text([rules.parsed(i.rule) for i in agenda], members),
        starts_at=clock(sess.opened_at),
        ends_at=clock(ended_at or sess.closing_at),
    )


def quorum_text(rules: list[CouncilRule], members: list[MinutesMember]) -> str:
    present = sum(1 for m in members if m.presence in ("present", "substitute"))
    strictest = max((r.quorum for r in rules), default=Fraction(0))
    need = max((quorum_needed(r, len(members)) for r in rules), default=0)
    verdict = "đủ" if present >= need else "không đủ"
    return (
        f"Số thành viên có mặt {present}/{len(members)}, tối thiểu cần {need} "
        f"({percent(strictest)} tổng số thành viên): phiên họp {verdict} điều kiện tiến hành."
    )


def _members(councils: CouncilRepository, sess: CouncilSession) -> list[MinutesMember]:
    assert sess.id is not None
    attendance = councils.attendance_of(sess.id)
    substitutes = councils.substitutes(
        [a.delegation_id for a in attendance.values() if a.delegation_id]
    )
    found = []
    for m in councils.members_on(sess.council_id, sess.held_on):
        row = attendance.get(m.id or 0)
        found.append(
            MinutesMember(
                full_name=m.full_name,
                title=m.title,
                role=m.role,
                presence=row.presence if row else None,
                substitute=substitutes.get(row.delegation_id or 0, "") if row else "",
                written=bool(row and row.written_opinion),
            )
        )
    return found


class _Rules:
    """Each distinct stored rule parsed and cited once: an agenda's hundreds of items share a
    handful of rules."""

    def __init__(self) -> None:
        self._parsed: dict[str, CouncilRule] = {}
        self._texts: dict[str, str] = {}

    def parsed(self, stored: dict[str, Any]) -> CouncilRule:
        key = json.dumps(stored, sort_keys=True)
        if key not in self._parsed:
            self._parsed[key] = CouncilRule.from_json(stored)
        return self._parsed[key]

    def text(self, stored: dict[str, Any]) -> str:
        key = json.dumps(stored, sort_keys=True)
        if key not in self._texts:
            self._texts[key] = official_rule(self.parsed(stored))
        return self._texts[key]


def _items(
    councils: CouncilRepository,
    sess: CouncilSession,
    items: list[CouncilAgendaItem],
    rules: _Rules,
) -> list[MinutesItem]:
    dossiers = councils.dossiers_by_id([i.dossier_id for i in items], eligibility=False)
    awards = {code: a.name for code, a in councils.awards().items()}
    people = councils.person_names([d.person_id for d in dossiers.values() if d.person_id])
    unit_ids = {u for d in dossiers.values() for u in (d.nominating_unit_id, d.nominee_unit_id)}
    names = councils.latest_unit_names([u for u in unit_ids if u])
    groups: dict[str, str] = {}  # quota group code → its unit's name, looked up once
    found = []
    for i in items:
        d = dossiers[i.dossier_id]
        nominee = (
            people.get(d.person_id, "") if d.person_id else names.get(d.nominee_unit_id or 0, "")
        )
        found.append(
            MinutesItem(
                code=d.code,
                nominee=nominee,
                unit=names.get(d.nominating_unit_id, ""),
                award_code=i.award_code,
                award_name=awards.get(i.award_code, i.award_code),
                yes=i.yes_count,
                no=i.no_count,
                outcome=i.outcome or "not_approved",
                reason=i.outcome_reason,
                rule_text=rules.text(i.rule),
                quota_text=_quota_text(councils, i.quota, sess.held_on, groups),
            )
        )
    return found


def official_rule(rule: CouncilRule) -> str:
    """The rule with its citation; never the status tag or the research note."""
    cited = citation(rule.legal_basis)
    return f"{rule.terms()} (theo {cited})" if cited else rule.terms()


def _quota_text(
    councils: CouncilRepository, quota: dict[str, Any] | None, on: date, groups: dict[str, str]
) -> str:
    if not quota:
        return ""
    code = quota["group"]
    if code not in groups:
        try:
            groups[code] = councils.unit_by_code(code, on).name
        except NotFoundError:
            groups[code] = "toàn khối"  # a federation-wide group has no unit of its own
    cited = citation(quota.get("legal_basis", ""))
    basis = f" (theo {cited})" if cited else ""
    return f"{groups[code]}: {quota['candidates']} hồ sơ cho tối đa {quota['cap']} suất{basis}"
