"""Deciding the dossiers of an agenda: quorum, the threshold of each award's rule, then quotas.

Batch approval of a group: the dossiers whose tally meets their threshold compete for the slots
of their batch; when a quota binds, the policy's priority order decides who stays and each one
left out gets the reason. Slots this council already filled in the round (an earlier batch or
session) stay filled, so a second session never doubles a cap. Outcomes are written on the
agenda items; the dossiers move at closing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from awards.errors import ValidationError
from awards.model import CouncilAgendaItem, CouncilSession, Dossier
from awards.repository import UnitOfWorkFactory
from awards.repository.council import CouncilRepository
from awards.services.council.agenda import default_policy_set
from awards.services.council.batch import BatchFacts, base_counts, batch_facts, policy_for
from awards.services.council.voting import require_open
from awards.services.lifecycle.plan import Actor
from rules import NomineeFacts, PolicySet, apply_quota
from rules.council import CouncilRule, Tally, judge
from rules.policy import Policy
from rules.quota import group_of


@dataclass(frozen=True)
class ItemOutcome:
    code: str
    award_code: str
    outcome: str  # approved | not_approved
    reason: str
    yes: int
    no: int


@dataclass(frozen=True)
class Presence:
    members: int
    present: int
    written: int


def presence_of(councils: CouncilRepository, sess: CouncilSession) -> Presence:
    assert sess.id is not None
    members = councils.members_on(sess.council_id, sess.held_on)
    rows = councils.attendance_of(sess.id)
    ids = {m.id for m in members}
    present = sum(1 for m, a in rows.items() if m in ids and a.presence != "absent")
    written = sum(1 for m, a in rows.items() if m in ids and a.written_opinion)
    return Presence(len(members), present, written)


def decide(
    councils: CouncilRepository,
    sess: CouncilSession,
    items: list[CouncilAgendaItem],
    rules: PolicySet,
) -> list[ItemOutcome]:
    """Outcomes of undecided items; raises ValidationError (nothing decided) without a quorum."""
    who = presence_of(councils, sess)
    dossiers = councils.dossiers_by_id([i.dossier_id for i in items])
    rnd = councils.round(sess.round_id)
    assert rnd is not None
    passing: list[CouncilAgendaItem] = []
    decided: dict[int, tuple[str, str]] = {}
    for item in items:
        rule = CouncilRule.from_json(item.rule)
        written = who.written if rule.written_opinions_count else 0
        tally = Tally(who.members, who.present, written, item.yes_count, item.no_count)
        verdict = judge(rule, tally)
        if not verdict.quorum_ok:
            raise ValidationError(
                f"{verdict.reason} Phiên {sess.code} chưa thể chốt kết quả; điểm danh thêm thành "
                "viên hoặc ủy quyền người thay thế."
            )
        decided[item.id or 0] = ("approved" if verdict.passed else "not_approved", verdict.reason)
        if verdict.passed:
            passing.append(item)
    earlier = councils.approved_earlier(sess)
    batch = batch_facts(
        councils, [dossiers[i.dossier_id] for i in passing] + earlier, rnd.year, sess.held_on
    )
    taken = [batch.facts[d.code] for d in earlier]
    for item_id, reason in _quota_refusals(
        councils, passing, dossiers, batch, rules, rnd.year, sess.held_on, taken
    ).items():
        decided[item_id] = ("not_approved", reason)
    return [
        ItemOutcome(
            dossiers[i.dossier_id].code, i.award_code, *decided[i.id or 0], i.yes_count, i.no_count
        )
        for i in items
    ]


def _quota_refusals(
    councils: CouncilRepository,
    passing: list[CouncilAgendaItem],
    dossiers: dict[int | None, Dossier],
    batch: BatchFacts,
    rules: PolicySet,
    year: int,
    on: date,
    taken: list[NomineeFacts],
) -> dict[int, str]:
    """Items that met their threshold but fall outside their batch's quota, with the reason.

    `taken`: dossiers this council already approved in the round; they hold their slots."""
    by_policy: dict[int, tuple[Policy, list[CouncilAgendaItem]]] = {}
    for item in passing:
        facts = batch.facts[dossiers[item.dossier_id].code]
        policy = policy_for(rules, facts, on)
        if policy is not None and policy.quota is not None:
            by_policy.setdefault(id(policy), (policy, []))[1].append(item)
    refused: dict[int, str] = {}
    for policy, members in by_policy.values():
        group = [batch.facts[dossiers[i.dossier_id].code] for i in members]
        outcome = apply_quota(
            policy,
            group,
            base_counts(councils, policy, batch, year, group),
            _held(rules, policy, taken, on),
        )
        for item in members:
            why = outcome.left_out.get(dossiers[item.dossier_id].code)
            if why is not None:
                refused[item.id or 0] = f"Đạt tỷ lệ phiếu nhưng không được thông qua: {why}"
    return refused


def _held(rules: PolicySet, policy: Policy, taken: list[NomineeFacts], on: date) -> dict[str, int]:
    """Slots per group held by earlier approvals under the same policy."""
    assert policy.quota is not None
    quota = policy.quota
    return dict(Counter(group_of(quota, f) for f in taken if policy_for(rules, f, on) is policy))


def approve_batch(
    uow_factory: UnitOfWorkFactory,
    session_code: str,
    award_code: str,
    actor: Actor,
    now: datetime,
    *,
    policy_set: PolicySet | None = None,
) -> list[ItemOutcome]:
    """Decide every undecided dossier of one award group at once; per-dossier outcomes."""
    with uow_factory() as uow:
        councils = uow.councils
        sess = councils.session_by_code(session_code, lock="update")
        require_open(sess, "thông qua theo nhóm")
        assert sess.id is not None
        items = [
            i
            for i in councils.items_of(sess.id, eligibility=False)
            if i.award_code == award_code and i.outcome is None
        ]
        if not items:
            raise ValidationError(
                f"Phiên {sess.code} không còn hồ sơ {award_code} nào chờ thông qua."
            )
        outcomes = decide(councils, sess, items, policy_set or default_policy_set())
        write_outcomes(councils, sess, items, outcomes, actor, now)
        uow.commit()
    return outcomes


def write_outcomes(
    councils: CouncilRepository,
    sess: CouncilSession,
    items: list[CouncilAgendaItem],
    outcomes: list[ItemOutcome],
    actor: Actor,
    now: datetime,
) -> None:
    councils.set_outcomes(
        {i.id or 0: (o.outcome, o.reason) for i, o in zip(items, outcomes, strict=True)}
    )
    detail = {"decided": {o.code: o.outcome for o in outcomes}}
    councils.log(sess.council_id, actor.name, now, "outcomes", detail, sess.id)
