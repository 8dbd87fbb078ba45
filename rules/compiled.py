"""Loaded, validated and compiled policies: what the evaluator runs.

A PolicySet is only ever built by the loader from a set with no problems, so everything here may
assume valid input: expressions are compiled, check params are validated models.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from rules.checks import Check
from rules.checks.base import CheckParams
from rules.expression import CompiledExpression
from rules.facts import NomineeFacts
from rules.helpers import Context
from rules.policy import CouncilDefault, Policy, Requirement
from rules.prizes import PrizeSchedule


@dataclass(frozen=True)
class CompiledRequirement:
    """A requirement ready to run: ``passes(ctx)`` is the fast path, ``explain`` the full one."""

    spec: Requirement
    passes: Callable[[Context], bool]
    expression: CompiledExpression | None = None
    check: Check | None = None
    params: CheckParams | None = None

    def explain(self, ctx: Context) -> tuple[bool, dict[str, Any], str]:
        """(passed, facts used, detail) for the stored explanation."""
        if self.check is not None:
            result = self.check.evaluate(ctx, self.params)
            return result.passed, result.facts_used, result.detail
        assert self.expression is not None
        used = self.expression.facts_used(ctx)
        return bool(self.expression.fn(ctx)), used, ""

    @classmethod
    def of_expression(cls, spec: Requirement, expr: CompiledExpression) -> CompiledRequirement:
        return cls(spec, expr.fn, expression=expr)

    @classmethod
    def of_check(cls, spec: Requirement, check: Check, params: CheckParams) -> CompiledRequirement:
        run = check.evaluate
        return cls(spec, lambda ctx: run(ctx, params).passed, check=check, params=params)


@dataclass(frozen=True)
class Example:
    """An allow/deny example beside a policy: facts and, for deny, the requirement ids to fail."""

    family: str
    kind: Literal["allow", "deny"]
    name: str
    facts: NomineeFacts
    expect_failed: tuple[str, ...] = ()
    on: date | None = None

    @property
    def test_id(self) -> str:
        return f"{self.family}/{self.kind}/{self.name}"


@dataclass(frozen=True)
class CompiledPolicy:
    """One policy version, compiled, with where it came from and its content fingerprint."""

    spec: Policy
    requirements: tuple[CompiledRequirement, ...]
    family: str
    source: str
    fingerprint: str
    line: int | None = None  # line of effective_from, for overlap messages
    end_line: int | None = None  # line of effective_to (or of effective_from when it has none)
    body: str = ""  # fingerprint without effective_to: what versions.lock records

    @property
    def locked(self) -> str:
        """The content versions.lock records: everything but the closing date."""
        return self.body or self.fingerprint

    @property
    def key(self) -> str:
        return f"{self.spec.id}@{self.spec.version}"

    def applies(self, facts: NomineeFacts, on: date, level: str | None = None) -> bool:
        target = self.spec.applies_to
        return (
            facts.award_code in target.award_codes
            and facts.nominee_kind in target.nominee_kinds
            and (level is None or not target.levels or level in target.levels)
            and self.spec.in_force(on)
        )


@dataclass(frozen=True)
class CompiledCouncilDefault:
    """``council.yaml`` at the pack root: the council rule of awards whose policy states none."""

    spec: CouncilDefault
    source: str
    fingerprint: str

    @property
    def key(self) -> str:
        return f"{self.spec.id}@{self.spec.version}"


@dataclass(frozen=True)
class PolicySet:
    """Every policy version of a pack, indexed by award code, plus the examples."""

    policies: tuple[CompiledPolicy, ...]
    examples: tuple[Example, ...] = ()
    root: str = ""
    council_default: CompiledCouncilDefault | None = None
    prizes: PrizeSchedule | None = None
    _by_award: dict[str, tuple[CompiledPolicy, ...]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        index: dict[str, list[CompiledPolicy]] = {}
        for policy in self.policies:
            for code in policy.spec.applies_to.award_codes:
                index.setdefault(code, []).append(policy)
        self._by_award.update({code: tuple(found) for code, found in index.items()})

    @property
    def version(self) -> str:
        """Pinned identity of the whole set: a hash over every policy id, version and content."""
        keys = sorted(f"{p.key}:{p.fingerprint}" for p in self.policies)
        if self.council_default is not None:
            keys.append(f"{self.council_default.key}:{self.council_default.fingerprint}")
        return "sha256:" + hashlib.sha256("\n".join(keys).encode()).hexdigest()[:16]

    def select(
        self, facts: NomineeFacts, on: date, level: str | None = None
    ) -> CompiledPolicy | None:
        """The policy in force on ``on`` for this nominee's award, kind and (optional) level."""
        for policy in self._by_award.get(facts.award_code, ()):
            if policy.applies(facts, on, level):
                return policy
        return None

    def get(self, policy_id: str, version: str | None = None) -> CompiledPolicy | None:
        """A policy by id (the latest version if none is given)."""
        found = [p for p in self.policies if p.spec.id == policy_id]
        if version is not None:
            found = [p for p in found if p.spec.version == version]
        return max(found, key=lambda p: p.spec.effective_from, default=None)
