"""The demo runs on any day: a year after its first round, a new dossier can still be
nominated, submitted after an extension and appraised (both backends)."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import col, select

from awards.bootstrap import App
from awards.demo.load import load_demo
from awards.demo.round import DemoClock, run_demo_round
from awards.errors import DeadlineError
from awards.model import Dossier, Person, TaskRating, Unit
from awards.services.appraisal.appraise import appraise
from awards.services.dossiers.attachments import add_attachment
from awards.services.lifecycle.move import move
from awards.services.lifecycle.plan import Actor, MoveRequest
from awards.services.nomination.nominate import Nomination, nominate
from awards.services.rounds import admin
from states import DossierState, Trigger

A_YEAR_LATER = DemoClock(date(2026, 12, 1))
OFFICER = Actor("Cán bộ công đoàn cơ sở", "unit_officer")
SECRETARY = Actor("Thường trực Hội đồng TĐKT", "secretariat")
PDF = b"%PDF-1.4\n%tdkt\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 3, 0, tzinfo=UTC)


def _move(app: App, code: str, trigger: Trigger, day: date, actor: Actor, **kw: object) -> None:
    move(app.uow, code, MoveRequest(trigger=trigger, actor=actor, now=_at(day), **kw))  # type: ignore[arg-type]


def test_demo_a_year_later_still_takes_new_dossiers(tdkt: App, tmp_path: Path) -> None:
    clock = A_YEAR_LATER
    small = replace(
        clock.population(), cdcs_hcsn=60, cdcs_sxkd=6, members_hcsn=2400, members_sxkd=300
    )
    load_demo(tdkt.uow, small)
    summary = run_demo_round(tdkt.uow, clock=clock)
    assert summary.round_code == "TK-2026"
    assert summary.by_state.get("awarded", 0) > 0 and summary.by_state["draft"] == 2
    view = admin.show_round(tdkt.uow, "TK-2026")
    assert view.round.submission_deadline == date(2026, 12, 11)  # ten days after the demo's day
    assert [e.label for e in view.events] == ["Mở đợt"]

    # A member rated hoàn thành xuất sắc in 2026 and not nominated yet, at their CĐCS.
    with tdkt.uow(write=False) as uow:
        taken = set(uow.session.exec(select(col(Dossier.person_id))))
        person, unit = next(
            (p, u)
            for p, u in uow.session.exec(
                select(col(Person.code), col(Unit.code))
                .join(Unit, col(Unit.id) == col(Person.unit_id))
                .join(TaskRating, col(TaskRating.person_id) == col(Person.id))
                .where(
                    col(TaskRating.year) == 2026, col(TaskRating.rating) == "hoan_thanh_xuat_sac"
                )
                .where(col(Person.id).not_in(taken))
                .order_by(col(Person.id))
            )
        )
    code = nominate(
        tdkt.uow,
        Nomination("TK-2026", "GK_CDCT", unit, person_code=person, achievement_summary="Xuất sắc"),
        now=_at(clock.today),
    )
    assert code.startswith("HS-2026-")
    for kind in ("to_trinh", "bao_cao_thanh_tich"):
        add_attachment(
            tdkt.uow,
            None,
            code,
            kind=kind,
            filename=f"{kind}.pdf",
            stream=io.BytesIO(PDF),
            folder=tmp_path / "attachments",
            now=_at(clock.today),
        )

    late = date(2026, 12, 14)
    with pytest.raises(DeadlineError, match=r"đã quá hạn nộp của đợt TK-2026 \(11/12/2026\)"):
        _move(tdkt, code, Trigger.submit, late, OFFICER)
    admin.extend(
        tdkt.uow,
        "TK-2026",
        admin.Extension(date(2026, 12, 18), "Đơn vị bổ sung báo cáo thành tích", unit),
        actor=SECRETARY.name,
        now=_at(late),
        today=late,
    )
    _move(tdkt, code, Trigger.submit, late, OFFICER)
    _move(tdkt, code, Trigger.receive, late, SECRETARY, due_on=date(2026, 12, 30))
    _move(tdkt, code, Trigger.start_appraisal, late, SECRETARY)
    report = appraise(tdkt.uow, "TK-2026", now=_at(late), codes=[code])
    assert [r.code for r in report.results] == [code]
    with tdkt.uow(write=False) as uow:
        d = uow.session.exec(select(Dossier).where(col(Dossier.code) == code)).one()
    # A member rated hoàn thành xuất sắc with both documents meets the Giấy khen's criteria.
    assert d.state == DossierState.eligible and d.eligibility is not None
    assert d.policy_version and d.eligibility["reasons"] == []
