"""Routing, returns, holds, công khai and the audit trail, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import col, select

from awards.bootstrap import App
from awards.errors import DeadlineError, TransitionNotAllowed
from awards.model import AuditEvent, Dossier, DossierHop, Objection, OutboxMessage, Unit
from awards.repository.dossiers import audit_trail
from awards.services.lifecycle.audit_chain import event_hash
from awards.services.lifecycle.move import move, move_many
from awards.services.mail.stored import message_of
from states import DossierState, Trigger, replay
from tests.support.lifecycle import HOP, NOW, build_org, draft, drive, req


@pytest.fixture
def org(tdkt: App) -> App:
    build_org(tdkt)
    return tdkt


def _dossier(app: App, code: str) -> Dossier:
    with app.uow() as uow:
        found = uow.session.exec(select(Dossier).where(col(Dossier.code) == code)).one()
    return found


def _unit_code(app: App, unit_id: int) -> str:
    with app.uow() as uow:
        unit = uow.session.get(Unit, unit_id)
        assert unit is not None
        return unit.code


def _hops(app: App, code: str) -> list[tuple[str, str | None, bool, bool]]:
    """(level, outcome, received, is state body) of each hop, in route order."""
    d = _dossier(app, code)
    with app.uow() as uow:
        stmt = select(DossierHop).where(col(DossierHop.dossier_id) == d.id)
        hops = uow.session.exec(stmt.order_by(col(DossierHop.hop_no))).all()
    return [
        (_unit_code(app, h.unit_id), h.outcome, h.received_at is not None, h.is_state_body)
        for h in hops
    ]


def _trail_is_sound(app: App, code: str) -> list[AuditEvent]:
    d = _dossier(app, code)
    with app.uow() as uow:
        trail = audit_trail(uow.session, d.id or 0)
    assert replay([(e.trigger, e.from_state, e.to_state) for e in trail]) == d.state
    prev = ""
    for e in trail:
        assert e.prev_hash == prev and e.hash == event_hash(prev, e.model_dump())
        prev = e.hash
    assert d.audit_hash == prev and d.audit_seq == len(trail) == d.version - 1
    return trail


def test_giay_khen_decided_by_the_upper_level_union(org: App) -> None:
    code = draft(org, "GK_CDCT")
    drive(org, code, [Trigger.submit, *HOP, Trigger.decide])
    d = _dossier(org, code)
    assert d.state == DossierState.awarded and d.decision_no == "15/QĐ-LĐLĐ"
    assert _unit_code(org, d.decided_by_unit_id or 0) == "THAN-UYEN"
    assert len(_trail_is_sound(org, code)) == 7
    with org.uow() as uow:
        kinds = uow.session.exec(select(OutboxMessage.kind).order_by(col(OutboxMessage.id))).all()
    assert kinds == ["dossier_received", "dossier_decided"]


def test_bang_khen_ldld_escalates_one_hop(org: App) -> None:
    code = draft(org, "BK_LDLD")
    drive(org, code, [Trigger.submit, *HOP])
    with pytest.raises(TransitionNotAllowed, match="không có thẩm quyền"):
        move(org.uow, code, req(Trigger.decide))
    drive(org, code, [Trigger.escalate])
    d = _dossier(org, code)
    assert (d.state, d.hop_no, _unit_code(org, d.current_unit_id)) == ("submitted", 1, "LDLD-LC")
    drive(org, code, [*HOP, Trigger.decide])
    assert _unit_code(org, _dossier(org, code).decided_by_unit_id or 0) == "LDLD-LC"
    _trail_is_sound(org, code)


def test_bang_khen_ubnd_goes_to_a_state_body(org: App) -> None:
    code = draft(org, "BK_UBND")
    drive(org, code, [Trigger.submit, *HOP, Trigger.escalate, *HOP, Trigger.escalate])
    d = _dossier(org, code)
    assert d.state == DossierState.awaiting_decision
    assert _unit_code(org, d.current_unit_id) == "UBND-LC"
    assert _hops(org, code)[-1] == ("UBND-LC", None, False, True)
    drive(org, code, [Trigger.record_award])
    assert _dossier(org, code).state == DossierState.awarded
    assert [h[1] for h in _hops(org, code)] == ["escalated", "escalated", "awarded"]
    _trail_is_sound(org, code)


def test_bang_khen_tld_takes_three_hops(org: App) -> None:
    code = draft(org, "BK_TLD", unit="CS1")
    hops = [Trigger.submit, *HOP, Trigger.escalate, *HOP, Trigger.escalate, *HOP, Trigger.decide]
    drive(org, code, hops)
    d = _dossier(org, code)
    assert [_unit_code(org, u) for u in d.route] == ["THAN-UYEN", "LDLD-LC", "TLD"]
    assert d.state == DossierState.awarded and _unit_code(org, d.decided_by_unit_id or 0) == "TLD"
    assert len(_trail_is_sound(org, code)) == len(hops)
    assert _hops(org, code) == [
        ("THAN-UYEN", "escalated", True, False),
        ("LDLD-LC", "escalated", True, False),
        ("TLD", "awarded", True, False),
    ]


def test_returns_at_receipt_and_at_review(org: App) -> None:
    code = draft(org, "GK_CDCT")
    drive(
        org,
        code,
        [
            Trigger.submit,
            Trigger.return_for_changes,
            Trigger.resubmit,
            Trigger.receive,
            Trigger.start_appraisal,
            Trigger.return_for_changes,
        ],
    )
    d = _dossier(org, code)
    assert d.state == DossierState.returned and d.due_on == date(2025, 11, 28)
    trail = _trail_is_sound(org, code)
    assert [e.reason for e in trail if e.trigger == "return_for_changes"] == [
        "Thiếu biên bản họp Hội đồng thi đua cơ sở"
    ] * 2
    with org.uow() as uow:
        returned = uow.session.exec(
            select(OutboxMessage).where(col(OutboxMessage.kind) == "dossier_returned")
        ).all()
    assert len(returned) == 2 and "Thiếu biên bản" in message_of(returned[0]).text


def test_hold_and_resume_return_to_the_same_state(org: App) -> None:
    code = draft(org, "GK_CDCT")
    drive(org, code, [Trigger.submit, Trigger.receive])
    drive(org, code, [Trigger.hold], reason="Đang xem xét đơn khiếu nại")
    assert _dossier(org, code).held_from == "received"
    drive(org, code, [Trigger.resume], reason="Đã giải quyết khiếu nại")
    d = _dossier(org, code)
    assert (d.state, d.held_from) == ("received", None)


def test_withdrawal_is_final(org: App) -> None:
    code = draft(org, "GK_CDCT")
    drive(org, code, [Trigger.submit, Trigger.withdraw])
    with pytest.raises(TransitionNotAllowed, match='trạng thái "Đã rút"'):
        move(org.uow, code, req(Trigger.receive))


def test_public_notice_with_an_objection(org: App) -> None:
    code = draft(org, "GT_NDC")
    steps = [Trigger.submit, *HOP, Trigger.escalate, *HOP, Trigger.escalate, *HOP]
    drive(org, code, steps)
    with pytest.raises(TransitionNotAllowed, match="công khai"):
        move(org.uow, code, req(Trigger.decide))
    drive(org, code, [Trigger.open_public_notice], due_on=NOW.date() + timedelta(days=7))
    d = _dossier(org, code)
    with org.uow() as uow:
        uow.session.add(
            Objection(
                dossier_id=d.id or 0, author="Một đoàn viên", content="Thành tích kê khai chưa đúng"
            )
        )
        uow.commit()
    after = NOW + timedelta(days=8)
    with pytest.raises(TransitionNotAllowed):
        move(org.uow, code, req(Trigger.decide, now=after))
    with org.uow() as uow:
        for o in uow.session.exec(select(Objection)):
            o.resolved, o.resolution = True, "Đã xác minh, thành tích đúng"
            uow.session.add(o)
        uow.commit()
    with pytest.raises(TransitionNotAllowed):
        move(org.uow, code, req(Trigger.decide))  # the window has not ended yet
    move(org.uow, code, req(Trigger.decide, now=after))
    assert _dossier(org, code).state == DossierState.awarded


def test_refused_move_names_the_allowed_moves_and_changes_nothing(org: App) -> None:
    code = draft(org, "GK_CDCT")
    before = _dossier(org, code)
    with pytest.raises(TransitionNotAllowed) as err:
        move(org.uow, code, req(Trigger.approve))
    assert (
        str(err.value)
        == f'Không thể "thông qua" hồ sơ {code} ở trạng thái "Nháp"; được phép: nộp, rút'
    )
    assert _dossier(org, code) == before


def test_submission_after_the_deadline_is_refused(org: App) -> None:
    code = draft(org, "GK_CDCT")
    with pytest.raises(DeadlineError, match="20/11/2025"):
        move(org.uow, code, req(Trigger.submit, now=NOW.replace(month=12)))
    assert _dossier(org, code).state == DossierState.draft


def test_bulk_receive_reports_each_dossier(org: App) -> None:
    codes = [draft(org, "GK_CDCT", person=p) for p in ("DV1", "DV2", "DV3")]
    move_many(org.uow, req(Trigger.submit), codes=codes[:2])
    outcomes = move_many(org.uow, req(Trigger.receive), codes=codes)
    assert [o.ok for o in outcomes] == [True, True, False]
    assert "Nháp" in (outcomes[2].error or "")
    assert [_dossier(org, c).state for c in codes] == ["received", "received", "draft"]
    again = move_many(org.uow, req(Trigger.start_appraisal), codes=codes, all_or_nothing=True)
    assert not any(o.ok for o in again)
    assert [_dossier(org, c).state for c in codes] == ["received", "received", "draft"]


def test_nominee_kind_must_fit_the_award(org: App) -> None:
    from awards.errors import ValidationError

    with pytest.raises(ValidationError, match="chỉ xét cho cá nhân"):
        draft(org, "LDTT", unit="CS1")
