"""Errors of the rules package.

RulesError
├── PolicySetError      a policy set failed to load; lists every Problem (file, line, path)
└── ExpressionError     (rules.expression) one rejected expression, with line/column/caret
"""

from __future__ import annotations

from dataclasses import dataclass


class RulesError(Exception):
    """Base of the errors raised by the rules package."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a policy set, located for the person who has to fix it."""

    file: str
    line: int | None
    path: str
    message: str
    expected: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.path}:" if self.path else ""
        hint = f"\n    cần: {self.expected}" if self.expected else ""
        return f"{where}:{field} {self.message}{hint}"


class PolicySetError(RulesError):
    """A policy set that cannot be used; the set in force stays in force."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"- {p}" for p in problems)
        super().__init__(f"Bộ chính sách có {len(problems)} lỗi:\n{lines}")
