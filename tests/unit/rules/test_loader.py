"""The loader rejects broken policy packs with located messages and never crashes otherwise."""

from __future__ import annotations

import re
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rules import PolicySetError, load_policy_set
from rules.expression import ExpressionError, compile_expression

GOOD: dict[str, Any] = {
    "id": "thu-nghiem",
    "version": "1.0.0",
    "title": "Thử nghiệm",
    "effective_from": "2024-01-01",
    "applies_to": {"award_codes": ["LDTT"], "nominee_kinds": ["ca_nhan"]},
    "requirements": [
        {
            "id": "hoan-thanh-tot",
            "expression": "rating_at_least('hoan_thanh_tot')",
            "message": "Chưa hoàn thành tốt nhiệm vụ.",
            "legal_basis": "Luật TĐKT 2022 Điều 24",
            "status": "V",
        },
        {
            "id": "khong-ky-luat",
            "check": "TD03",
            "params": {"min_years_since_end": 0},
            "message": "Đang bị kỷ luật.",
            "legal_basis": "NĐ 152/2025",
            "status": "V",
        },
    ],
}


def write_pack(root: Path, files: dict[str, str | dict[str, Any]]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        text = content if isinstance(content, str) else yaml.safe_dump(content, allow_unicode=True)
        path.write_text(text, encoding="utf-8")
    return root


def problems_of(files: dict[str, str | dict[str, Any]]) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        root = write_pack(Path(tmp), files)
        try:
            load_policy_set(root)
        except PolicySetError as exc:
            assert exc.problems, "a PolicySetError must list its problems"
            for problem in exc.problems:
                assert problem.file.endswith(".yaml") or problem.file.endswith(Path(tmp).name)
            return [str(p) for p in exc.problems]
    return []


def test_a_good_policy_loads() -> None:
    assert problems_of({"a/policy.yaml": GOOD}) == []


def test_every_problem_is_listed_with_file_line_path_and_expected_form() -> None:
    bad = dict(GOOD, version="1.0", colour="red")
    bad["requirements"] = [
        dict(GOOD["requirements"][0], expression="x.__class__"),
        {k: v for k, v in GOOD["requirements"][1].items() if k != "legal_basis"}
        | {"check": "ZZ99"},
    ]
    found = "\n".join(problems_of({"a/policy.yaml": bad}))
    # yaml.safe_dump sorts keys: version is the last line of the file
    assert re.search(r"a/policy.yaml:22: version: sai định dạng\n +cần: semver", found)
    assert "colour: trường không được phép" in found and "một trong: id, version" in found
    assert "requirements[0].expression: dòng 1, cột 1: không cho phép truy cập thuộc tính" in found
    assert "requirements[1].check: check 'ZZ99' không tồn tại" in found and "TD01" in found
    assert "requirements[1].legal_basis: thiếu trường bắt buộc" in found


def test_bad_check_params_are_located() -> None:
    bad = dict(GOOD)
    bad["requirements"] = [dict(GOOD["requirements"][1], params={"min_years_since_end": "hai"})]
    (problem,) = problems_of({"a/policy.yaml": bad})
    assert "requirements[0].params.min_years_since_end: cần số nguyên" in problem


def test_overlapping_versions_are_rejected() -> None:
    old = dict(GOOD, effective_to="2025-06-30")
    new = dict(GOOD, version="2.0.0", effective_from="2025-06-30")
    (problem,) = problems_of({"a/policy.yaml": old, "a/policy.2.yaml": new})
    assert "hiệu lực chồng nhau" in problem and "thu-nghiem@1.0.0" in problem
    assert (
        problems_of(
            {"a/policy.yaml": old, "a/policy.2.yaml": dict(new, effective_from="2025-07-01")}
        )
        == []
    )


def test_bad_examples_are_reported() -> None:
    deny = {"expect_failed": ["khong-co"], "facts": {"nominee_kind": "ca_nhan", "round_year": 2025}}
    found = "\n".join(problems_of({"a/policy.yaml": GOOD, "a/deny/x.yaml": deny}))
    assert "facts.award_code: thiếu trường bắt buộc" in found


def test_a_failing_set_never_replaces_the_one_in_force() -> None:
    in_force = load_policy_set()
    with pytest.raises(PolicySetError):
        load_policy_set(Path("/nonexistent/policies"))
    assert in_force.version == load_policy_set().version


# --- fuzzing ---------------------------------------------------------------------------------

junk = st.one_of(
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.text(max_size=300))
def test_random_text_never_crashes_the_loader(text: str) -> None:
    problems_of({"a/policy.yaml": text})  # PolicySetError or (improbably) a valid file


@FUZZ
@given(st.binary(max_size=200))
def test_random_bytes_never_crash_the_loader(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "a").mkdir()
        (Path(tmp) / "a" / "policy.yaml").write_bytes(data)
        with pytest.raises(PolicySetError):
            load_policy_set(tmp)


@FUZZ
@given(st.text("abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12), junk)
def test_unknown_fields_are_rejected_with_their_line(name: str, value: Any) -> None:
    if name in GOOD or name in {
        "effective_to",
        "quota",
        "priority",
        "council",
        "appraisal_working_days",
    }:
        return
    found = problems_of({"a/policy.yaml": dict(GOOD, **{name: value})})
    assert any(f"{name}: trường không được phép" in p and "policy.yaml:" in p for p in found)


@FUZZ
@given(st.sampled_from(["version", "effective_from", "applies_to", "requirements", "id"]), junk)
def test_wrong_types_are_rejected_with_their_line(field: str, value: Any) -> None:
    found = problems_of({"a/policy.yaml": dict(GOOD, **{field: value})})
    assert found and all("policy.yaml:" in p for p in found)


@FUZZ
@given(st.text(max_size=60))
def test_random_expressions_either_compile_or_are_located(text: str) -> None:
    try:
        compile_expression(text)
        valid = True
    except ExpressionError:
        valid = False
    bad = dict(GOOD, requirements=[dict(GOOD["requirements"][0], expression=text)])
    found = problems_of({"a/policy.yaml": bad})
    if valid:
        assert found == []
    else:
        assert any("requirements[0].expression: dòng" in p for p in found)


@FUZZ
@given(st.dates(max_value=date(9000, 1, 1)), st.integers(0, 800), st.integers(-400, 400))
def test_overlapping_or_gapped_dates_are_always_caught(start: Any, length: int, gap: int) -> None:
    from datetime import timedelta

    end = start + timedelta(days=length)
    second = end + timedelta(days=gap)
    files: dict[str, str | dict[str, Any]] = {
        "a/policy.yaml": dict(GOOD, effective_from=str(start), effective_to=str(end)),
        "a/policy.2.yaml": dict(GOOD, version="1.1.0", effective_from=str(second)),
    }
    found = problems_of(files)
    overlapping = second <= end  # also when the second starts first: it has no end
    gapped = second > end + timedelta(days=1)
    assert bool(found) == (overlapping or gapped)


BROKEN_LINES = [
    "title: [no closing bracket",
    "title: 'unterminated",
    "  - : : :",
    "\tid: tab-indented",
    "version: {a: 1",
    "- stray item",
]


@FUZZ
@given(st.sampled_from(BROKEN_LINES), st.integers(0, 40))
def test_bad_yaml_is_rejected_with_a_line(bad: str, where: int) -> None:
    lines = yaml.safe_dump(GOOD, allow_unicode=True).splitlines()
    lines.insert(where % (len(lines) + 1), bad)
    found = problems_of({"a/policy.yaml": "\n".join(lines) + "\n"})
    # rejected (broken YAML, a duplicated key or a schema error), every problem with its line
    assert found and all(re.search(r"a/policy\.yaml:\d+: ", p) for p in found), found
