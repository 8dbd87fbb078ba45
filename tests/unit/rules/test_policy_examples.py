"""Data-driven: every allow/deny example of the default pack, one test each (Cedar/gator style).

Select one policy's cases with ``pytest -k cstd-tinh``.
"""

from __future__ import annotations

import pytest

from rules import load_policy_set
from rules.compiled import Example, PolicySet
from rules.examples import run_example

PACK: PolicySet = load_policy_set()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "example" in metafunc.fixturenames:
        metafunc.parametrize("example", PACK.examples, ids=[e.test_id for e in PACK.examples])


def test_example(example: Example) -> None:
    result = run_example(PACK, example)
    assert result.passed, str(result)


def test_every_policy_has_allow_and_deny_examples() -> None:
    for policy in PACK.policies:
        kinds = {e.kind for e in PACK.examples if e.family == policy.family}
        assert kinds == {"allow", "deny"}, policy.family


def test_the_pack_covers_the_required_award_codes() -> None:
    codes = {code for p in PACK.policies for code in p.spec.applies_to.award_codes}
    required = "LDTT CSTDCS CSTD_TINH CSTD_TQ TT_LDTT TT_LDXS BK_LDLD BK_TLD BK_CHUYEN_DE"
    assert set(f"{required} BANG_LDST KNC GT_NDC GK_CDCT".split()) <= codes
