"""Escalated dossiers fall due on the round's hạn nộp of the level they reach, pushed by an
extension granted to that unit; without a deadline of that level, deadlines.yaml's default."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import col, select

from awards.bootstrap import App
from awards.model import Dossier
from awards.services.escalation.escalate import escalate_round
from awards.services.rounds.admin import DeadlineChange, Extension, change_deadlines, extend
from states import Trigger
from tests.support.cli import Run, cli_runner
from tests.support.lifecycle import HOP, NOW, SECRETARY, build_org, draft, drive
from tests.support.web import api_move, client_for, login, make_user

DAY = NOW + timedelta(days=1)


def _approved_at_than_uyen(tdkt: App, people: tuple[str, ...]) -> list[str]:
    codes = [draft(tdkt, "BK_UBND", person=p) for p in people]
    for code in codes:
        drive(tdkt, code, [Trigger.submit, *HOP])
    return codes


def _due(tdkt: App, code: str) -> tuple[str, date | None, int | None]:
    with tdkt.uow(write=False) as uow:
        d = uow.session.exec(select(Dossier).where(col(Dossier.code) == code)).one()
        return d.state, d.due_on, d.due_days


def _escalate(tdkt: App) -> None:
    report = escalate_round(
        tdkt.uow, round_code="TK-2025", unit_code="THAN-UYEN", actor=SECRETARY, now=DAY
    )
    assert report.submissions and report.submissions[0].sent


def test_escalation_takes_the_level_deadline_and_the_units_extension(tdkt: App) -> None:
    build_org(tdkt)
    first, second = _approved_at_than_uyen(tdkt, ("DV1", "DV2"))
    # No deadline of level 2 yet: the receipt limit of deadlines.yaml (5 working days).
    escalate_round(
        tdkt.uow,
        round_code="TK-2025",
        unit_code="THAN-UYEN",
        actor=SECRETARY,
        now=DAY,
        codes=[first],
    )
    assert _due(tdkt, first) == ("submitted", date(2025, 11, 11), 5)

    change = DeadlineChange(level_deadlines={2: date(2025, 12, 5)}, reason="Kế hoạch tỉnh")
    change_deadlines(tdkt.uow, "TK-2025", change, actor="Tòng Văn Minh", now=NOW, today=NOW.date())
    extend(
        tdkt.uow,
        "TK-2025",
        Extension(date(2025, 12, 12), "Chờ kết quả Hội đồng tỉnh", "LDLD-LC"),
        actor="Tòng Văn Minh",
        now=NOW,
        today=NOW.date(),
    )
    _escalate(tdkt)
    # LĐLĐ tỉnh is level 2: its hạn nộp of the round (05/12) pushed by its extension (12/12),
    # stored as a fixed date (a calendar edit does not recompute it).
    assert _due(tdkt, second) == ("submitted", date(2025, 12, 12), None)
    assert _due(tdkt, first)[1] == date(2025, 11, 11)  # sent before: unchanged


def test_the_level_deadline_without_an_extension(tdkt: App) -> None:
    build_org(tdkt)
    (code,) = _approved_at_than_uyen(tdkt, ("DV3",))
    change = DeadlineChange(level_deadlines={2: date(2025, 12, 5)}, reason="Kế hoạch tỉnh")
    change_deadlines(tdkt.uow, "TK-2025", change, actor="Tòng Văn Minh", now=NOW, today=NOW.date())
    _escalate(tdkt)
    assert _due(tdkt, code) == ("submitted", date(2025, 12, 5), None)


@pytest.fixture
def run(tdkt: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Run]:
    yield from cli_runner(tdkt, tmp_path, monkeypatch)


def test_the_api_and_the_cli_escalate_to_the_level_deadline(tdkt: App, run: Run) -> None:
    build_org(tdkt)
    by_api, by_cli = _approved_at_than_uyen(tdkt, ("DV1", "DV2"))
    change = DeadlineChange(level_deadlines={2: date(2025, 12, 5)}, reason="Kế hoạch tỉnh")
    change_deadlines(tdkt.uow, "TK-2025", change, actor="Tòng Văn Minh", now=NOW, today=NOW.date())
    make_user(tdkt, "minh", "secretariat", "THAN-UYEN", name="Tòng Văn Minh")
    client = client_for(tdkt)
    moved = api_move(client, login(client, "minh"), by_api, "escalate")
    assert moved.status_code == 200, moved.text
    assert _due(tdkt, by_api) == ("submitted", date(2025, 12, 5), None)
    out = run("dossier", "escalate", "--round", "TK-2025", "--unit", "THAN-UYEN")
    assert "→ LDLD-LC: 1 hồ sơ" in out
    assert _due(tdkt, by_cli) == ("submitted", date(2025, 12, 5), None)
