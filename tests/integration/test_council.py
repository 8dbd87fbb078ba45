"""Council sessions end to end on SQLite and PostgreSQL: agenda, quorum, thresholds, secret
ballots, delegation, batch approval under a quota, closing and the dossiers' moves."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import inspect, select, text

from awards.bootstrap import App
from awards.errors import ConflictError, ValidationError
from awards.model import (
    AuditEvent,
    CouncilBallot,
    CouncilEvent,
    CouncilVote,
    Dossier,
    OutboxMessage,
)
from awards.repository.council import dossier_states
from awards.services.council import (
    Decision,
    NewDelegation,
    approve_batch,
    close_session,
    delegate,
    open_session,
    record_attendance,
    revoke_delegation,
    session_view,
    vote,
)
from awards.services.mail.stored import message_of
from notifications.vn import vn_date
from tests.support.council import (
    HELD,
    NOW,
    SECRETARY,
    attend,
    council,
    eligible,
    more_people,
    nine_members,
    ready,
    session,
)
from tests.support.lifecycle import build_org


def states(app: App, codes: list[str]) -> dict[str, str]:
    with app.uow() as uow:
        return dossier_states(uow.session, codes)


def test_opening_puts_the_eligible_dossiers_on_the_agenda_by_group(tdkt: App) -> None:
    build_org(tdkt)
    council(tdkt)
    gk = eligible(tdkt, "GK_CDCT", ["DV1", "DV2"])
    ndc = eligible(tdkt, "GT_NDC", ["DV3"])
    code = session(tdkt)
    view = session_view(tdkt.uow, code)
    assert [g.award_code for g in view.groups] == ["GT_NDC", "GK_CDCT"] or [
        g.award_code for g in view.groups
    ] == ["GK_CDCT", "GT_NDC"]
    assert set(states(tdkt, gk + ndc).values()) == {"on_agenda"}
    by_code = {line.code: line for g in view.groups for line in g.lines}
    assert by_code[ndc[0]].quota == "1/1 (LDLD-LC)"  # GT_NDC: at most one per federation
    assert all(line.eligibility for line in by_code.values())
    rules = {g.award_code: g.rule for g in view.groups}
    assert rules["GK_CDCT"].startswith("Biểu quyết công khai; đạt khi số phiếu đồng ý trên 50%")
    with pytest.raises(ValidationError, match="Không có hồ sơ đủ điều kiện"):
        session(tdkt)  # nothing left to put on a second agenda


def test_quorum_not_met_changes_nothing(tdkt: App) -> None:
    members, codes, code = ready(tdkt, "GK_CDCT", ["DV1", "DV2"])
    attend(tdkt, code, members[:5])  # 5 of 9; 2/3 needs 6
    for m in members[:5]:
        vote(tdkt.uow, code, m, "yes", SECRETARY, NOW, award_code="GK_CDCT")
    with pytest.raises(ValidationError, match="có mặt 5/9, cần ít nhất 6"):
        close_session(tdkt.uow, code, SECRETARY, NOW)
    with pytest.raises(ValidationError, match="có mặt 5/9"):
        approve_batch(tdkt.uow, code, "GK_CDCT", SECRETARY, NOW)
    view = session_view(tdkt.uow, code)
    assert view.status == "open" and all(line.outcome is None for line in view.groups[0].lines)
    assert set(states(tdkt, codes).values()) == {"on_agenda"}
    attend(tdkt, code, members[5:6])  # the sixth arrives: now it can close
    closed = close_session(tdkt.uow, code, SECRETARY, NOW)
    assert {o.outcome for o in closed.outcomes} == {"approved"}


def test_simple_majority_of_those_present_just_met_and_just_missed(tdkt: App) -> None:
    members, codes, code = ready(tdkt, "GK_CDCT", ["DV1", "DV2"])
    attend(tdkt, code, members[:6])
    met, missed = codes
    for k, m in enumerate(members[:6]):
        vote(tdkt.uow, code, m, "yes" if k < 4 else "no", SECRETARY, NOW, dossier_codes=[met])
        vote(tdkt.uow, code, m, "yes" if k < 3 else "no", SECRETARY, NOW, dossier_codes=[missed])
    decision = Decision("25/QĐ-LĐLĐ", HELD, "Lò Văn Thắng")
    closed = close_session(tdkt.uow, code, SECRETARY, NOW, decision=decision)
    outcome = {o.code: o for o in closed.outcomes}
    assert outcome[met].outcome == "approved" and "4/6" in outcome[met].reason
    assert outcome[missed].outcome == "not_approved"
    assert (
        "3/6 phiếu đồng ý" in outcome[missed].reason and "cần ít nhất 4" in outcome[missed].reason
    )
    # GK_CDCT is decided at this level: the approved one is awarded with the decision given.
    assert states(tdkt, codes) == {met: "awarded", missed: "not_approved"}
    with tdkt.uow() as uow:
        reasons = uow.session.execute(
            select(AuditEvent.trigger, AuditEvent.reason)
            .join(
                Dossier,
                Dossier.id == AuditEvent.dossier_id,  # type: ignore[arg-type]
            )
            .where(Dossier.code == missed)  # type: ignore[arg-type]
        ).all()
    assert ("reject", outcome[missed].reason) in [tuple(r) for r in reasons]
    # The nominating unit is told, with the council's reason.
    with tdkt.uow() as uow:
        mail = [
            (m.subject, message_of(m).text)
            for m in uow.session.scalars(
                select(OutboxMessage).where(
                    OutboxMessage.kind == "dossier_not_awarded"  # type: ignore[arg-type]
                )
            )
        ]
    assert [subject for subject, _ in mail] == [
        f"[TĐKT] Hồ sơ {missed} không được Hội đồng Thi đua – Khen thưởng thông qua"
    ]
    assert outcome[missed].reason in mail[0][1]


def test_a_secret_ballot_stores_who_took_part_and_the_tally_only(tdkt: App) -> None:
    members, codes, code = ready(tdkt, "CSTD_TINH", ["DV1", "DV2"])
    attend(tdkt, code, members[:8])
    record_attendance(tdkt.uow, code, members[8], "absent", SECRETARY, NOW, written_opinion=True)
    passes, fails = codes
    for k, m in enumerate(members):
        vote(tdkt.uow, code, m, "yes", SECRETARY, NOW, dossier_codes=[passes])
        vote(tdkt.uow, code, m, "no" if k == 4 else "yes", SECRETARY, NOW, dossier_codes=[fails])
    with tdkt.uow() as uow:
        s = uow.session
        assert s.execute(select(CouncilVote)).all() == []
        ballots = s.execute(select(CouncilBallot.member_id, CouncilBallot.via)).all()
        assert len(ballots) == 18 and ("written" in {v for _, v in ballots})
        events = [e.detail for e in s.execute(select(CouncilEvent)).scalars()]
        audit = [e.data for e in s.execute(select(AuditEvent)).scalars()]
    columns = {c["name"] for c in inspect(tdkt.engine).get_columns("council_ballot")}
    assert columns == {"id", "item_id", "member_id", "via"}  # no choice, no time
    assert not any("no" in str(d.values()).split("'") for d in events + audit)
    closed = close_session(tdkt.uow, code, SECRETARY, NOW)
    outcome = {o.code: o for o in closed.outcomes}
    # 90% of the total membership of 9 needs 9: the written opinion makes the ninth vote.
    assert (outcome[passes].yes, outcome[passes].outcome) == (9, "approved")
    assert (outcome[fails].yes, outcome[fails].no, outcome[fails].outcome) == (8, 1, "not_approved")
    assert "8/9 phiếu đồng ý (tổng số thành viên Hội đồng), cần ít nhất 9" in outcome[fails].reason
    # CSTD_TINH goes on to the province: approved stays approved for escalation.
    assert states(tdkt, codes) == {passes: "approved", fails: "not_approved"}


def test_written_opinions_only_where_the_rule_counts_them(tdkt: App) -> None:
    members, codes, code = ready(tdkt, "GK_CDCT", ["DV1"])
    record_attendance(tdkt.uow, code, members[8], "absent", SECRETARY, NOW, written_opinion=True)
    with pytest.raises(ValidationError, match="không tính ý kiến bằng văn bản"):
        vote(tdkt.uow, code, members[8], "yes", SECRETARY, NOW, dossier_codes=codes)
    with pytest.raises(ValidationError, match="chưa được điểm danh"):
        vote(tdkt.uow, code, members[7], "yes", SECRETARY, NOW, dossier_codes=codes)


def test_delegation_within_and_outside_its_dates(tdkt: App) -> None:
    members, codes, code = ready(tdkt, "GK_CDCT", ["DV1"])
    away = members[4]
    early = delegate(
        tdkt.uow,
        NewDelegation(away, "Lò Thị Xuân", date(2025, 12, 1), date(2025, 12, 5), "Đi công tác"),
        SECRETARY,
        NOW,
    )
    with pytest.raises(ValidationError, match=r"Lò Thị Xuân từ 01/12/2025 đến 05/12/2025"):
        record_attendance(tdkt.uow, code, away, "substitute", SECRETARY, NOW)
    with pytest.raises(ValidationError, match="đã ủy quyền cho Lò Thị Xuân"):
        delegate(
            tdkt.uow,
            NewDelegation(away, "Khác", date(2025, 12, 4), date(2025, 12, 11), "Ốm"),
            SECRETARY,
            NOW,
        )
    revoke_delegation(tdkt.uow, early, SECRETARY, NOW)
    delegate(
        tdkt.uow,
        NewDelegation(away, "Lò Thị Xuân", date(2025, 12, 8), date(2025, 12, 10), "Đi học"),
        SECRETARY,
        NOW,
    )
    record_attendance(tdkt.uow, code, away, "substitute", SECRETARY, NOW)
    vote(tdkt.uow, code, away, "yes", SECRETARY, NOW, dossier_codes=codes)
    with tdkt.uow() as uow:
        cast = uow.session.execute(select(CouncilVote.cast_by, CouncilVote.via)).one()
        kinds = [e.kind for e in uow.session.execute(select(CouncilEvent)).scalars()]
    assert tuple(cast) == ("Lò Thị Xuân", "substitute")
    assert kinds.count("delegated") == 2 and "delegation_revoked" in kinds


def test_batch_approval_against_a_binding_quota(tdkt: App) -> None:
    build_org(tdkt)
    members = council(tdkt)
    people = more_people(tdkt, 2)  # DV4, DV5 (a direct worker)
    codes = eligible(tdkt, "GT_NDC", ["DV1", *people])
    code = session(tdkt)
    line = session_view(tdkt.uow, code).groups[0].lines[0]
    assert line.quota == "3/1 (LDLD-LC)"
    attend(tdkt, code, members[:7])
    for m in members[:7]:
        vote(tdkt.uow, code, m, "yes", SECRETARY, NOW, award_code="GT_NDC")
    outcomes = {o.code: o for o in approve_batch(tdkt.uow, code, "GT_NDC", SECRETARY, NOW)}
    direct_worker = codes[2]  # DV5 comes first in the priority order
    assert outcomes[direct_worker].outcome == "approved"
    refused = [c for c in codes if c != direct_worker]
    for c in refused:
        assert outcomes[c].outcome == "not_approved"
        assert "Vượt chỉ tiêu" in outcomes[c].reason and "tối đa 1" in outcomes[c].reason
        assert "người lao động trực tiếp trước" in outcomes[c].reason
    with pytest.raises(ValidationError, match="không còn hồ sơ GT_NDC"):
        approve_batch(tdkt.uow, code, "GT_NDC", SECRETARY, NOW)
    with pytest.raises(ConflictError, match="đã có kết quả"):
        vote(tdkt.uow, code, members[0], "no", SECRETARY, NOW, dossier_codes=codes[:1])
    close_session(tdkt.uow, code, SECRETARY, NOW)
    assert states(tdkt, codes) == {
        direct_worker: "approved",
        **dict.fromkeys(refused, "not_approved"),
    }
    # A later session of the same round finds the federation's one slot already used.
    late = eligible(tdkt, "GT_NDC", more_people(tdkt, 1, first=6))
    second = session(tdkt)
    attend(tdkt, second, members[:7])
    for m in members[:7]:
        vote(tdkt.uow, second, m, "yes", SECRETARY, NOW, award_code="GT_NDC")
    (again,) = approve_batch(tdkt.uow, second, "GT_NDC", SECRETARY, NOW)
    assert (again.code, again.outcome) == (late[0], "not_approved")
    assert "Vượt chỉ tiêu" in again.reason and "tối đa 1" in again.reason


def test_a_member_cannot_vote_twice_and_a_closed_session_takes_nothing(tdkt: App) -> None:
    members, codes, code = ready(tdkt, "GK_CDCT", ["DV1"])
    attend(tdkt, code, members[:6])
    vote(tdkt.uow, code, members[0], "yes", SECRETARY, NOW, dossier_codes=codes)
    with pytest.raises(ConflictError, match="đã biểu quyết hồ sơ"):
        vote(tdkt.uow, code, members[0], "no", SECRETARY, NOW, dossier_codes=codes)
    close_session(tdkt.uow, code, SECRETARY, NOW)
    with pytest.raises(ConflictError, match="đã kết thúc"):
        vote(tdkt.uow, code, members[1], "yes", SECRETARY, NOW, dossier_codes=codes)
    with pytest.raises(ConflictError, match="đã kết thúc"):
        close_session(tdkt.uow, code, SECRETARY, NOW)
    with tdkt.uow() as uow:
        n = uow.session.execute(text("SELECT yes_count FROM council_agenda_item")).scalar_one()
    assert n == 1


def test_opening_a_session_invites_the_members_with_a_mailbox(tdkt: App) -> None:
    build_org(tdkt)
    council(tdkt, nine_members(mailboxes=3))
    codes = eligible(tdkt, "GK_CDCT", ["DV1", "DV2"])
    opened = open_session(
        tdkt.uow,
        unit_code="THAN-UYEN",
        round_code="TK-2025",
        held_on=HELD,
        actor=SECRETARY,
        now=NOW,
        location="Hội trường LĐLĐ huyện Than Uyên",
        start_time="14 giờ 00",
    )
    assert opened.invited == 3
    with tdkt.uow() as uow:
        mail = [
            (m.recipient, message_of(m).text)
            for m in uow.session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.kind == "session_invitation")  # type: ignore[arg-type]
                .order_by(OutboxMessage.recipient)  # type: ignore[arg-type]
            )
        ]
    assert [r for r, _ in mail] == ["hd1@tdkt.example", "hd2@tdkt.example", "hd3@tdkt.example"]
    body = mail[0][1]
    assert f"Thời gian: 14 giờ 00, {vn_date(HELD)}." in body
    assert "Hồ sơ đưa ra bình xét (2):" in body and all(c in body for c in codes)
    assert "Hội trường LĐLĐ huyện Than Uyên" in body
