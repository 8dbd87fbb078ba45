"""Appraisal (thẩm định): completeness, criteria and quotas over a batch, then the moves.

For the dossiers under appraisal at one level of a round (or given codes): facts are built in
bulk, the required attachments of the catalogue are checked, the policy set in force on the
round's closing date judges each nominee, quotas are applied over each batch (round × deciding
level × award form, counted per unit or federation as the policy says) in the policy's priority
order, and every dossier moves to eligible or ineligible with its full explanation stored in
Dossier.eligibility and the policy set version in Dossier.policy_version and its audit event.

It streams, so a batch of 1,000,000 nominees fits in a few hundred MB: facts and judgement go
chunk by chunk (CHUNK dossiers), each chunk's records are staged in the database
(appraisal_stage), quotas are decided over small candidate rows (what ranking reads, not the
facts), then the moves go chunk by chunk reading the staged records back, in the order they
always had (every eligible dossier by id, then every ineligible one).
"""

from __future__ import annotations

import uuid
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from awards.model import Award, Round
from awards.repository import UnitOfWorkFactory
from awards.repository.integrity import PriorTitle
from awards.services import Progress, no_progress
from awards.services.appraisal.quotas import (
    BatchMeters,
    Candidate,
    QuotaDecisions,
    apply_batch_quotas,
)
from awards.services.lifecycle.completeness import completeness
from awards.services.lifecycle.move import move_many
from awards.services.lifecycle.plan import Actor, MoveRequest
from rules import Evaluation, NomineeFacts, PolicySet, evaluate, load_policy_set
from states import DossierState, Trigger

SECRETARIAT = Actor("Thường trực Hội đồng TĐKT", "secretariat")
CHUNK = 1000  # dossiers judged, staged and moved at a time (awards.facts reads 1,000 per batch)


@dataclass(frozen=True, slots=True)
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
    chunk: int = CHUNK,
) -> AppraisalReport:
    """Appraise the round's dossiers under appraisal (at `level`, at the unit `unit_code`, or only
    `codes`) and move them, `chunk` dossiers at a time."""
    policies = policy_set or load_policy_set()
    with uow_factory(write=False) as uow:
        rnd = uow.rounds.by_code(round_code)
        under = str(DossierState.under_appraisal)
        ids = uow.dossiers.held_at(
            rnd.id or 0, under, level=level, unit_code=unit_code, codes=codes
        )
        stream = _Stream(
            uow_factory, policies, rnd, uow.rounds.awards(), array("q", ids), now, actor
        )
    del ids
    try:
        for start in range(0, len(stream.ids), chunk):
            stream.judge(start, chunk, progress)
        with uow_factory(write=False) as uow:
            batches, decisions = apply_batch_quotas(
                uow.dossiers, rnd, policies, stream.candidates, len(stream.ids)
            )
        stream.candidates.clear()  # decided: only `decisions` (~5 bytes a dossier) is kept
        results = stream.move(decisions, chunk)
    finally:
        with uow_factory() as uow:
            uow.appraisal_stage.clear(stream.run)
            uow.commit()
    found = {r.code for r in results} if codes else set()  # a whole round: no set of 1M codes
    missing = [c for c in codes if c not in found]
    results += [Appraised(c, False, (), False, _not_under_appraisal(c)) for c in missing]
    return AppraisalReport(policies.version, tuple(results), tuple(batches))


