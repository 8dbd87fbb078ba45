"""Issue 16, the rest: titles already received, manual eligibility, council account links,
account levels and the scope of a simulation, through the services and the CLI.

tests/web/test_integrity_rest_web.py reaches the same rules through the API and the pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import col, select

from awards.bootstrap import App
from awards.errors import FieldInvalid
from awards.model import AuditEvent, Dossier
from awards.services.appraisal.appraise import appraise
from awards.services.lifecycle.move import move, move_many
from awards.services.nomination.nominate import Nomination, nominate
from awards.services.rounds.catalogue import open_round
from states import DossierState, Trigger
from tests.support.appraisal import Member, add_members, good_cstdcs, to_appraisal
from tests.support.cli import Run, cli_runner
from tests.support.lifecycle import NOW, build_org, req, year_end_round


@pytest.fixture
def run(tdkt: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Run]:
    yield from cli_runner(tdkt, tmp_path, monkeypatch)


def dossier(app: App, code: str) -> Dossier:
    with app.uow() as uow:
        return uow.session.exec(select(Dossier).where(col(Dossier.code) == code)).one()


def awarded_in_another_round(app: App, person: str, award: str = "CSTDCS") -> str:
    """A dossier of the same person × award in a second 2025 round, awarded (a set-up shortcut:
    the lifecycle to 'awarded' is tested elsewhere)."""
    open_round(app.uow, year_end_round(code="CD-2025", name="Chuyên đề 2025"))
    code = nominate(
        app.uow,
        Nomination("CD-2025", award, "CS1", person_code=person, achievement_summary="Thành tích"),
        now=NOW,
    )
    with app.uow() as uow:
        row = uow.session.exec(select(Dossier).where(col(Dossier.code) == code)).one()
        row.state, row.decision_no = "awarded", "7/QĐ-LĐLĐ"
        uow.session.add(row)
        uow.commit()
    return code


GOOD = {2025: "hoan_thanh_xuat_sac"}


# --- 2. a nominee who already received the title that year is flagged at appraisal ---------


@pytest.mark.postgres
def test_appraisal_flags_a_title_already_received_that_year(tdkt: App, run: Run) -> None:
    build_org(tdkt)
    add_members(
        tdkt,
        "CS1",
        [
            Member("X-RECORD", ratings=GOOD, titles={2025: ["LDTT", "CSTDCS"]}),
            good_cstdcs("X-OTHER-ROUND"),
            good_cstdcs("X-CLEAN"),
            Member("X-LAST-YEAR", ratings=GOOD, titles={2024: ["CSTDCS"], 2025: ["LDTT"]}),
        ],
    )
    earlier = awarded_in_another_round(tdkt, "X-OTHER-ROUND")
    people = ["X-RECORD", "X-OTHER-ROUND", "X-CLEAN", "X-LAST-YEAR"]
    codes = dict(zip(people, to_appraisal(tdkt, "CSTDCS", people), strict=True))
    report = appraise(tdkt.uow, "TK-2025", now=NOW, level=3)
    flags = {r.code: r.flags for r in report.results}
    assert "năm 2025" in flags[codes["X-RECORD"]][0]
    assert earlier in flags[codes["X-OTHER-ROUND"]][0]
    assert flags[codes["X-CLEAN"]] == () and flags[codes["X-LAST-YEAR"]] == ()
    stored = dossier(tdkt, codes["X-OTHER-ROUND"]).eligibility or {}
    assert stored["flags"] == list(flags[codes["X-OTHER-ROUND"]])
    assert earlier in run("rules", "explain", codes["X-OTHER-ROUND"])


# --- 5. a manual mark_eligible with required attachments missing needs a reason -----------

REASON = "Biên bản họp gửi bản giấy ngày 20/11, đã đối chiếu bản gốc"


def missing_minutes(app: App, n: int = 1) -> list[str]:
    build_org(app)
    people = ["DV1", "DV2", "DV3"][:n]
    return to_appraisal(app, "GK_CDCT", people, missing=dict.fromkeys(people, "to_trinh"))


@pytest.mark.postgres
def test_a_manual_mark_eligible_with_attachments_missing_needs_a_reason(tdkt: App) -> None:
    code, other = missing_minutes(tdkt, 2)
    with pytest.raises(FieldInvalid) as err:
        move(tdkt.uow, code, req(Trigger.mark_eligible, reason=""))
    assert "reason" in err.value.fields and "Tờ trình" in err.value.fields["reason"]
    bulk = move_many(tdkt.uow, req(Trigger.mark_eligible, reason=""), codes=[other])
    assert not bulk[0].ok and "lý do" in (bulk[0].error or "")
    assert dossier(tdkt, code).state == DossierState.under_appraisal

    move(tdkt.uow, code, req(Trigger.mark_eligible, reason=REASON))
    d = dossier(tdkt, code)
    assert d.state == DossierState.eligible and d.eligibility is not None
    assert d.eligibility["manual"]["reason"] == REASON and d.eligibility["eligible"] is True
    assert "Tờ trình" in d.eligibility["manual"]["missing"][0]
    with tdkt.uow() as uow:
        event = uow.session.exec(
            select(AuditEvent).where(
                col(AuditEvent.dossier_id) == d.id, col(AuditEvent.trigger) == "mark_eligible"
            )
        ).one()
    assert event.reason == REASON and event.data["manual"] is True
    assert event.data["missing"] == d.eligibility["manual"]["missing"]


@pytest.mark.postgres
def test_the_cli_asks_for_the_reason_and_explains_the_manual_confirmation(
    tdkt: App, run: Run
) -> None:
    (code,) = missing_minutes(tdkt)
    out = run("dossier", "move", code, "mark_eligible", code=1)
    assert "lý do" in out.lower()
    run("dossier", "move", code, "mark_eligible", "--reason", REASON)
    out = run("rules", "explain", code)
    assert "xác nhận thủ công" in out.lower() and REASON in out
