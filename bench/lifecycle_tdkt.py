"""tdkt's side of the lifecycle benchmark: bulk service calls as a secretariat makes them.

A template database (the Lai Châu federation: 778 CĐCS, 26,816 members, one open round) is built
once and copied per run; each run then nominates N dossiers in bulk and moves them through
submission → receipt → appraisal by the rules (awards.services.appraisal.appraise) → a council
session per level (the eligible dossiers on its agenda, every member's vote by group, approved
when it closes: the only way to approved) → decision with move_many; the documents the catalogue
requires are attached in bulk first.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import col, select

from awards.bootstrap import App, build
from awards.demo.council import hold_level_sessions
from awards.demo.load import load_demo
from awards.model import Attachment, Award, Dossier, Person, Round, Unit
from awards.repository import UnitOfWorkFactory
from awards.repository.bulk import insert_rows
from awards.services.appraisal.appraise import appraise
from awards.services.lifecycle.move import move_many
from awards.services.lifecycle.plan import Actor, MoveRequest
from awards.services.nomination.bulk import nominate_many
from awards.services.nomination.nominate import Nomination
from awards.services.rounds.catalogue import NewRound, open_round
from awards.settings import Settings
from bench.common import fresh_sqlite
from states import Trigger

ROUND = "BENCH-2025"
AWARDS = ("GK_CDCT", "LDTT")  # both decided by the CĐ cấp trên trực tiếp cơ sở: one hop
OFFICER = Actor("Cán bộ công đoàn cơ sở", "unit_officer")
SECRETARY = Actor("Thường trực Hội đồng TĐKT", "secretariat")
CHAIR = Actor("Chủ tịch Hội đồng", "chair")
DAY = date(2025, 11, 10)
NOW = datetime(2025, 11, 10, 2, 0, tzinfo=UTC)


def _req(trigger: Trigger, actor: Actor, **kw: Any) -> MoveRequest:
    return MoveRequest(trigger=trigger, actor=actor, now=NOW, **kw)


@dataclass(frozen=True)
class _Done:
    code: str
    ok: bool


def attach(uow: UnitOfWorkFactory, codes: list[str]) -> list[_Done]:
    """The documents the catalogue requires (tờ trình, báo cáo…), one row each, in bulk."""
    with uow() as u:
        rnd = u.session.exec(select(Round).where(col(Round.code) == ROUND)).one()
        rows = u.session.execute(
            select(col(Dossier.id), col(Dossier.code), col(Award.required_attachments))
            .join(Award, col(Award.code) == col(Dossier.award_code))
            .where(col(Dossier.round_id) == rnd.id)
        ).tuples()
        files = [
            {"dossier_id": i, "kind": k, "filename": f"{code}-{k}.pdf", "size_bytes": 250_000}
            for i, code, kinds in rows
            for k in kinds
        ]
        insert_rows(u.session, Attachment, files)
        u.commit()
    return []


def _appraise(uow: UnitOfWorkFactory, codes: list[str]) -> list[_Done]:
    # The real appraisal: facts from the members' history, completeness, the default rules and
    # quotas; the ineligible stop there (their later moves are not attempted).
    report = appraise(uow, ROUND, now=NOW, actor=SECRETARY)
    eligible = set(report.eligible)
    codes[:] = [c for c in codes if c in eligible]
    return [_Done(r.code, r.moved) for r in report.results]


def _council(uow: UnitOfWorkFactory, codes: list[str]) -> list[_Done]:
    # Votes and tallies are per award group, so a session costs the same for 100 or 100,000.
    hold_level_sessions(uow, ROUND, DAY)
    return []


def _mover(
    trigger: Trigger, actor: Actor, **kw: Any
) -> Callable[[UnitOfWorkFactory, list[str]], Any]:
    return lambda uow, codes: move_many(uow, _req(trigger, actor, **kw), codes=codes)


STEPS: list[tuple[str, Callable[[UnitOfWorkFactory, list[str]], Any]]] = [
    ("attach", attach),
    ("submit", _mover(Trigger.submit, OFFICER)),
    ("receive", _mover(Trigger.receive, SECRETARY, due_on=date(2025, 12, 8))),
    ("start_appraisal", _mover(Trigger.start_appraisal, SECRETARY)),
    ("appraise", _appraise),
    ("council", _council),
    (
        "decide",
        _mover(
            Trigger.decide,
            CHAIR,
            decision_no="25/QĐ-CĐCT",
            decision_date=date(2025, 12, 15),
            decision_signer="Chủ tịch Công đoàn cấp trên",
        ),
    ),
]


def build_template(path: Path) -> Path:
    """The federation, its members and an open round, in a migrated SQLite file."""
    url = fresh_sqlite(path)
    app = build(Settings(data_dir=path.parent, database_url=url))
    load_demo(app.uow)
    open_round(
        app.uow,
        NewRound(
            code=ROUND,
            name="Tổng kết phong trào thi đua năm 2025 (benchmark)",
            movement_code="LDG-LDST",
            movement_name="Lao động giỏi, Lao động sáng tạo",
            organiser_code="LDLD-LC",
            year=2025,
            opens_on=date(2025, 1, 1),
            closes_on=date(2025, 12, 31),
            submission_deadline=date(2025, 11, 20),
        ),
    )
    app.close()
    return path


def nominations(app: App, n: int) -> list[Nomination]:
    """N nominations: each member in turn, alternating the two awards."""
    with app.uow() as uow:
        people = uow.session.execute(
            select(col(Person.code), col(Unit.code))
            .join(Unit, col(Unit.id) == col(Person.unit_id))
            .order_by(col(Person.id))
        ).all()
    return [
        Nomination(
            round_code=ROUND,
            award_code=AWARDS[i % len(AWARDS)],
            nominating_unit_code=people[i % len(people)][1],
            person_code=people[i % len(people)][0],
            achievement_summary="Hoàn thành xuất sắc nhiệm vụ năm 2025",
        )
        for i in range(n)
    ]


@dataclass
class Run:
    n: int
    seconds: float
    steps: dict[str, float] = field(default_factory=dict)
    refused: int = 0
    eligible: int = 0
    db: Path | None = None


def run_once(template: Path, workdir: Path, n: int, *, keep: bool = False) -> Run:
    """Copy the template and drive N dossiers through the lifecycle; timed from nomination."""
    db = workdir / f"tdkt-run-{os.getpid()}.db"  # per process: runs may overlap on one machine
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.copy(template, db)
    app = build(Settings(data_dir=workdir, database_url=f"sqlite:///{db}"))
    noms = nominations(app, n)
    run = Run(n, 0.0, db=db if keep else None)
    start = time.perf_counter()
    t0 = start
    codes = nominate_many(app.uow, noms, now=NOW)
    run.steps["nominate"] = time.perf_counter() - t0
    for name, step in STEPS:
        t0 = time.perf_counter()
        outcomes = step(app.uow, codes)
        run.steps[name] = time.perf_counter() - t0
        run.refused += sum(not o.ok for o in outcomes)
    run.eligible = len(codes)
    run.seconds = time.perf_counter() - start
    app.close()
    return run
