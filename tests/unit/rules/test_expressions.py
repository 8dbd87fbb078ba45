"""Expressions: semantics of the helpers, and hostile input rejected with a located message."""

from __future__ import annotations

from typing import Any

import pytest

from rules.expression import ExpressionError, compile_expression
from rules.facts import NomineeFacts
from rules.helpers import Context


def facts(**kw: Any) -> NomineeFacts:
    base: dict[str, Any] = {"nominee_kind": "ca_nhan", "round_year": 2025, "award_code": "X"}
    return NomineeFacts.model_validate(base | kw)


def run(text: str, f: NomineeFacts) -> bool:
    return bool(compile_expression(text).fn(Context(f)))


HISTORY = [
    {"year": 2022, "titles": ["CSTDCS"], "task_rating": "hoan_thanh_xuat_sac"},
    {"year": 2023, "titles": ["CSTDCS"], "awards": [{"code": "BK_LDLD", "type": "dot_xuat"}]},
    {"year": 2024, "titles": ["CSTDCS"], "awards": [{"code": "BK_LDLD"}]},
    {"year": 2025, "titles": ["LDTT"], "initiatives": [{"scope": "tinh", "value_vnd": 7}]},
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("streak('CSTDCS') == 0", True),
        ("streak('CSTDCS', end=-1) == 3", True),
        ("count('CSTDCS', years=3) == 2", True),
        ("count('BK_LDLD', years=5) == 1", True),  # the đột xuất award never counts
        ("received('BK_LDLD')", True),
        ("count('hoan_thanh_tot', years=4) == 1", True),  # xuất sắc counts as "tốt or better"
        ("initiatives(scope='co_so') == 1 and initiatives(scope='toan_quoc') == 0", True),
        ("value_sum(years=2) == 7 and value_max() == 7", True),
        ("years_since_discipline() >= 1000 and not under_discipline()", True),
        ("birth_year > 1900", False),  # a missing value never satisfies an ordering
        ("birth_year is None and topic == None", True),
        ("award_code in ['X', 'Y'] and nominee_kind not in ('tap_the',)", True),
        ("ratio(members_ldtt, members_total) == 0 and 1 <= round_year - 2020 <= 5", True),
        ("members_ldtt / members_total > 0", False),  # division by zero is "không đạt"
        ("-score + 2 * 3 == 6", True),
    ],
)
def test_semantics(text: str, expected: bool) -> None:
    assert run(text, facts(history=HISTORY)) is expected


def test_discipline_resets_counting() -> None:
    f = facts(
        history=HISTORY,
        discipline=[{"level": "canh_cao", "start": "2022-01-01", "end": "2023-05-01"}],
    )
    assert run("streak('CSTDCS', end=-1) == 1 and years_since_discipline() == 2", f)


def test_facts_used_explains_the_result() -> None:
    expr = compile_expression("streak('CSTDCS', end=-1) >= 3 and is_direct_worker")
    used = expr.facts_used(Context(facts(history=HISTORY)))
    assert used == {"streak('CSTDCS', end=-1)": 3, "is_direct_worker": False}


HOSTILE = [
    "__import__('os').system('id')",
    "().__class__.__bases__[0].__subclasses__()",
    "round_year.__class__",
    "streak.__globals__",
    "(lambda: 1)()",
    "[x for x in 'abc']",
    "{x: 1 for x in 'a'}",
    "sum(x for x in [1])",
    "2 ** 10 ** 100",
    "10 ** 100 > 1",
    "99999999999999999999 > round_year",
    "'a' * 100000000 == 'b'",
    "(x := 1)",
    "open('/etc/passwd')",
    "eval('1')",
    "getattr(round_year, 'real')",
    "facts.round_year > 1",
    "history[0]",
    "f'{round_year}' == '1'",
    "round_year if True else 1",
    "(" * 500 + "1" + ")" * 500,
    "not " * 2000 + "True",
    "-" * 5000 + "1 > 0",
    " + ".join(["1"] * 600) + " > 0",
    "streak(code=round_year) > 1",
    "streak('X', bogus=1) > 1",
    "initiatives(scope='planet') > 0",
    "round_year",
    "is_direct_worker > True",
    "unit_code > 3",
    "\x00",
    "",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_expressions_are_rejected_with_a_location(text: str) -> None:
    with pytest.raises(ExpressionError) as info:
        compile_expression(text)
    located = info.value.located()
    assert located.startswith("dòng ") and "cột" in located and "^" in located
    assert "Được phép:" in located


def test_error_points_at_the_offending_column() -> None:
    with pytest.raises(ExpressionError) as info:
        compile_expression("round_year > 1 and x.y")
    assert info.value.column == 20
    assert "truy cập thuộc tính" in info.value.message
