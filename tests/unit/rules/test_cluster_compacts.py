"""The giao ước thi đua files of the pack: totals, tie-breaks, shared ranks, located problems."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from rules.clusters import load_compact, load_compacts, number
from rules.errors import Problem
from rules.loader import DEFAULT_PACK

D = Decimal


def test_shipped_compacts_load_and_their_examples_hold() -> None:
    problems: list[Problem] = []
    compacts = load_compacts(DEFAULT_PACK / "clusters", problems)
    assert problems == []
    assert {c.spec.id for c in compacts} == {
        "cum-7-tinh-bien-gioi",
        "khoi-ldld-huyen",
        "khoi-mttq-ctxh-tinh",
    }
    for c in compacts:
        assert c.spec.legal_basis and c.spec.status in ("V", "V-old", "C", "R")


def test_weights_deductions_and_tie_breaks() -> None:
    problems: list[Problem] = []
    cum = load_compact(DEFAULT_PACK / "clusters" / "cum-7-tinh-bien-gioi.yaml", problems)
    assert cum is not None and problems == []
    full = {"to_chuc_phong_trao": D(20), "phat_trien_doan_vien": D(30), "cham_lo_doi_song": D(30)}
    assert cum.total(full) == D("95.00")  # 20 + 30 × 1,5 + 30
    assert cum.total({**full, "vi_pham": D(3)}) == D("92.00")
    ranked = cum.rank(
        {"A": full, "B": {**full, "phat_trien_doan_vien": D(28), "to_chuc_phong_trao": D(20)}},
        {},
    )
    assert [(s.unit, s.total, s.rank) for s in ranked] == [("A", D("95"), 1), ("B", D("92"), 2)]
    # equal on everything the policy looks at, the self-score decides
    same = {"A": full, "B": full}
    ranked = cum.rank(
        same, {"A": {"to_chuc_phong_trao": D(10)}, "B": {"to_chuc_phong_trao": D(12)}}
    )
    assert [(s.unit, s.rank) for s in ranked] == [("B", 1), ("A", 2)]
    assert [s.rank for s in cum.rank(same, {})] == [1, 1]
    assert cum.award_for(1) == "BK_TLD" and cum.award_for(3) is None
    assert "từ 0 đến 30" in (cum.check_points("phat_trien_doan_vien", D(31)) or "")
    assert "không có tiêu chí" in (cum.check_points("khong_co", D(1)) or "")
    assert "hai chữ số thập phân" in (cum.check_points("vi_pham", D("1.255")) or "")
    assert "không phải NaN" in (cum.check_points("vi_pham", D("NaN")) or "")
    assert cum.check_points("vi_pham", D("2.50")) is None
    assert cum.tie_break_labels() == [
        "điểm «Phát triển đoàn viên, thành lập công đoàn cơ sở» cao hơn",
        "ít điểm trừ hơn",
        "điểm tự chấm cao hơn",
    ]
    assert number(D("1234.50")) == "1.234,5" and number(D("-2")) == "-2"


def test_a_wrong_expectation_is_a_located_problem(tmp_path: Path) -> None:
    text = (DEFAULT_PACK / "clusters" / "khoi-ldld-huyen.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "khoi.yaml"
    broken.write_text(text.replace("total: 129, rank: 1", "total: 130, rank: 1"), "utf-8")
    problems: list[Problem] = []
    load_compact(broken, problems)
    assert len(problems) == 1
    assert "HUYEN-B tính được tổng 129, hạng 1" in problems[0].message
    assert problems[0].line is not None and problems[0].expected == "tổng 130, hạng 1"


def test_an_unknown_tie_break_is_refused(tmp_path: Path) -> None:
    text = (DEFAULT_PACK / "clusters" / "khoi-ldld-huyen.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "khoi.yaml"
    broken.write_text(text.replace("fewer_deductions]", "bốc_thăm]"), "utf-8")
    problems: list[Problem] = []
    assert load_compact(broken, problems) is None
    assert any("tie_breaks" in p.message for p in problems)
