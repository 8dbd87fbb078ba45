"""Cụm / khối thi đua on both backends: members, self-scores, assessment, ranking, proposals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlmodel import select

from awards.bootstrap import App
from awards.errors import NotFoundError, ValidationError
from awards.model import ClusterScore, Dossier
from awards.services.clusters.scoring import (
    ScoreInput,
    cluster_board,
    propose_leaders,
    record_scores,
    set_members,
)
from states import Trigger
from tests.integration.cluster_fixtures import KHOI, NOW, OFFICE, points, scored_khoi
from tests.integration.lifecycle_fixtures import HOP, drive

D = Decimal


def test_the_assessment_ranks_the_members_with_the_policy_tie_break(tdkt: App) -> None:
    scored_khoi(tdkt)
    record_scores(
        tdkt.uow,
        ScoreInput(KHOI, 2025, "NAM-NHUN", "self", points({"phat_trien_doan_vien": "40"})),
        OFFICE,
        NOW,
    )
    board = cluster_board(tdkt.uow, KHOI, 2025)
    got = [
        (x.unit_code, x.standing.total, x.standing.rank, x.award_code)
        for x in board.ranked
        if x.standing
    ]
    # Than Uyên and Nậm Nhùn both 126 and 35 for phát triển đoàn viên: fewer deductions wins
    assert got == [
        ("TAN-UYEN", D("127.00"), 1, "CO_TD_LDLD"),
        ("NAM-NHUN", D("126.00"), 2, "BK_LDLD"),
        ("THAN-UYEN", D("126.00"), 3, "BK_LDLD"),
    ]
    nam = next(x for x in board.lines if x.unit_code == "NAM-NHUN")
    assert nam.self_points == {"phat_trien_doan_vien": D("40")} and nam.self_total == D("80.00")
    assert board.compact.key == "khoi-ldld-huyen@1.0.0" and board.lead_code == "THAN-UYEN"


def test_scoring_again_replaces_and_bad_points_leave_nothing(tdkt: App) -> None:
    scored_khoi(tdkt)
    again = points({"cham_lo_doi_song": "30"})
    record_scores(tdkt.uow, ScoreInput(KHOI, 2025, "NAM-NHUN", "assessed", again), OFFICE, NOW)
    board = cluster_board(tdkt.uow, KHOI, 2025)
    assert [x.unit_code for x in board.ranked][:1] == ["NAM-NHUN"]  # 35×2 + 30 + 28 = 128
    # the earlier 28 stays in the trail, with who gave it
    trail = [(t.unit_name, t.item, t.points) for t in board.trail if t.unit_name.endswith("Nhùn")]
    assert trail[1:] == [
        (
            "Liên đoàn Lao động huyện Nậm Nhùn",
            "Chăm lo đời sống, bảo vệ quyền lợi người lao động",
            D(28),
        ),
        (
            "Liên đoàn Lao động huyện Nậm Nhùn",
            "Công tác thi đua, khen thưởng và nhân rộng điển hình",
            D(28),
        ),
        (
            "Liên đoàn Lao động huyện Nậm Nhùn",
            "Chăm lo đời sống, bảo vệ quyền lợi người lao động",
            D(30),
        ),
    ]
    assert len(board.trail) == 11 and board.trail[-1].source == "cụm, khối chấm"
    with tdkt.uow(write=False) as uow:
        before = len(list(uow.session.scalars(select(ClusterScore))))
    too_many = points({"cham_lo_doi_song": "20", "phat_trien_doan_vien": "41"})
    with pytest.raises(ValidationError, match=r"phải từ 0 đến 40, không phải 41"):
        record_scores(tdkt.uow, ScoreInput(KHOI, 2025, "TAN-UYEN", "self", too_many), OFFICE, NOW)
    with pytest.raises(ValidationError, match="không phải thành viên"):
        record_scores(tdkt.uow, ScoreInput(KHOI, 2025, "CS1", "self", again), OFFICE, NOW)
    with pytest.raises(NotFoundError, match="có hiệu lực năm 2022"):
        record_scores(tdkt.uow, ScoreInput(KHOI, 2022, "TAN-UYEN", "self", again), OFFICE, NOW)
    with tdkt.uow(write=False) as uow:
        assert len(list(uow.session.scalars(select(ClusterScore)))) == before
    with pytest.raises(ValidationError, match="Không bỏ được đơn vị trưởng khối"):
        set_members(tdkt.uow, KHOI, [], ["THAN-UYEN"], NOW.date())


def test_the_leaders_are_proposed_once_and_continue_through_the_lifecycle(tdkt: App) -> None:
    scored_khoi(tdkt)
    proposed = propose_leaders(tdkt.uow, KHOI, 2025, "TK-2025", OFFICE, NOW)
    assert [(p.unit_code, p.award_code, p.rank, p.new) for p in proposed] == [
        ("TAN-UYEN", "CO_TD_LDLD", 1, True),
        ("NAM-NHUN", "BK_LDLD", 2, True),
        ("THAN-UYEN", "BK_LDLD", 3, True),
    ]
    again = propose_leaders(tdkt.uow, KHOI, 2025, "TK-2025", OFFICE, NOW)
    assert [p.dossier_code for p in again] == [p.dossier_code for p in proposed]
    assert not any(p.new for p in again)
    with tdkt.uow(write=False) as uow:
        dossier = uow.session.scalars(
            select(Dossier).where(Dossier.code == proposed[0].dossier_code)
        ).one()
    assert dossier.nominee_kind == "tap_the" and dossier.state == "draft"
    assert "Xếp hạng 1/3 Khối thi đua LĐLĐ các huyện phía Tây năm 2025, tổng điểm 127" in (
        dossier.achievement_summary
    )
    outcomes = drive(
        tdkt,
        proposed[0].dossier_code,
        [Trigger.submit, *HOP, Trigger.decide],
    )
    assert outcomes[-1].dest == "awarded"


def test_proposing_before_every_member_is_assessed_says_who_is_missing(tdkt: App) -> None:
    scored_khoi(tdkt)
    set_members(tdkt.uow, KHOI, ["CS1"], [], NOW.date())
    with pytest.raises(ValidationError, match="chưa chấm điểm Công đoàn Trường Tiểu học Mường Kim"):
        propose_leaders(tdkt.uow, KHOI, 2025, "TK-2025", OFFICE, NOW)
    with tdkt.uow(write=False) as uow:
        assert list(uow.session.scalars(select(Dossier))) == []
