"""Appraisal (thẩm định): completeness, criteria and quotas over a batch, then the moves.

For the dossiers under appraisal at one level of a round (or given codes): facts are built in
bulk, the required attachments of the catalogue are checked, the policy set in force on the
round's closing date judges each nominee, quotas are applied over each batch (round × deciding
level × award form, counted per unit or federation as the policy says) in the policy's priority
order, and every dossier moves to eligible or ineligible with its full explanation stored in
Dossier.eligibility and the policy set version in Dossier.policy_version and its audit event.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from awards.model import Award, Round
from awards.repository import UnitOfWork, UnitOfWorkFactory
from awards.repository.integrity import PriorTitle
from awards.services import Progress, no_progress
from awards.services.appraisal.quotas import BatchMeters, Candidate, apply_batch_quotas
from awards.services.lifecycle.completeness import completeness
from awards.services.lifecycle.move import move_many
from awards.services.lifecycle.plan import Actor, MoveOutcome, MoveRequest
from rules import Evaluation, NomineeFacts, PolicySet, evaluate, load_policy_set
from states import DossierState, Trigger

SECRETARIAT = Actor("Thường trực Hội đồng TĐKT", "secretariat")


@dataclass(frozen=True)
class Appraised:
    """The outcome for one dossier: eligible or not, why, and whether the move was written."""

    code: str
    eligible: bool
    reasons: tuple[str, ...]
    moved: bool
    error: str | None = None
    policy: str = ""  # "Chính sách cstdcs phiên bản 0.9.0 (hiệu lực 01/01/2019 – 31/12/2023)"
    flags: tuple[str, ...] = ()  # warnings that do not decide: a title already received


@dataclass(frozen=True)
class AppraisalReport:
    policy_set_version: str
    results: tuple[Appraised, ...]
    batches: tuple[BatchMeters, ...]

    @property
    def eligible(self) -> list[str]:
        return [r.code for r in self.results if r.eligible and r.moved]

    @property
    def ineligible(self) -> list[str]:
        return [r.code for r in self.results if not r.eligible and r.moved]


@dataclass(frozen=True)
class _Target:
    id: int
    code: str
    award: Award
    level: int


def appraise(
    uow_factory: UnitOfWorkFactory,
    round_code: str,
    *,
    now: datetime,
    level: int | None = None,
    unit_code: str | None = None,
    codes: Sequence[str] = (),
    actor: Actor = SECRETARIAT,
    policy_set: PolicySet | None = None,
    progress: Progress = no_progress,
) -> AppraisalReport:
    """Appraise the round's dossiers under appraisal (at `level`, at the unit `unit_code`, or only
    `codes`) and move them."""
    policies = policy_set or load_policy_set()
    with uow_factory() as uow:
        rnd, targets = _targets(uow, round_code, level, codes, unit_code)
        facts = uow.dossiers.facts([t.id for t in targets])
        attached = uow.dossiers.attachment_kinds([t.id for t in targets])
        judged = {}
        for i, t in enumerate(targets, start=1):
            judged[t.code] = _judge(policies, facts[t.code], t, attached, rnd)
            if i % 50 == 0 or i == len(targets):
                progress(i, len(targets))
        prior = uow.integrity.titles_received([t.id for t in targets])
        flags = {t.code: [already(t.award, p) for p in prior.get(t.id, [])] for t in targets}
        batches, quota_info = apply_batch_quotas(
            uow.dossiers,
            rnd,
            policies,
            [
                Candidate(facts[t.code], judged[t.code], t.award.decided_at_level, t.level)
                for t in targets
                if judged[t.code].eligible
            ],
        )
    records = {
        t.code: _record(judged[t.code], quota_info.get(t.code), t.level, now, actor)
        | {"flags": flags[t.code]}
        for t in targets
    }
    outcomes = _move(uow_factory, records, policies.version, now, actor)
    missing = [c for c in codes if c not in records]
    results = [
        Appraised(
            code,
            rec["eligible"],
            tuple(rec["reasons"]),
            outcomes[code].ok,
            outcomes[code].error,
            rec["policy_label"],
            tuple(rec["flags"]),
        )
        for code, rec in records.items()
    ] + [Appraised(c, False, (), False, _not_under_appraisal(c)) for c in missing]
    return AppraisalReport(policies.version, tuple(results), tuple(batches))


def already(award: Award, title: PriorTitle) -> str:
    """The flag of a title the nominee already received in the round's year (issue 16)."""
    if title.dossier_code is not None:
        where = f"hồ sơ {title.dossier_code}, {title.round_name}"
    else:
        where = "theo hồ sơ thành tích"
    if title.decision_no:
        where += f", quyết định số {title.decision_no}"
    if title.decision_date is not None:
        where += f" ngày {title.decision_date:%d/%m/%Y}"
    return (
        f"Lưu ý: đối tượng đã được khen {award.name} năm {title.year} ({where}); "
        "kiểm tra trước khi trình Hội đồng để không khen trùng."
    )


