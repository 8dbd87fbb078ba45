"""Opening a session: the agenda is the eligible dossiers of a round at the council's level.

Each dossier is put on the agenda by the lifecycle (put_on_agenda: eligible → on_agenda), then
listed under its award with the council rule that will judge it, its eligibility explanation and
the quota meter of its batch. Dossiers left on_agenda by an interrupted opening are picked up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from awards.errors import NotFoundError, ValidationError
from awards.model import CouncilAgendaItem, CouncilSession, Dossier
from awards.repository import UnitOfWorkFactory
from awards.repository.council import CouncilRepository
from awards.services.council.batch import batch_facts, meters
from awards.services.council.invitations import agenda_lines, invite_members
from awards.services.lifecycle.move import move_many
from awards.services.lifecycle.plan import Actor, MoveOutcome, MoveRequest
from notifications.vn import vn_sort_key
from rules import PolicySet, load_policy_set
from rules.council import NoCouncilRule, council_rule
from states import Trigger


@lru_cache(maxsize=1)
def default_policy_set() -> PolicySet:
    return load_policy_set()


@dataclass(frozen=True)
class SessionOpened:
    code: str
    items: int
    groups: dict[str, int]
    refused: list[MoveOutcome] = field(default_factory=list)
    invited: int = 0  # members with a mailbox sent the invitation


def open_session(
    uow_factory: UnitOfWorkFactory,
    *,
    unit_code: str,
    round_code: str,
    held_on: date,
    actor: Actor,
    now: datetime,
    location: str = "",
    start_time: str = "",
    policy_set: PolicySet | None = None,
) -> SessionOpened:
    """Open a session of the unit's council, put the round's eligible dossiers on its agenda and
    invite the members (e-mail in the same transaction)."""
    rules = policy_set or default_policy_set()
    with uow_factory() as uow:
        councils = uow.councils
        unit = councils.unit_by_code(unit_code, held_on)
        council = councils.council_on(unit.id, held_on)
        if council is None or council.id is None:
            raise NotFoundError(
                f"{unit.name} chưa có Hội đồng Thi đua – Khen thưởng hiệu lực ngày "
                f"{held_on:%d/%m/%Y}; tạo bằng `tdkt council setup`."
            )
        if not councils.members_on(council.id, held_on):
            raise ValidationError(f"{council.name} chưa có thành viên ngày {held_on:%d/%m/%Y}.")
        rnd = councils.round_by_code(round_code)
        if rnd is None or rnd.id is None:
            raise NotFoundError(f"Không có đợt khen thưởng mã '{round_code}'.")
        eligible = councils.eligible_ids(rnd.id, unit.id)
        council_id, round_id = council.id, rnd.id
    refused: list[MoveOutcome] = []
    if eligible:
        req = MoveRequest(
            trigger=Trigger.put_on_agenda,
            actor=actor,
            now=now,
            reason=f"Đưa ra phiên họp Hội đồng ngày {held_on:%d/%m/%Y}",
        )
        refused = [o for o in move_many(uow_factory, req, ids=eligible) if not o.ok]
    with uow_factory() as uow:
        councils = uow.councils
        dossiers = councils.unlisted_on_agenda(round_id, unit.id)
        if not dossiers:
            raise ValidationError(
                f"Không có hồ sơ đủ điều kiện của đợt {round_code} tại {unit.name} để đưa ra "
                "Hội đồng; hồ sơ phải ở trạng thái 'Đủ điều kiện' sau thẩm định."
            )
        number = 1 + councils.session_count(council_id, round_id)
        sess = CouncilSession(
            code=f"PH-{unit_code}-{round_code}-{number:02d}",
            council_id=council_id,
            round_id=round_id,
            held_on=held_on,
            location=location,
            opened_by=actor.name,
            opened_at=now,
            policy_version=rules.version,
        )
        councils.save(sess)
        assert sess.id is not None
        groups = _add_items(councils, sess, dossiers, rules, rnd.year)
        invited = invite_members(
            uow,
            sess,
            council,
            unit,
            agenda_lines(councils, sess.id),
            start_time=start_time,
            now=now,
        )
        councils.log(council_id, actor.name, now, "session_opened", {"code": sess.code}, sess.id)
        uow.commit()
    return SessionOpened(sess.code, len(dossiers), groups, refused, invited)


def _add_items(
    councils: CouncilRepository,
    sess: CouncilSession,
    dossiers: list[Dossier],
    rules: PolicySet,
    year: int,
) -> dict[str, int]:
    awards = councils.awards()
    batch = batch_facts(councils, dossiers, year, sess.held_on)
    quota = meters(councils, rules, batch, [d.code for d in dossiers], year, sess.held_on)
    by_award: dict[str, list[Dossier]] = {}
    for d in dossiers:
        by_award.setdefault(d.award_code, []).append(d)
    order = sorted(by_award, key=lambda c: (awards[c].form, vn_sort_key(awards[c].name), c))
    items: list[CouncilAgendaItem] = []
    for group_no, award_code in enumerate(order, start=1):
        members = sorted(
            by_award[award_code],
            key=lambda d: (vn_sort_key(batch.facts[d.code].full_name), d.code),
        )
        for item_no, d in enumerate(members, start=1):
            assert d.id is not None and sess.id is not None
            items.append(
                CouncilAgendaItem(
                    session_id=sess.id,
                    dossier_id=d.id,
                    award_code=award_code,
                    group_order=group_no,
                    item_order=item_no,
                    rule=_rule(rules, d, sess.held_on),
                    eligibility=d.eligibility,
                    quota=quota.get(d.code),
                )
            )
    councils.save(*items)
    return {c: len(by_award[c]) for c in order}


def _rule(rules: PolicySet, d: Dossier, on: date) -> dict[str, Any]:
    try:
        return council_rule(rules, d.award_code, d.nominee_kind, on).to_json()  # type: ignore[arg-type]
    except NoCouncilRule as err:
        raise ValidationError(str(err)) from err


def eligibility_summary(eligibility: dict[str, Any] | None) -> str:
    """One line from a stored rules.Evaluation: the verdict, the policy and what failed."""
    if not eligibility:
        return "Chưa có kết quả xét điều kiện tự động; đã thẩm định thủ công."
    notes = "".join(f" {f}" for f in eligibility.get("flags") or [])
    manual = eligibility.get("manual")
    if manual:
        missing = manual.get("missing") or []
        lacking = f" khi còn thiếu {', '.join(missing)}" if missing else ""
        why = f": {manual['reason']}" if manual.get("reason") else ""
        return f"Đủ điều kiện, xác nhận thủ công{lacking}{why}.{notes}"
    policy = eligibility.get("policy_label") or (
        f"{eligibility.get('policy_id')}@{eligibility.get('policy_version')}"
    )
    requirements = eligibility.get("requirements") or []
    passed = sum(1 for r in requirements if r.get("passed"))
    verdict = "Đủ điều kiện" if eligibility.get("eligible") else "Không đủ điều kiện"
    failed = [r.get("message", "") for r in requirements if not r.get("passed")]
    tail = f"; chưa đạt: {'; '.join(failed)}" if failed else ""
    return f"{verdict} theo {policy}: đạt {passed}/{len(requirements)} tiêu chí{tail}.{notes}"
