"""Prize money computed when a decision is recorded, and the fund ledger line it writes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlmodel import col, select

from awards.bootstrap import App
from awards.errors import NotFoundError, ValidationError
from awards.model import Dossier, FundEntry, PrizePayment
from awards.services.lifecycle.audit_chain import chained_hash
from awards.services.lifecycle.plan import Actor
from awards.services.prizes.documents import prize_totals, write_fund_report, write_prize_list
from awards.services.prizes.fund import FundInput, fund_report, record_fund_entry, verify_fund_chain
from awards.services.prizes.record import FUND_HASHED
from awards.services.year.check import year_check
from states import Trigger
from tests.support.lifecycle import HOP, NOW, build_org, draft, drive


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
    # Each move is its own transaction here, so each decision's batch is one ledger line.
    assert [(e.kind, e.amount_vnd, e.seq, e.reference) for e in ledger] == [
        ("prize", -710_000, 1, "15/QĐ-LĐLĐ"),
        ("prize", -710_000, 2, "15/QĐ-LĐLĐ"),
    ]
    assert ledger[0].memo == "Chi tiền thưởng theo Quyết định số 15/QĐ-LĐLĐ (1 khen thưởng)"
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


def test_the_ledger_keeps_receipts_spending_and_balance_in_order(org: App) -> None:
    office = Actor("Tòng Văn Minh", "secretariat")
    add = partial(record_fund_entry, org.uow, actor=office, now=NOW)
    add(FundInput("THAN-UYEN", "receipt", date(2025, 1, 15), 50_000_000, "Trích ngân sách 2025"))
    code = draft(org, "GK_CDCT")
    drive(org, code, [Trigger.submit, *HOP, Trigger.decide])
    add(FundInput("THAN-UYEN", "other", date(2025, 12, 22), 1_200_000, "In giấy khen", "PC-12"))
    report = fund_report(org.uow, "THAN-UYEN", date(2025, 1, 1), date(2025, 12, 31))
    assert [(x.kind, x.amount_vnd, x.balance_vnd) for x in report.lines] == [
        ("Thu", 50_000_000, 50_000_000),
        ("Chi tiền thưởng", -710_000, 49_290_000),
        ("Chi khác", -1_200_000, 48_090_000),
    ]
    assert (report.opening_vnd, report.receipts_vnd, report.closing_vnd) == (
        0,
        50_000_000,
        48_090_000,
    )
    assert verify_fund_chain(org.uow, "THAN-UYEN", date(2025, 12, 31)) == []
    later = fund_report(org.uow, "THAN-UYEN", date(2025, 12, 21), date(2025, 12, 31))
    assert later.opening_vnd == 49_290_000 and len(later.lines) == 1


def test_an_edited_ledger_line_is_found(org: App) -> None:
    office = Actor("Tòng Văn Minh", "secretariat")
    inp = FundInput("THAN-UYEN", "receipt", date(2025, 1, 15), 5_000_000, "Đóng góp")
    record_fund_entry(org.uow, inp, office, NOW)
    with org.uow() as uow:
        entry = uow.session.exec(select(FundEntry)).one()
        entry.amount_vnd = 50_000_000
        uow.session.add(entry)
        uow.commit()
    assert verify_fund_chain(org.uow, "THAN-UYEN", date(2025, 12, 31)) == [
        "dòng 1 của sổ quỹ đã bị sửa sau khi ghi"
    ]


@pytest.mark.parametrize(
    ("inp", "message"),
    [
        (FundInput("THAN-UYEN", "receipt", date(2025, 1, 1), 0, "x"), "số nguyên dương"),
        (FundInput("THAN-UYEN", "prize", date(2025, 1, 1), 10, "x"), "tiền thưởng do quyết định"),
        (FundInput("THAN-UYEN", "other", date(2025, 1, 1), 10, "a\r\nBcc: x"), "xuống dòng"),
        (FundInput("THAN-UYEN", "other", date(2025, 1, 1), 10, "  "), "cần ghi nội dung"),
        (FundInput("UBND-LC", "receipt", date(2025, 1, 1), 10, "x"), "cơ quan nhà nước"),
    ],
)
def test_bad_ledger_input_is_refused_and_nothing_is_written(
    org: App, inp: FundInput, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        record_fund_entry(org.uow, inp, Actor("A", "secretariat"), NOW)
    assert _ledger(org) == []


def test_prize_list_and_fund_report_documents(org: App, tmp_path: Path) -> None:
    for person in ("DV1", "DV2"):
        drive(org, draft(org, "GK_CDCT", person=person), [Trigger.submit, *HOP, Trigger.decide])
    drive(org, draft(org, "GK_CDCT", unit="CS1"), [Trigger.submit, *HOP, Trigger.decide])
    docx, xlsx = write_prize_list(org.uow, "15/QĐ-LĐLĐ", tmp_path)
    text = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert "DANH SÁCH" in text and "Kèm theo Quyết định số 15/QĐ-LĐLĐ ngày 20/12/2025" in text
    assert "Tổng cộng: 3 khen thưởng, 2.830.000 đồng." in text
    cells = [c.text for t in Document(str(docx)).tables for row in t.rows for c in row.cells]
    # Vietnamese order by given name: Hằng before Sơn.
    assert cells.index("Nguyễn Thị Hằng") < cells.index("Lò Văn Sơn")
    assert "Công đoàn Trường Tiểu học Mường Kim" in cells and "1.410.000" in cells
    sheet = load_workbook(xlsx).active
    amounts = [r[5] for r in sheet.iter_rows(min_row=6, values_only=True) if isinstance(r[5], int)]
    assert sorted(amounts) == [710_000, 710_000, 1_410_000]
    assert (
        sheet.page_setup.orientation == "portrait" and sheet.sheet_properties.pageSetUpPr.fitToPage
    )
    paths = write_fund_report(org.uow, "THAN-UYEN", date(2025, 1, 1), date(2025, 12, 31), tmp_path)
    assert [p.suffix for p in paths] == [".docx", ".xlsx", ".png"]
    report_text = "\n".join(p.text for p in Document(str(paths[0])).paragraphs)
    assert "Quỹ thi đua, khen thưởng từ ngày 01/01/2025 đến ngày 31/12/2025" in report_text
    assert paths[2].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    totals = prize_totals(org.uow, year=2025)
    assert [(t.payer_code, t.awardees, t.total_vnd) for t in totals] == [
        ("THAN-UYEN", 3, 2_830_000)
    ]


def test_an_unknown_decision_says_what_to_check(org: App, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="Không có khoản tiền thưởng nào theo Quyết định số 9"):
        write_prize_list(org.uow, "9/QĐ-X", tmp_path)


def test_year_check_lists_what_does_not_reconcile(org: App) -> None:
    drive(org, draft(org, "GK_CDCT"), [Trigger.submit, *HOP, Trigger.decide])
    assert year_check(org.uow, "THAN-UYEN", 2025) == []
    tld = draft(org, "BK_TLD", unit="CS1")
    hops = [Trigger.submit, *HOP, Trigger.escalate, *HOP, Trigger.escalate, *HOP, Trigger.decide]
    drive(org, tld, hops)
    (finding,) = year_check(org.uow, "TLD", 2025)
    assert finding.where == tld and "danh sách chi tiền thưởng" in finding.problem
    with org.uow() as uow:
        entry = uow.session.exec(select(FundEntry)).one()
        uow.session.delete(entry)
        uow.commit()
    # The only ledger line deleted: the decision's prizes are no longer in the ledger.
    (finding,) = year_check(org.uow, "THAN-UYEN", 2025)
    assert (finding.where, finding.problem) == (
        "Quyết định số 15/QĐ-LĐLĐ",
        "tiền thưởng 710.000 đồng, sổ quỹ ghi chi 0 đồng",
    )