def _targets(
    uow: UnitOfWork,
    round_code: str,
    level: int | None,
    codes: Sequence[str],
    unit_code: str | None = None,
) -> tuple[Round, list[_Target]]:
    rnd = uow.rounds.by_code(round_code)
    awards = uow.rounds.awards()
    rows = uow.dossiers.held_at(
        rnd.id or 0,
        str(DossierState.under_appraisal),
        level=level,
        unit_code=unit_code,
        codes=codes,
    )
    return rnd, [_Target(i, c, awards[a], lvl) for i, c, a, lvl in rows]


def _judge(
    policies: PolicySet,
    facts: NomineeFacts,
    target: _Target,
    attached: dict[int, set[str]],
    rnd: Round,
) -> Evaluation:
    """The criteria of the policy version in force on the round's closing date (its judging
    date: a 2023 round by the 2023 version, whatever is in force today), plus completeness."""
    evaluation = evaluate(policies, facts, on=rnd.closes_on)
    complete = completeness(target.award, attached.get(target.id, set()))
    return evaluation.model_copy(
        update={
            "requirements": (complete, *evaluation.requirements),
            "eligible": evaluation.eligible and complete.passed,
        }
    )


def _record(
    evaluation: Evaluation, quota: dict[str, Any] | None, level: int, now: datetime, actor: Actor
) -> dict[str, Any]:
    """What is stored in Dossier.eligibility: the Evaluation's fields (as the web page reads them)
    with the final outcome over them, the criteria outcome, the quota record and who appraised."""
    reasons = [r.message for r in evaluation.requirements if not r.passed]
    if evaluation.reason:
        reasons.insert(0, evaluation.reason)
    left_out = quota is not None and not quota["selected"]
    if left_out:
        assert quota is not None
        reasons.append(quota["reason"])
    return evaluation.model_dump(mode="json") | {
        "criteria_eligible": evaluation.eligible,
        "eligible": evaluation.eligible and not left_out,
        "reason": evaluation.reason or (quota["reason"] if left_out and quota else ""),
        "reasons": reasons,
        "quota": quota,
        "level": level,
        "appraised_at": now.isoformat(),
        "actor": actor.name,
    }


def _move(
    uow_factory: UnitOfWorkFactory,
    records: dict[str, dict[str, Any]],
    version: str,
    now: datetime,
    actor: Actor,
) -> dict[str, MoveOutcome]:
    outcomes: dict[str, MoveOutcome] = {}
    for ok, trigger in ((True, Trigger.mark_eligible), (False, Trigger.mark_ineligible)):
        chosen = [c for c, rec in records.items() if rec["eligible"] is ok]
        if not chosen:
            continue
        what = "Đủ điều kiện" if ok else "Không đủ điều kiện"
        req = MoveRequest(
            trigger=trigger,
            actor=actor,
            now=now,
            reason=f"{what} theo bộ chính sách {version}",
            policy_version=version,
            data={"policy_set_version": version},
        )
        extras = {c: {"eligibility": records[c], "policy_version": version} for c in chosen}
        reasons = {} if ok else {c: _audit_reason(what, records[c]["reasons"]) for c in chosen}
        for outcome in move_many(uow_factory, req, codes=chosen, extras=extras, reasons=reasons):
            outcomes[outcome.code] = outcome
    return outcomes


def _audit_reason(what: str, reasons: list[str]) -> str:
    text = f"{what}: " + " ".join(reasons)
    return text if len(text) <= 4000 else text[:3999] + "…"


def _not_under_appraisal(code: str) -> str:
    return (
        f"Hồ sơ {code} không thuộc đợt này hoặc không ở trạng thái "
        f'"{DossierState.under_appraisal.label}"; chỉ thẩm định hồ sơ đang thẩm định.'
    )
