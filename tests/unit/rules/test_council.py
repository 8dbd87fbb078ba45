"""Council arithmetic: quorum and thresholds are exact at their boundaries, per denominator."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
import yaml

from rules import PolicySetError, load_policy_set
from rules.council import CouncilRule, Tally, council_rule, judge, quorum_met, yes_needed
from rules.policy import Council

PACK = load_policy_set()


def rule(**kw: object) -> CouncilRule:
    spec = {
        "quorum": "2/3",
        "ballot": "open",
        "threshold": "1/2",
        "comparison": "more_than",
        "denominator": "present",
        "status": "R",
        "legal_basis": "thử nghiệm",
        **kw,
    }
    return CouncilRule.of(Council.model_validate(spec), "thu-nghiem@1.0.0")


def test_quorum_is_two_thirds_rounded_up() -> None:
    r = rule()
    assert not quorum_met(r, 9, 5) and quorum_met(r, 9, 6)
    assert not quorum_met(r, 10, 6) and quorum_met(r, 10, 7)  # 2/3 of 10 = 6.67
    verdict = judge(r, Tally(9, 5, 0, 5, 0))
    assert not verdict.passed and not verdict.quorum_ok
    assert "có mặt 5/9, cần ít nhất 6" in verdict.reason


# (denominator, comparison, share, tally just meeting it, tally just missing it)
CASES = [
    ("total", "at_least", 0.9, Tally(10, 9, 1, 9, 1), Tally(10, 9, 1, 8, 2)),
    ("total", "at_least", "9/10", Tally(9, 8, 1, 9, 0), Tally(9, 9, 0, 8, 1)),
    ("present", "more_than", "1/2", Tally(9, 6, 0, 4, 2), Tally(9, 6, 0, 3, 3)),
    ("present", "at_least", "2/3", Tally(9, 7, 2, 6, 3), Tally(9, 7, 2, 5, 4)),
    ("cast", "more_than", "1/2", Tally(9, 8, 0, 3, 2), Tally(9, 8, 0, 3, 3)),
    ("cast", "at_least", "3/4", Tally(9, 9, 0, 6, 2), Tally(9, 9, 0, 5, 2)),
]


@pytest.mark.parametrize(("denominator", "comparison", "share", "met", "missed"), CASES)
def test_threshold_just_met_and_just_missed(
    denominator: str, comparison: str, share: object, met: Tally, missed: Tally
) -> None:
    r = rule(
        denominator=denominator,
        comparison=comparison,
        threshold=share,
        written_opinions_allowed=True,
    )
    assert judge(r, met).passed, judge(r, met).reason
    assert not judge(r, missed).passed
    assert "Không đạt tỷ lệ phiếu đồng ý" in judge(r, missed).reason


def test_written_opinions_count_in_the_present_denominator_only_when_allowed() -> None:
    tally = Tally(9, 6, 2, 4, 4)  # 6 present + 2 written opinions
    assert judge(rule(written_opinions_allowed=False), tally).denominator == 6
    assert judge(rule(written_opinions_allowed=True), tally).denominator == 8
    assert not judge(rule(written_opinions_allowed=True), tally).passed  # 4/8 is not > 1/2


def test_no_float_rounding_at_the_boundary() -> None:
    # 0.9 × 10 in floats is 9.000000000000002 on some paths; the rule keeps 9/10 exactly.
    assert rule(threshold=0.9, comparison="at_least").threshold == Fraction(9, 10)
    assert yes_needed(rule(threshold=0.9, comparison="at_least"), 10) == 9
    assert yes_needed(rule(threshold=0.15, comparison="at_least"), 20) == 3


def test_policy_rule_or_the_default() -> None:
    on = date(2025, 12, 1)
    strict = council_rule(PACK, "CSTD_TINH", "ca_nhan", on)
    assert (strict.ballot, strict.denominator, strict.threshold) == (
        "secret",
        "total",
        Fraction(9, 10),
    )
    assert strict.status == "V-old" and strict.source == "cstd-tinh@1.0.0"
    default = council_rule(PACK, "BK_LDLD", "ca_nhan", on)
    assert default.source == "council-default@1.0.0" and default.comparison == "more_than"
    assert CouncilRule.from_json(strict.to_json()) == strict


@pytest.mark.parametrize("bad", ["3/2", "0/5", "nine tenths", 1.5, True])
def test_a_bad_share_is_refused_with_its_location(tmp_path: Path, bad: object) -> None:
    (tmp_path / "a").mkdir()
    source = yaml.safe_load((Path(PACK.root) / "ldtt" / "policy.yaml").read_text("utf-8"))
    (tmp_path / "a" / "policy.yaml").write_text(yaml.safe_dump(source, allow_unicode=True))
    default = {
        "id": "council-default",
        "version": "1.0.0",
        "title": "Mặc định",
        "council": {
            "quorum": "2/3",
            "ballot": "open",
            "threshold": bad,
            "denominator": "present",
            "status": "R",
            "legal_basis": "thử",
        },
    }
    (tmp_path / "council.yaml").write_text(yaml.safe_dump(default, allow_unicode=True))
    with pytest.raises(PolicySetError) as err:
        load_policy_set(tmp_path)
    assert "council.yaml" in str(err.value) and "council.threshold" in str(err.value)
