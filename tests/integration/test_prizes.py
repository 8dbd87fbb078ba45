"""Prize money computed when a decision is recorded, and the fund ledger line it writes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import col, select

from awards.bootstrap import App
from awards.model import Dossier, FundEntry, PrizePayment
from awards.services.lifecycle.audit_chain import chained_hash
from awards.services.prizes.record import FUND_HASHED
from states import Trigger
from tests.integration.lifecycle_fixtures import HOP, build_org, draft, drive


@pytest.fixture
def org(tdkt: App) -> App:
    build_org(tdkt)
    return tdkt


def _prizes(app: App) -> list[PrizePayment]:
    with app.uow() as uow:
        return list(uow.session.exec(select(PrizePayment).order_by(col(PrizePayment.id))))


def _ledger(app: App) -> list[FundEntry]:
    with app.uow() as uow:
        stmt = select(FundEntry).order_by(col(FundEntry.unit_id), col(FundEntry.seq))
        return list(uow.session.exec(stmt))


def test_a_union_decision_pays_coefficient_times_base_salary_from_its_fund(org: App) -> None:
    first, second = draft(org, "GK_CDCT"), draft(org, "GK_CDCT", person="DV2")
    for code in (first, second):
        drive(org, code, [Trigger.submit, *HOP, Trigger.decide])
    prizes = _prizes(org)
    # Giấy khen cá nhân 0,3 × 2.340.000 = 702.000 → rounded up to 710.000 (step 10.000).
    assert [(p.coefficient, p.base_salary_vnd, p.amount_vnd) for p in prizes] == [
        ("0.3", 2_340_000, 710_000),
        ("0.3", 2_340_000, 710_000),
    ]
    assert {p.decision_no for p in prizes} == {"15/QĐ-LĐLĐ"}
    assert prizes[0].schedule == "prizes@1.0.0" and "152/2025" not in prizes[0].basis
    ledger = _ledger(org)
    assert [(e.kind, e.amount_vnd, e.seq, e.reference) for e in ledger] == [
        ("prize", -710_000, 1, "15/QĐ-LĐLĐ"),
        ("prize", -710_000, 2, "15/QĐ-LĐLĐ"),
    ]
    assert {e.prize_id for e in ledger} == {p.id for p in prizes}
    prev = ""
    for entry in ledger:
        assert entry.prev_hash == prev
        assert entry.hash == chained_hash(prev, entry.model_dump(), FUND_HASHED)
        prev = entry.hash


def test_the_base_salary_is_the_one_in_force_on_the_decision_date(org: App) -> None:
    code = draft(org, "CSTDCS")
    drive(org, code, [Trigger.submit, *HOP, Trigger.decide], decision_date=date(2024, 3, 5))
    (prize,) = _prizes(org)
    assert (prize.base_salary_vnd, prize.amount_vnd) == (1_800_000, 1_800_000)
    assert Decimal(prize.coefficient) == Decimal("1")
    assert "152/2025" in prize.basis and "24/2023" in prize.basis


def test_a_state_body_decision_keeps_the_amount_but_not_in_the_union_fund(org: App) -> None:
    code = draft(org, "BK_UBND")
    drive(org, code, [Trigger.submit, *HOP, Trigger.escalate, *HOP, Trigger.escalate])
    drive(org, code, [Trigger.record_award])
    (prize,) = _prizes(org)
    assert (prize.nominee_kind, prize.amount_vnd) == ("ca_nhan", 2_340_000)
    with org.uow() as uow:
        dossier = uow.session.exec(select(Dossier).where(col(Dossier.code) == code)).one()
    assert prize.payer_unit_id == dossier.decided_by_unit_id
    assert _ledger(org) == []


def test_a_collective_gets_the_collective_rate(org: App) -> None:
    code = draft(org, "GK_CDCT", unit="CS1")
    drive(org, code, [Trigger.submit, *HOP, Trigger.decide])
    (prize,) = _prizes(org)
    assert (prize.nominee_kind, prize.coefficient, prize.amount_vnd) == (
        "tap_the",
        "0.6",
        1_410_000,
    )


def test_an_award_without_a_rate_gets_no_prize_and_the_decision_still_stands(org: App) -> None:
    code = draft(org, "BK_TLD", unit="CS1")
    hops = [Trigger.submit, *HOP, Trigger.escalate, *HOP, Trigger.escalate, *HOP, Trigger.decide]
    drive(org, code, hops)
    assert _prizes(org) == [] and _ledger(org) == []