class _Stream:
    """One appraisal run: what stays in memory between its chunks is small (the ids, who met the
    criteria, the candidates' rows); each dossier's record waits in appraisal_stage."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        policies: PolicySet,
        rnd: Round,
        awards: dict[str, Award],
        ids: array[int],
        now: datetime,
        actor: Actor,
    ) -> None:
        self.uow_factory = uow_factory
        self.policies, self.rnd, self.awards = policies, rnd, awards
        self.ids, self.now, self.actor = ids, now, actor
        self.run = uuid.uuid4().hex
        self.candidates: list[Candidate] = []
        self.criteria = bytearray(len(ids))  # by seq: 1 when criteria and completeness are met

    def judge(self, start: int, chunk: int, progress: Progress) -> None:
        """Facts, judgement and flags of ids[start:start+chunk]; records staged, candidates kept."""
        part = list(self.ids[start : start + chunk])
        with self.uow_factory(write=False) as uow:
            held = uow.dossiers.holding(part)
            facts = uow.dossiers.facts(part)
            attached = uow.dossiers.attachment_kinds(part)
            prior = uow.integrity.titles_received(part)
        seq_of = {i: start + k for k, i in enumerate(part)}
        staged = []
        for i, code, award_code, level in held:
            seq, award = seq_of[i], self.awards[award_code]
            evaluation = _judge(self.policies, facts[code], award, attached.get(i, set()), self.rnd)
            flags = [already(award, p) for p in prior.get(i, [])]
            record = _record(evaluation, level, self.now, self.actor) | {"flags": flags}
            staged.append((seq, i, code, record))
            if evaluation.eligible:
                self.criteria[seq] = 1
                self.candidates.append(
                    Candidate.of(seq, facts[code], evaluation, award.decided_at_level, level)
                )
            if (seq + 1) % 50 == 0 or seq + 1 == len(self.ids):
                progress(seq + 1, len(self.ids))
        # Written apart from the reads: the write lock is held for the insert alone.
        with self.uow_factory() as uow:
            uow.appraisal_stage.add(self.run, staged)
            uow.commit()

    def move(self, decisions: QuotaDecisions, chunk: int) -> list[Appraised]:
        """Every eligible dossier moved (chunk by chunk, by id), then every ineligible one, as
        before streaming; the outcome of each, by id."""
        results: list[Appraised | None] = [None] * len(self.ids)
        labels: dict[str, str] = {}  # one string per policy label, not one per dossier
        version = self.policies.version
        for ok, trigger in ((True, Trigger.mark_eligible), (False, Trigger.mark_ineligible)):
            what = "Đủ điều kiện" if ok else "Không đủ điều kiện"
            req = MoveRequest(
                trigger=trigger,
                actor=self.actor,
                now=self.now,
                reason=f"{what} theo bộ chính sách {version}",
                policy_version=version,
                data={"policy_set_version": version},
            )
            chosen = array(
                "q",
                (
                    s
                    for s in range(len(self.ids))
                    if (self.criteria[s] == 1 and s not in decisions.left_out) is ok
                ),
            )
            for start in range(0, len(chosen), chunk):
                with self.uow_factory(write=False) as uow:
                    staged = uow.appraisal_stage.read(self.run, chosen[start : start + chunk])
                records = {c: (s, _with_quota(r, decisions.record(s))) for s, c, r in staged}
                extras = {
                    c: {"eligibility": r, "policy_version": version}
                    for c, (_, r) in records.items()
                }
                reasons = (
                    {}
                    if ok
                    else {c: _audit_reason(what, r["reasons"]) for c, (_, r) in records.items()}
                )
                for o in move_many(
                    self.uow_factory, req, codes=list(records), extras=extras, reasons=reasons
                ):
                    seq, rec = records[o.code]
                    label = labels.setdefault(rec["policy_label"], rec["policy_label"])
                    results[seq] = Appraised(
                        o.code,
                        rec["eligible"],
                        tuple(rec["reasons"]),
                        o.ok,
                        o.error,
                        label,
                        tuple(rec["flags"]),
                    )
        return [r for r in results if r is not None]


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


def _judge(
    policies: PolicySet,
    facts: NomineeFacts,
    award: Award,
    attached: set[str],
    rnd: Round,
) -> Evaluation:
    """The criteria of the policy version in force on the round's closing date (its judging
    date: a 2023 round by the 2023 version, whatever is in force today), plus completeness."""
    evaluation = evaluate(policies, facts, on=rnd.closes_on)
    complete = completeness(award, attached)
    return evaluation.model_copy(
        update={
            "requirements": (complete, *evaluation.requirements),
            "eligible": evaluation.eligible and complete.passed,
        }
    )


def _record(evaluation: Evaluation, level: int, now: datetime, actor: Actor) -> dict[str, Any]:
    """What is stored in Dossier.eligibility before quotas: the Evaluation's fields (as the web
    page reads them) with the outcome over them, the criteria outcome and who appraised."""
    reasons = [r.message for r in evaluation.requirements if not r.passed]
    if evaluation.reason:
        reasons.insert(0, evaluation.reason)
    return evaluation.model_dump(mode="json") | {
        "criteria_eligible": evaluation.eligible,
        "eligible": evaluation.eligible,
        "reason": evaluation.reason or "",
        "reasons": reasons,
        "quota": None,
        "level": level,
        "appraised_at": now.isoformat(),
        "actor": actor.name,
    }


def _with_quota(record: dict[str, Any], quota: dict[str, Any] | None) -> dict[str, Any]:
    """The stored record once its quota is decided: left out of a cap, it is not eligible."""
    if quota is None:
        return record
    left_out = not quota["selected"]
    return record | {
        "eligible": record["eligible"] and not left_out,
        "reason": record["reason"] or (quota["reason"] if left_out else ""),
        "reasons": record["reasons"] + ([quota["reason"]] if left_out else []),
        "quota": quota,
    }


def _audit_reason(what: str, reasons: list[str]) -> str:
    text = f"{what}: " + " ".join(reasons)
    return text if len(text) <= 4000 else text[:3999] + "…"


def _not_under_appraisal(code: str) -> str:
    return (
        f"Hồ sơ {code} không thuộc đợt này hoặc không ở trạng thái "
        f'"{DossierState.under_appraisal.label}"; chỉ thẩm định hồ sơ đang thẩm định.'
    )
