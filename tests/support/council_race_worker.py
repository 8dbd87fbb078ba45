"""Racing votes and decisions on the same dossiers, from threads or processes (test_vote_races)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from awards.bootstrap import build
from awards.errors import ConflictError, TransitionNotAllowed
from awards.services.council import vote
from awards.services.lifecycle.move import move
from awards.services.lifecycle.plan import Actor, MoveRequest
from awards.settings import Settings
from states import Trigger

WHO = Actor("Tòng Văn Minh", "secretariat")
NOW = datetime(2025, 12, 10, 8, 0, tzinfo=UTC)

Attempt = tuple[str, str, int, str]  # outcome ("won" or the error's class), dossier, member, what


def votes(
    start: Any,
    url: str,
    data_dir: str,
    session: str,
    members: list[int],
    codes: list[str],
    n: int,
    seed: int,
) -> list[Attempt]:
    """n votes by random members on random dossiers; each either counts or is refused."""
    app = build(Settings(database_url=url, data_dir=Path(data_dir)))
    rng = random.Random(seed)
    start.wait()  # every worker wired before the first vote: they really race
    out: list[Attempt] = []
    try:
        for _ in range(n):
            member, code, choice = rng.choice(members), rng.choice(codes), rng.choice(["yes", "no"])
            try:
                vote(app.uow, session, member, choice, WHO, NOW, dossier_codes=[code])
                out.append(("won", code, member, choice))
            except ConflictError:
                out.append(("ConflictError", code, member, choice))
    finally:
        app.close()
    return out


def decisions(
    start: Any, url: str, data_dir: str, codes: list[str], n: int, seed: int
) -> list[Attempt]:
    """n attempts to decide random dossiers, each under its own decision number."""
    app = build(Settings(database_url=url, data_dir=Path(data_dir)))
    rng = random.Random(seed)
    start.wait()
    out: list[Attempt] = []
    try:
        for k in range(n):
            code, number = rng.choice(codes), f"{seed}{k:04d}/QĐ-LĐLĐ"
            request = MoveRequest(
                Trigger.decide,
                Actor("Lò Văn Thắng", "chair"),
                NOW,
                decision_no=number,
                decision_date=date(2025, 12, 12),
                decision_signer="Lò Văn Thắng",
            )
            try:
                move(app.uow, code, request)
                out.append(("won", code, seed, number))
            except (ConflictError, TransitionNotAllowed) as err:
                out.append((type(err).__name__, code, seed, number))
    finally:
        app.close()
    return out
