"""Attempts to move the same few dossiers at once, from threads or processes (test_races.py)."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

from sqlmodel import col, select

from awards.bootstrap import App, build
from awards.errors import ConflictError, DeadlineError, TransitionNotAllowed
from awards.model import Dossier
from awards.services.lifecycle.move import move
from awards.services.lifecycle.plan import Actor, MoveRequest
from awards.settings import Settings
from states import Trigger

TRIGGERS = [
    Trigger.receive,
    Trigger.return_for_changes,
    Trigger.resubmit,
    Trigger.start_appraisal,
    Trigger.mark_eligible,
    Trigger.put_on_agenda,
    Trigger.approve,
    Trigger.reject,
    Trigger.decide,
    Trigger.hold,
    Trigger.resume,
]
WHO = Actor("Thường trực", "secretariat")
NOW = datetime(2025, 11, 12, 2, 0, tzinfo=UTC)


def attempt(app: App, code: str, trigger: Trigger) -> str:
    """One racing move with the version just read; the outcome's name."""
    with app.uow() as uow:
        version = uow.session.exec(select(Dossier.version).where(col(Dossier.code) == code)).one()
    request = MoveRequest(
        trigger,
        WHO,
        NOW,
        reason="kiểm tra tranh chấp",
        due_on=date(2025, 12, 5),
        decision_no="01/QĐ-CĐCT",
        decision_date=date(2025, 12, 5),
    )
    try:
        move(app.uow, code, request, expected_version=version)
    except (ConflictError, TransitionNotAllowed, DeadlineError) as err:
        return type(err).__name__
    return "won"


def run(url: str, data_dir: str, codes: list[str], attempts: int, seed: int) -> Counter[str]:
    app = build(Settings(database_url=url, data_dir=Path(data_dir)))
    rng = random.Random(seed)
    try:
        return Counter(
            attempt(app, rng.choice(codes), rng.choice(TRIGGERS)) for _ in range(attempts)
        )
    finally:
        app.close()
