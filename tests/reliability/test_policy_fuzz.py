"""Hostile rule expressions and policy files: refused with their place, never crashing, and the
rules in force never replaced.

tests/unit/rules/test_loader.py fuzzes random text, bytes and field values; here hypothesis
builds expressions from the language's own grammar and beyond it (fields, helpers, every Python
operator, attribute access, lambdas, comprehensions, walrus, f-strings, huge numbers, deep
nesting), compiles them, evaluates what compiles against real facts, and plants them and mutated
documents in a copy of the real policy pack. TDKT_FUZZ_EXAMPLES sets the examples per property
(CI: 60 for expressions, a third of that for whole packs).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awards.bootstrap import load_pack_in_force
from awards.errors import ConfigError
from rules import DEFAULT_PACK, PolicySetError, load_policy_set
from rules.expression import FIELD_TYPES, HELPERS, ExpressionError, compile_expression
from rules.facts import RATING_RANK, SCOPE_RANK, NomineeFacts
from rules.helpers import Context
from rules.version_lock import fingerprints

pytestmark = [pytest.mark.slow]
EXAMPLES = int(os.environ.get("TDKT_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
PACK_FUZZ = settings(FUZZ, max_examples=max(10, EXAMPLES // 3))

NAMES = sorted(FIELD_TYPES) + sorted(HELPERS) + ["__import__", "open", "x", "năm_xét", "len"]
OPS = "and or == != < <= > >= in|not in|is|is not|+ - * / // % ** @ & | ^ << >>"
BINOPS = [op for group in OPS.split("|") for op in group.split()] + ["not in", "is not"]
LITERALS = ["1e309", "0x1F", "1_000", "0b101", "1j", "True", "False", "None", "...", "b'x'"]
literal = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(LITERALS),
    st.text(max_size=8).map(repr),
)
ARG_NAMES = ["code", "years", "end", "scope", "level", "part", "whole", "x"]


def _grow(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    args = st.lists(inner, max_size=3)
    kwargs = st.lists(st.tuples(st.sampled_from(ARG_NAMES), inner), max_size=2)
    return st.one_of(
        st.builds("{}{}".format, st.sampled_from(["not ", "-", "+", "~"]), inner),
        st.builds("({} {} {})".format, inner, st.sampled_from(BINOPS), inner),
        st.builds(lambda a: f"[{', '.join(a)}]", args),
        st.builds(lambda a: f"({', '.join(a)},)", args),
        st.builds(
            lambda f, a, kw: f"{f}({', '.join(a + [f'{k}={v}' for k, v in kw])})",
            st.sampled_from(NAMES),
            args,
            kwargs,
        ),
        st.builds("{}{}".format, inner, st.sampled_from([".__class__", "[0]", "()", ".real"])),
        st.builds("(lambda: {})()".format, inner),
        st.builds("{} if {} else {}".format, inner, inner, inner),
        st.builds("[x for x in {}]".format, inner),
        st.builds("(y := {})".format, inner),
        st.builds("f'{{{}}}'".format, inner),
        st.builds("(\n{}\n)".format, inner),  # a multi-line expression: errors keep their line
    )


hostile = st.recursive(st.one_of(st.sampled_from(NAMES), literal), _grow, max_leaves=25)


def _fields(kind: str, nullable: bool = False) -> list[str]:
    return sorted(n for n, t in FIELD_TYPES.items() if t.kind == kind and t.nullable >= nullable)


# Well-typed expressions (most compile), to exercise evaluation as much as refusal.
CODES = st.sampled_from(["CSTDCS", "LDTT", "BK_LDLD", "X", ""])
num_leaf = st.one_of(
    st.sampled_from(_fields("num")),
    st.integers(-(10**15), 10**15).map(str),
    st.floats(-1e6, 1e6, allow_nan=False).map(repr),
    st.builds("streak({!r}, end={})".format, CODES, st.integers(-3, 0)),
    st.builds("count({!r}, years={})".format, CODES, st.integers(0, 10)),
    st.builds("initiatives(scope={!r}, years={})".format, st.sampled_from(sorted(SCOPE_RANK)),
              st.integers(0, 5)),
    st.builds("value_sum(years={})".format, st.integers(0, 5)),
    st.sampled_from(["value_max()", "years_since_discipline()"]),
)  # fmt: skip
num = st.recursive(
    num_leaf,
    lambda n: st.one_of(
        st.builds("({} {} {})".format, n, st.sampled_from("+-*/"), n),
        st.builds("-{}".format, n),
        st.builds("ratio({}, {})".format, n, n),
    ),
    max_leaves=8,
)
bool_leaf = st.one_of(
    st.sampled_from(_fields("bool")),
    st.builds("rating_at_least({!r})".format, st.sampled_from(sorted(RATING_RANK))),
    st.builds("received({!r})".format, CODES),
    st.just("under_discipline()"),
    st.builds("({} {} {})".format, num, st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), num),
    st.builds("{} == {!r}".format, st.sampled_from(_fields("str")), st.text(max_size=5)),
    st.builds("{} in {!r}".format, st.sampled_from(_fields("str")),
              st.lists(st.text(max_size=4), max_size=3)),
    st.builds("{} is None".format, st.sampled_from(_fields("str", True) + _fields("num", True))),
)  # fmt: skip
typed = st.recursive(
    bool_leaf,
    lambda b: st.one_of(
        st.builds("not {}".format, b),
        st.builds("({} {} {})".format, b, st.sampled_from(["and", "or"]), b),
    ),
    max_leaves=8,
)
expressions = st.one_of(hostile, typed)

HISTORY = [
    {"year": 2023, "titles": ["CSTDCS"], "task_rating": "hoan_thanh_xuat_sac"},
    {"year": 2024, "titles": ["LDTT"], "awards": [{"code": "BK_LDLD"}]},
    {"year": 2025, "titles": ["CSTDCS"], "initiatives": [{"scope": "tinh", "value_vnd": 7}]},
]
FACTS = [
    NomineeFacts.model_validate({"nominee_kind": "ca_nhan", "round_year": 2025, "award_code": "X"}),
    NomineeFacts.model_validate(
        {
            "nominee_kind": "tap_the",
            "round_year": 2025,
            "award_code": "BK_TLD",
            "history": HISTORY,
            "birth_year": 1980,
            "members_total": 12,
            "members_ldtt": 9,
            "discipline": [{"level": "khien_trach", "start": "2023-01-01", "end": "2023-06-30"}],
        }
    ),  # fmt: skip
]


def _assert_located(err: ExpressionError, text: str) -> None:
    lines = text.splitlines() or [""]
    assert 1 <= err.line <= max(len(lines), 1), (err.line, text)
    assert err.column >= 1 and err.message
    assert err.located().startswith(f"dòng {err.line}, cột {err.column}: ")


@FUZZ
@given(expressions)
def test_grammar_fuzzed_expressions_compile_and_evaluate_or_are_located(text: str) -> None:
    try:
        compiled = compile_expression(text)
    except ExpressionError as err:  # anything else escaping is a crash
        _assert_located(err, text)
        return
    for facts in FACTS:
        ctx = Context(facts)
        assert compiled.fn(ctx) in (True, False)
        compiled.facts_used(ctx)


@pytest.mark.parametrize(
    "text",
    [
        "(" * 300 + "1 == 1" + ")" * 300,
        "not " * 400 + "True",
        "+".join(["1"] * 600) + " > 0",
        "round_year == " + "9" * 5000,
        "award_code == '" + "x" * 5000 + "'",
        "award_code in [" + ", ".join(["'a'"] * 2000) + "]",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]] == 1",
        "streak(" * 50 + "'X'" + ")" * 50 + " > 0",
        "round_year \x00== 1",
    ],
    ids=lambda t: f"{t[:12]!r}…{len(t)}",
)
def test_pathological_expressions_are_refused_with_their_place(text: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        compile_expression(text)
    _assert_located(caught.value, text)


# --- whole packs -----------------------------------------------------------------------------

IN_FORCE = load_policy_set()
IN_FORCE_PRINTS = fingerprints(IN_FORCE)
POLICY_DIRS = sorted(p.name for p in Path(DEFAULT_PACK).iterdir() if (p / "policy.yaml").is_file())


@contextmanager
def pack_copy() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "policies"
        shutil.copytree(DEFAULT_PACK, root)
        yield root


def _load_or_refuse(root: Path) -> bool:
    """Load a pack as the application does (TDKT_POLICIES_DIR): True if it would be put in force.
    A refusal locates every problem in a file of the pack, and the rules in force stay exactly
    as they were."""
    try:
        load_policy_set(root)
    except PolicySetError as err:
        assert err.problems
        for problem in err.problems:
            assert problem.file and problem.message, problem
            assert problem.line is None or problem.line >= 1
    try:
        load_pack_in_force(root)
        usable = True
    except ConfigError as err:
        assert str(root) in str(err)
        usable = False
    assert fingerprints(IN_FORCE) == IN_FORCE_PRINTS
    assert fingerprints(load_pack_in_force(DEFAULT_PACK)) == IN_FORCE_PRINTS  # untouched
    return usable


@PACK_FUZZ
@given(st.sampled_from(POLICY_DIRS), st.integers(0, 50), expressions)
def test_a_fuzzed_expression_in_a_real_policy_never_replaces_it(
    folder: str, which: int, text: str
) -> None:
    with pack_copy() as root:
        path = root / folder / "policy.yaml"
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        with_expr = [r for r in doc.get("requirements", []) if "expression" in r]
        if not with_expr:
            return
        target = with_expr[which % len(with_expr)]
        if target["expression"] == text:
            return
        target["expression"] = text
        path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
        # a changed policy under the same version is never usable: refused, or caught by the lock
        assert not _load_or_refuse(root)


def _mutate(doc: Any, path: list[Any], value: Any) -> Any:
    """Set (or, with value ..., delete) the node at the path's prefix that exists."""
    node = doc
    for key in path[:-1]:
        if isinstance(node, dict) and node:
            node = node[sorted(node, key=str)[hash(str(key)) % len(node)]]
        elif isinstance(node, list) and node:
            node = node[int(key) % len(node)] if isinstance(key, int) else node[0]
    if isinstance(node, dict) and node:
        key = sorted(node, key=str)[hash(str(path[-1])) % len(node)]
        node.pop(key) if value is ... else node.__setitem__(key, value)
    elif isinstance(node, list) and node:
        node.pop() if value is ... else node.append(value)
    return doc


