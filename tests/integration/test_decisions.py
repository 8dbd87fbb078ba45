"""A level issues its numbered quyết định: one transaction with the awards, or nothing at all."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlmodel import col, func, select

from awards.bootstrap import App
from awards.errors import ConflictError, ValidationError
from awards.model import (
    AuditEvent,
    Decision,
    Dossier,
    FundEntry,
    IssuedNumber,
    OutboxMessage,
    PrizePayment,
)
from awards.services.decisions.issue import issue_decisions, preview_decisions
from awards.services.mail.stored import message_of
from tests.support.decisions import approved_at_level, decision_input
from tests.support.documents import docx_text
from tests.support.lifecycle import CHAIR, NOW, SECRETARY


def _counts(app: App) -> dict[str, int]:
    with app.uow(write=False) as uow:
        s = uow.session
        return {
            m.__name__: int(s.exec(select(func.count()).select_from(m)).one())
            for m in (AuditEvent, Decision, FundEntry, IssuedNumber, OutboxMessage, PrizePayment)
        } | {
            "awarded": int(
                s.exec(select(func.count()).where(col(Dossier.state) == "awarded")).one()
            )
        }


def test_a_preview_takes_no_number_and_leaves_the_date_blank(tdkt: App) -> None:
    approved_at_level(tdkt)
    before = _counts(tdkt)
    [draft] = preview_decisions(tdkt.uow, decision_input(on=None), NOW.date())
    assert draft.document_no is None and draft.code is None
    text = docx_text(draft.docx)
    # Unnumbered and undated until signed; never the date of a tờ trình.
    assert "(Kèm theo Quyết định số      /QĐ-LĐLĐ ngày      tháng      năm 2025" in text
    assert "01/QĐ" not in text
    assert _counts(tdkt) == before


def test_issuing_numbers_stores_and_awards_in_one_transaction(tdkt: App) -> None:
    codes = approved_at_level(tdkt)
    before = _counts(tdkt)
    [issued] = issue_decisions(tdkt.uow, decision_input(), CHAIR, NOW)
    assert issued.document_no == "01/QĐ-LĐLĐ" and issued.dossier_codes == codes
    text = docx_text(issued.docx)
    assert "Số: 01/QĐ-LĐLĐ" in text
    assert "ngày 20 tháng 12 năm 2025" in text
    assert "Kèm theo Quyết định số 01/QĐ-LĐLĐ ngày 20/12/2025" in text
    assert "Hoàng Thọ Trung" in text
    after = _counts(tdkt)
    assert after["awarded"] == before["awarded"] + 3
    assert after["Decision"] == 1 and after["IssuedNumber"] == before["IssuedNumber"] + 1
    assert after["PrizePayment"] == before["PrizePayment"] + 3
    assert after["FundEntry"] == before["FundEntry"] + 1  # one sổ quỹ line for the decision
    assert after["AuditEvent"] == before["AuditEvent"] + 3
    assert after["OutboxMessage"] > before["OutboxMessage"]
    with tdkt.uow(write=False) as uow:
        found = uow.session.exec(select(Dossier).where(col(Dossier.code).in_(codes))).all()
        assert {(d.decision_no, d.decision_date) for d in found} == {
            ("01/QĐ-LĐLĐ", date(2025, 12, 20))
        }
        stored = uow.decisions.by_code(issued.code or "")
        assert stored.docx == issued.docx and stored.signer_name == "Hoàng Thọ Trung"
        mails = [message_of(m).text for m in uow.session.exec(select(OutboxMessage))]
    assert any("01/QĐ-LĐLĐ" in body for body in mails)


def test_a_second_issue_finds_nothing_left_to_decide(tdkt: App) -> None:
    approved_at_level(tdkt)
    issue_decisions(tdkt.uow, decision_input(), CHAIR, NOW)
    with pytest.raises(ValidationError, match="Không có hồ sơ nào"):
        issue_decisions(tdkt.uow, decision_input(), CHAIR, NOW)


def test_only_the_chair_signs_and_a_refusal_writes_nothing(tdkt: App) -> None:
    approved_at_level(tdkt)
    before = _counts(tdkt)
    with pytest.raises(ValidationError, match="Chủ tịch Hội đồng"):
        issue_decisions(tdkt.uow, decision_input(), SECRETARY, NOW)
    assert _counts(tdkt) == before


def test_a_failure_after_the_moves_leaves_every_table_unchanged(tdkt: App) -> None:
    """The number 01 is already on a decision of this level (a register out of step): storing
    the new decision fails after the dossiers were moved, prizes and notices written."""
    approved_at_level(tdkt)
    with tdkt.uow() as uow:
        rnd = uow.rounds.by_code("TK-2025")
        uow.session.add(
            Decision(
                code="QĐ-CU-001",
                round_id=rnd.id or 0,
                level_unit_id=uow.org.require_id("THAN-UYEN"),
                award_code="GK_CDCT",
                number=1,
                document_no="01/QĐ-LĐLĐ",
                issued_on=date(2025, 3, 1),
                signer_name="Người ký cũ",
                signer_title="CHỦ TỊCH",
                docx=b"x",
                sha256="0" * 64,
                created_by="kiểm thử",
            )
        )
        uow.commit()
    before = _counts(tdkt)
    with pytest.raises(ConflictError, match="01/QĐ-LĐLĐ"):
        issue_decisions(tdkt.uow, decision_input(), CHAIR, NOW)
    assert _counts(tdkt) == before


def test_a_missing_signer_or_a_foreign_code_is_refused_before_anything(tdkt: App) -> None:
    approved_at_level(tdkt)
    with pytest.raises(ValidationError, match="người ký"):
        issue_decisions(tdkt.uow, decision_input(signer_name=" "), CHAIR, NOW)
    with pytest.raises(ValidationError, match="HS-2099-000001"):
        issue_decisions(tdkt.uow, decision_input(codes=["HS-2099-000001"]), CHAIR, NOW)


def test_two_issues_at_once_never_share_a_number(tdkt: App) -> None:
    codes = approved_at_level(tdkt)
    results: dict[int, object] = {}
    barrier = threading.Barrier(2)

    def issue(k: int, picked: list[str]) -> None:
        barrier.wait()
        try:
            results[k] = issue_decisions(tdkt.uow, decision_input(codes=picked), CHAIR, NOW)
        except Exception as err:  # reported below, never swallowed
            results[k] = err

    threads = [
        threading.Thread(target=issue, args=(0, codes[:2])),
        threading.Thread(target=issue, args=(1, codes[2:])),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    numbers = sorted(r[0].document_no for r in results.values())  # type: ignore[index,union-attr]
    assert numbers == ["01/QĐ-LĐLĐ", "02/QĐ-LĐLĐ"]
    with tdkt.uow(write=False) as uow:
        stored = uow.decisions.listed(None)
    assert sorted(d.document_no for d, _ in stored) == numbers
