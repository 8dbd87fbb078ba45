"""The demo round: the Lai Châu year-end round driven from nomination to decisions.

Runs on a chosen clock (the round's own dates), with bulk moves as a secretariat would make them.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from awards.demo.council import hold_demo_session, hold_level_sessions
from awards.demo.population import PopulationSpec
from awards.repository import UnitOfWorkFactory
from awards.services.appraisal.appraise import appraise
from awards.services.escalation.escalate import SubmissionOutcome, escalate_round, ready_holders
from awards.services.lifecycle.move import move_many
from awards.services.lifecycle.plan import Actor, MoveRequest
from awards.services.nomination.nominate import Nomination, nominate
from awards.services.org.units import NewUnit, add_units
from awards.services.rounds.catalogue import NewRound, open_round
from states import Trigger

OFFICER = Actor("Cán bộ công đoàn cơ sở", "unit_officer")
SECRETARY = Actor("Thường trực Hội đồng TĐKT", "secretariat")
CHAIR = Actor("Chủ tịch Hội đồng", "chair")
# A level's work up to the council, which then puts them on its agenda and votes.
HOP = [Trigger.receive, Trigger.start_appraisal, Trigger.mark_eligible]
PLAN = {"GK_CDCT": 30, "BK_LDLD": 16, "BK_UBND": 8, "BK_TLD": 4}


@dataclass(frozen=True)
class RoundSummary:
    round_code: str
    dossiers: int
    by_state: dict[str, int]
    submissions: list[SubmissionOutcome]
    ineligible_reasons: dict[str, int] = field(default_factory=dict)


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)


ORIGINAL_DAY = date(2025, 12, 1)  # the morning after the first demo round's last moves


@dataclass(frozen=True)
class DemoClock:
    """The demo round's dates, counted back from the day the demo runs (`today`).

    The round's work took the four weeks before `today` and its hạn nộp is still ahead, so a
    new user can nominate and submit on the day `make demo` runs, whatever the date.
    On 01/12/2025 the moves fall on the days of the first demo (nominations 03/11, moves
    from 10/11, dossiers returned until 28/11).
    """

    today: date = ORIGINAL_DAY

    @property
    def nominated_on(self) -> date:
        return self.today - timedelta(days=28)

    @property
    def year(self) -> int:
        return self.nominated_on.year

    @property
    def first_move(self) -> date:
        day = self.today - timedelta(days=21)
        while day.weekday() >= 5:  # moves start on a working day
            day += timedelta(days=1)
        return day

    @property
    def resubmit_by(self) -> date:
        return self.today - timedelta(days=3)

    @property
    def deadline(self) -> date:
        return self.today + timedelta(days=10)

    @property
    def closes_on(self) -> date:
        return max(date(self.year, 12, 31), self.deadline + timedelta(days=30))

    def population(self) -> PopulationSpec:
        """The members' history runs to the round's year (seven years, as in the first demo)."""
        return PopulationSpec(first_year=self.year - 6, last_year=self.year)


def run_demo_round(
    uow_factory: UnitOfWorkFactory, *, clock: DemoClock | None = None, seed: int = 7
) -> RoundSummary:
    clock = clock or DemoClock()
    year = clock.year
    add_units(
        uow_factory,
        [
            NewUnit(
                "UBND-LC",
                "Ủy ban nhân dân tỉnh Lai Châu",
                "ubnd_tinh",
                None,
                liaison_code="LDLD-LC",
            ),
            NewUnit("TTG", "Thủ tướng Chính phủ", "thu_tuong", None, liaison_code="TLD"),
        ],
    )
    code = f"TK-{year}"
    round_id = open_round(
        uow_factory,
        NewRound(
            code=code,
            name=f"Tổng kết phong trào thi đua năm {year}",
            movement_code="LDG-LDST",
            movement_name="Lao động giỏi, Lao động sáng tạo",
            organiser_code="LDLD-LC",
            year=year,
            opens_on=date(year, 1, 1),
            closes_on=clock.closes_on,
            submission_deadline=clock.deadline,
        ),
        actor=SECRETARY.name,
        now=_at(date(year, 1, 1)),
    )
    codes = _nominate(uow_factory, code, random.Random(seed), _at(clock.nominated_on), year)
    _attach(uow_factory, [c for cs in codes.values() for c in cs])
    submissions = _drive(uow_factory, code, codes, clock)
    with uow_factory() as uow:
        states = uow.dossiers.count_by_state(round_id)
        stored = uow.dossiers.eligibility_in(round_id, ["ineligible"])
        reasons = Counter(r for e in stored for r in (e or {}).get("reasons", []))
    return RoundSummary(
        code, sum(states.values()), states, submissions, dict(reasons.most_common())
    )


def _nominate(
    uow_factory: UnitOfWorkFactory, round_code: str, rng: random.Random, now: datetime, year: int
) -> dict[str, list[str]]:
    """Giấy khen for anyone; Bằng khen mostly for people rated hoàn thành xuất sắc this year."""
    with uow_factory() as uow:
        people = uow.people.rated(year, limit=2000)
    best = [(p, u) for p, u, r in people if r == "hoan_thanh_xuat_sac"]
    others = [(p, u) for p, u, r in people if r != "hoan_thanh_xuat_sac"]
    gk = rng.sample(others, PLAN["GK_CDCT"] + 2)
    strong = rng.sample(best, sum(PLAN.values()) - PLAN["GK_CDCT"] - 2)
    rng.shuffle(strong)
    strong += [gk.pop(), gk.pop()]  # the first two Bằng khen LĐLĐ will not meet the criteria
    codes: dict[str, list[str]] = {}
    for award, n in PLAN.items():
        pool = gk if award == "GK_CDCT" else strong
        for person, unit in (pool.pop() for _ in range(n)):
            codes.setdefault(award, []).append(
                nominate(
                    uow_factory,
                    Nomination(
                        round_code=round_code,
                        award_code=award,
                        nominating_unit_code=unit,
                        person_code=person,
                        achievement_summary=f"Hoàn thành xuất sắc nhiệm vụ năm {year}",
                    ),
                    now=now,
                )
            )
    return codes


def _attach(uow_factory: UnitOfWorkFactory, codes: list[str]) -> None:
    """The documents of the catalogue for every dossier but one (left without its biên bản)."""
    lacking: int | None = None
    with uow_factory() as uow:
        rows = uow.dossiers.required_attachments(codes)
        files = []
        for i, code, kinds in rows:
            for k in kinds:
                if lacking is None and k == "bien_ban_hoi_dong":
                    lacking = i
                    continue
                files.append(
                    {
                        "dossier_id": i,
                        "kind": k,
                        # named as a person names a file, not after the kind's code
                        "filename": f"{code}-{k.replace('_', '-')}.pdf",
                        "size_bytes": 250_000,
                    }
                )
        uow.dossiers.insert_attachments(files)
        uow.commit()


def _drive(
    uow_factory: UnitOfWorkFactory, round_code: str, codes: dict[str, list[str]], clock: DemoClock
) -> list[SubmissionOutcome]:
    every = [c for cs in codes.values() for c in cs]
    step = _Stepper(uow_factory, clock.first_move, round_code)
    step(every[:-2], Trigger.submit, OFFICER)  # two dossiers are left in draft
    step(
        every[-6:-2],
        Trigger.return_for_changes,
        SECRETARY,
        reason="Thiếu biên bản họp Hội đồng thi đua cơ sở",
        due_on=clock.resubmit_by,
    )
    moving = every[:-6]
    step.hop(moving, until=Trigger.mark_eligible)
    hold_level_sessions(step.uow_factory, round_code, step.day)  # each level's council votes
    step(
        [c for c in moving if c in codes["GK_CDCT"]],
        Trigger.decide,
        CHAIR,
        decision_no="25/QĐ-CĐCT",
        decision_date=step.day,
        decision_signer=CHAIR.name,
    )
    higher = [c for c in moving if c not in codes["GK_CDCT"]]
    step.escalate(round_code)
    step.hop(higher)
    hold_demo_session(step.uow_factory, "LDLD-LC", round_code, step.day)  # the council votes
    step(
        [c for c in higher if c in codes["BK_LDLD"]],
        Trigger.decide,
        CHAIR,
        decision_no="715/QĐ-LĐLĐ",
        decision_date=step.day,
        decision_signer=CHAIR.name,
    )
    step.escalate(round_code)
    return step.submissions


class _Stepper:
    """Bulk moves one working day apart (weekends skipped)."""

    def __init__(self, uow_factory: UnitOfWorkFactory, start: date, round_code: str) -> None:
        self.uow_factory, self.day, self.round_code = uow_factory, start, round_code
        self.submissions: list[SubmissionOutcome] = []

    def __call__(self, codes: list[str], trigger: Trigger, actor: Actor, **kw: object) -> None:
        req = MoveRequest(trigger=trigger, actor=actor, now=_at(self.day), **kw)  # type: ignore[arg-type]
        move_many(self.uow_factory, req, codes=codes)
        self.day = date.fromordinal(self.day.toordinal() + (3 if self.day.weekday() == 4 else 1))

    def escalate(self, round_code: str) -> None:
        """Each level sends its approved dossiers up, one tờ trình per next level and award."""
        for unit in ready_holders(self.uow_factory, round_code):
            report = escalate_round(
                self.uow_factory,
                round_code=round_code,
                unit_code=unit,
                actor=SECRETARY,
                now=_at(self.day),
            )
            self.submissions += [s for s in report.submissions if s.document_no]
        self.day = date.fromordinal(self.day.toordinal() + (3 if self.day.weekday() == 4 else 1))

    def hop(self, codes: list[str], until: Trigger = Trigger.mark_eligible) -> None:
        for trigger in HOP[: HOP.index(until) + 1]:
            if trigger is Trigger.mark_eligible:  # the rules decide, dossier by dossier
                appraise(self.uow_factory, self.round_code, now=_at(self.day), codes=codes)
                continue
            due = (
                date.fromordinal(self.day.toordinal() + 28) if trigger is Trigger.receive else None
            )
            self(codes, trigger, SECRETARY, due_on=due)