junk = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
              st.text(max_size=20)),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=8,
)  # fmt: skip


@PACK_FUZZ
@given(
    st.sampled_from(POLICY_DIRS),
    st.lists(st.integers(0, 9), min_size=1, max_size=4),
    st.one_of(st.just(...), junk),  # ...: delete the node
)
def test_mutated_policy_documents_are_refused_with_their_place(
    folder: str, path: list[int], value: Any
) -> None:
    with pack_copy() as root:
        file = root / folder / "policy.yaml"
        original = yaml.safe_load(file.read_text(encoding="utf-8"))
        doc = _mutate(yaml.safe_load(file.read_text(encoding="utf-8")), path, value)
        if doc == original:
            return
        file.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
        assert not _load_or_refuse(root)


def test_a_yaml_alias_bomb_is_refused_quickly() -> None:
    bomb = ["a: &a ['x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x']"]
    bomb += [
        f"{chr(98 + k)}: &{chr(98 + k)} [{', '.join(['*' + chr(97 + k)] * 9)}]" for k in range(8)
    ]
    with pack_copy() as root:
        (root / "gk-cdct" / "policy.yaml").write_text("\n".join(bomb) + "\n", encoding="utf-8")
        started = time.monotonic()  # expanded, it would be 9**9 nodes: gigabytes, then a crash
        with pytest.raises(PolicySetError) as caught:
            load_policy_set(root)
        assert time.monotonic() - started < 10
        assert [(p.line, "alias" in p.message) for p in caught.value.problems] == [
            (1, True)
        ]  # where &a is
        assert _load_or_refuse(root) is False
