"""Evaluations are pinned, explained and round-trip through JSON; checks are registered honestly."""

from __future__ import annotations

from datetime import date

from rules import Evaluation, evaluate, failed_requirements, load_policy_set
from rules.checks import CHECKS, CHECKS_BY_CODE
from rules.facts import NomineeFacts

PACK = load_policy_set()


def cstd_tinh(**kw: object) -> NomineeFacts:
    history = [
        {"year": y, "titles": ["LDTT", "CSTDCS"], "task_rating": "hoan_thanh_xuat_sac"}
        for y in (2024, 2025)
    ]
    base = {"nominee_kind": "ca_nhan", "round_year": 2025, "award_code": "CSTD_TINH"}
    return NomineeFacts.model_validate(base | {"dossier_code": "HS-1", "history": history} | kw)


def test_evaluation_is_pinned_explained_and_round_trips() -> None:
    result = evaluate(PACK, cstd_tinh())
    assert (result.policy_id, result.policy_version) == ("cstd-tinh", "1.0.0")
    assert result.policy_set_version == PACK.version
    assert not result.eligible
    assert result.failed == ["ba-lan-cstdcs", "sang-kien-cap-tinh"]
    first = result.requirements[0]
    assert first.check == "TD02" and first.params["min_years"] == 3
    assert first.facts_used == {"streak(CSTDCS)": 2} and first.status == "V"
    assert first.message.startswith("Chưa đạt 03 lần") and first.legal_basis
    second = result.requirements[1]
    assert second.expression and second.facts_used == {"initiatives(scope='tinh', years=3)": 0}
    assert Evaluation.model_validate_json(result.model_dump_json()) == result


def test_fast_path_agrees_with_the_full_evaluation() -> None:
    facts = cstd_tinh()
    assert failed_requirements(PACK, facts) == evaluate(PACK, facts).failed


def test_no_policy_in_force_is_ineligible_with_a_reason() -> None:
    result = evaluate(PACK, cstd_tinh(), on=date(2018, 12, 31))  # before the history starts
    assert (
        not result.eligible and result.policy_id is None and "Không có chính sách" in result.reason
    )
    assert failed_requirements(PACK, cstd_tinh(award_code="UNKNOWN")) is None


def test_every_check_is_registered_once_with_metadata() -> None:
    codes = [c.code for c in CHECKS]
    assert len(codes) == len(set(codes)) == len(CHECKS_BY_CODE)
    for check in CHECKS:
        assert "Passes" in check.doc and "Fails" in check.doc and "." in check.name
        for name, info in check.params.model_fields.items():
            assert info.description or info.annotation, name
