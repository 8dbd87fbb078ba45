"""Escalation in batches: one tờ trình per round × next level × award, numbered, with its hops."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import col, func, select
from typer.testing import CliRunner

from awards.bootstrap import App
from awards.cli import app as cli
from awards.model import Dossier, DossierHop, NumberRegister, OutboxMessage, Submission, Unit
from awards.services.escalation.escalate import escalate_round
from awards.services.mail.stored import message_of
from awards.settings import get_settings
from states import DossierState, Trigger
from tests.support.lifecycle import HOP, NOW, SECRETARY, build_org, draft, drive


@pytest.fixture
def org(tdkt: App) -> App:
    build_org(tdkt)
    return tdkt


def _approved(app: App, award: str, **kw: str) -> str:
    code = draft(app, award, **kw)
    drive(app, code, [Trigger.submit, *HOP])
    return code


def _escalate(app: App, unit: str, days: int = 1) -> object:
    when = NOW + timedelta(days=days)
    return escalate_round(app.uow, round_code="TK-2025", unit_code=unit, actor=SECRETARY, now=when)


def _submissions(app: App) -> list[tuple[str, str, str | None, int, int]]:
    with app.uow() as uow:
        units = {u.id: u.code for u in uow.session.exec(select(Unit))}
        subs = uow.session.exec(select(Submission).order_by(col(Submission.id))).all()
        return [
            (s.award_code, units[s.to_unit_id], s.document_no, s.seq, s.dossier_count) for s in subs
        ]


def _hop_submission(app: App, code: str) -> str | None:
    """The tờ trình code the dossier's current hop came with."""
    with app.uow() as uow:
        d = uow.session.exec(select(Dossier).where(col(Dossier.code) == code)).one()
        hop = uow.session.exec(
            select(DossierHop).where(
                col(DossierHop.dossier_id) == d.id, col(DossierHop.hop_no) == d.hop_no
            )
        ).one()
        sub = uow.session.get(Submission, hop.submission_id) if hop.submission_id else None
        return sub.code if sub else None


def test_one_numbered_to_trinh_per_next_level_and_award(org: App) -> None:
    ldld = [_approved(org, "BK_LDLD", person=p) for p in ("DV1", "DV2")]
    ubnd = _approved(org, "BK_UBND", person="DV3")
    tld = _approved(org, "BK_TLD", unit="CS1")
    local = _approved(org, "GK_CDCT")  # Than Uyên decides it: nothing to escalate

    report = _escalate(org, "THAN-UYEN")

    assert [(s.award_code, s.to_unit_code, s.sent) for s in report.submissions] == [
        ("BK_LDLD", "LDLD-LC", ldld),
        ("BK_TLD", "LDLD-LC", [tld]),
        ("BK_UBND", "LDLD-LC", [ubnd]),
    ]
    assert [o.code for o in report.refused] == [local]
    assert "cấp cuối" in (report.refused[0].error or "")
    assert _submissions(org) == [
        ("BK_LDLD", "LDLD-LC", "01/TTr-LĐLĐ", 1, 2),
        ("BK_TLD", "LDLD-LC", "02/TTr-LĐLĐ", 1, 1),
        ("BK_UBND", "LDLD-LC", "03/TTr-LĐLĐ", 1, 1),
    ]
    assert {_hop_submission(org, c) for c in ldld} == {report.submissions[0].code}
    with org.uow() as uow:
        moved = uow.session.exec(
            select(Dossier.state).where(col(Dossier.code).in_([*ldld, ubnd, tld]))
        ).all()
    assert set(moved) == {DossierState.submitted}
    with org.uow() as uow:  # the units' e-mails cite the tờ trình by its number
        bodies = [
            message_of(m).text
            for m in uow.session.exec(
                select(OutboxMessage).where(col(OutboxMessage.kind) == "dossier_escalated")
            )
        ]
    assert len(bodies) == 4 and all("(chưa cấp số)" not in b for b in bodies)
    assert sum("01/TTr-LĐLĐ" in b for b in bodies) == 2


def test_a_later_batch_is_a_supplementary_to_trinh(org: App) -> None:
    _approved(org, "BK_LDLD", person="DV1")
    _escalate(org, "THAN-UYEN")
    late = _approved(org, "BK_LDLD", person="DV2")
    report = _escalate(org, "THAN-UYEN", days=3)
    assert [s.sent for s in report.submissions] == [[late]]
    assert [row[2:4] for row in _submissions(org)] == [("01/TTr-LĐLĐ", 1), ("02/TTr-LĐLĐ", 2)]


def test_numbers_are_per_issuer(org: App) -> None:
    code = _approved(org, "BK_UBND", person="DV1")
    _escalate(org, "THAN-UYEN")
    drive(org, code, HOP)
    report = _escalate(org, "LDLD-LC", days=2)
    assert [(s.to_unit_code, s.document_no) for s in report.submissions] == [
        ("UBND-LC", "01/TTr-LĐLĐ")
    ]
    assert _hop_submission(org, code) == report.submissions[0].code


def test_a_group_refused_entirely_sends_nothing_and_takes_no_number(org: App) -> None:
    # Chiến sĩ thi đua toàn quốc must be made public at the TLĐ before it goes to the Thủ tướng.
    code = _approved(org, "CSTD_TQ", person="DV1")
    _escalate(org, "THAN-UYEN")
    drive(org, code, HOP)
    _escalate(org, "LDLD-LC")
    drive(org, code, HOP)
    with org.uow() as uow:
        taken_before = uow.session.exec(select(func.sum(NumberRegister.last_no))).one()
        subs_before = uow.session.exec(select(func.count()).select_from(Submission)).one()

    report = _escalate(org, "TLD", days=2)

    [group] = report.submissions
    assert group.code is None and group.document_no is None and group.sent == []
    assert "công khai" in (group.outcomes[0].error or "")
    with org.uow() as uow:
        taken_after = uow.session.exec(select(func.sum(NumberRegister.last_no))).one()
        subs_after = uow.session.exec(select(func.count()).select_from(Submission)).one()
        state = uow.session.exec(select(Dossier.state).where(col(Dossier.code) == code)).one()
    assert (taken_after, subs_after, state) == (taken_before, subs_before, "approved")


def test_cli_escalate_prints_each_to_trinh(
    sqlite_tdkt: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_org(sqlite_tdkt)
    _approved(sqlite_tdkt, "BK_LDLD", person="DV1")
    local = _approved(sqlite_tdkt, "GK_CDCT", person="DV2")
    monkeypatch.setenv("TDKT_DATA_DIR", str(sqlite_tdkt.settings.data_dir))
    monkeypatch.setenv("TDKT_DATABASE_URL", sqlite_tdkt.settings.effective_database_url)
    get_settings.cache_clear()
    args = ["dossier", "escalate", "--round", "TK-2025", "--unit", "THAN-UYEN"]
    result = CliRunner().invoke(cli, args)
    get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "Tờ trình số 01/TTr-LĐLĐ · BK_LDLD → LDLD-LC: 1 hồ sơ" in result.output
    assert f"✗ {local}: " in result.output
