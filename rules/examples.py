"""Allow/deny example files beside each policy (Cedar ALLOW/DENY style), and running them.

An example file holds ``facts`` (a NomineeFacts), an optional ``description`` and ``on`` date, and
for deny examples ``expect_failed``: the requirement ids that must fail (exactly those).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from rules.compiled import CompiledPolicy, Example, PolicySet
from rules.diagnostics import problems_from
from rules.errors import Problem
from rules.evaluation import as_of, evaluate_policy
from rules.facts import NomineeFacts
from rules.files import display, read_yaml
from rules.policy import PolicyDate

if TYPE_CHECKING:
    from rules.yaml_lines import Loc


class ExampleFile(BaseModel):
    """The schema of allow/*.yaml and deny/*.yaml."""

    model_config = ConfigDict(extra="forbid")
    description: str = ""
    on: PolicyDate | None = Field(None, description="Ngày chọn phiên bản; mặc định 31/12 năm xét.")
    expect_failed: tuple[str, ...] = Field((), description="Chỉ cho deny: các yêu cầu phải trượt.")
    facts: NomineeFacts


def load_examples(
    root: Path, policies: list[CompiledPolicy], problems: list[Problem]
) -> list[Example]:
    """Every example of every family folder, validated against the facts schema."""
    ids_by_family: dict[str, set[str]] = {}
    for policy in policies:
        ids_by_family.setdefault(policy.family, set()).update(
            r.spec.id for r in policy.requirements
        )
    examples: list[Example] = []
    for family, ids in sorted(ids_by_family.items()):
        for kind in ("allow", "deny"):
            for path in sorted((root / family / kind).glob("*.y*ml")):
                read = read_yaml(path, problems)
                if read is not None:
                    found = _one(read, path, display(path), family, kind, ids, problems)
                    examples.extend([found] if found else [])
    return examples


def _one(
    read: tuple[Any, dict[Loc, int]],
    path: Path,
    file: str,
    family: str,
    kind: str,
    ids: set[str],
    problems: list[Problem],
) -> Example | None:
    data, lines = read
    try:
        parsed = ExampleFile.model_validate(data)
    except ValidationError as exc:
        problems.extend(problems_from(exc, ExampleFile, file, lines))
        return None
    unknown = sorted(set(parsed.expect_failed) - ids)
    if kind == "deny" and not parsed.expect_failed or kind == "allow" and parsed.expect_failed:
        need = (
            "deny cần expect_failed không rỗng"
            if kind == "deny"
            else "allow không có expect_failed"
        )
        problems.append(Problem(file, lines.get(()), "expect_failed", need))
        return None
    if unknown:
        line = lines.get(("expect_failed",))
        problems.append(
            Problem(file, line, "expect_failed", f"mã yêu cầu lạ: {unknown}", str(sorted(ids)))
        )
        return None
    return Example(
        family,
        "allow" if kind == "allow" else "deny",
        path.stem,
        parsed.facts,
        parsed.expect_failed,
        parsed.on,
    )


@dataclass(frozen=True)
class ExampleResult:
    """One example run: did the outcome match what the example expects?"""

    test_id: str
    passed: bool
    expected: str
    actual: str

    def __str__(self) -> str:
        mark = "✅ ĐẠT" if self.passed else "❌ SAI"
        more = "" if self.passed else f" (cần {self.expected}, thực tế {self.actual})"
        return f"{mark} {self.test_id}{more}"


def run_example(policy_set: PolicySet, example: Example) -> ExampleResult:
    """Select the policy in force for the example's facts and compare the outcome."""
    expected = "đạt" if example.kind == "allow" else f"trượt {sorted(example.expect_failed)}"
    day = as_of(example.facts, example.on)
    policy = policy_set.select(example.facts, day)
    if policy is None or policy.family != example.family:
        got = "không có chính sách" if policy is None else f"chọn nhầm {policy.key}"
        return ExampleResult(example.test_id, False, expected, got)
    result = evaluate_policy(policy, example.facts, day, policy_set.version)
    failed = sorted(result.failed)
    actual = "đạt" if result.eligible else f"trượt {failed}"
    ok = result.eligible if example.kind == "allow" else failed == sorted(example.expect_failed)
    return ExampleResult(example.test_id, ok, expected, actual)


def run_examples(policy_set: PolicySet) -> list[ExampleResult]:
    """Run every allow/deny example of the set (print each for ✅/❌ output)."""
    return [run_example(policy_set, example) for example in policy_set.examples]
