"""Rule-author expressions: a safe, non-Turing-complete subset of Python expression syntax.

Public API: ``compile_expression(text) -> CompiledExpression``, ``ExpressionError``,
``FIELD_TYPES`` (usable names) and ``HELPERS`` (usable functions).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rules.expression.compiler import Compiler, parse
from rules.expression.errors import ExpressionError
from rules.expression.names import FIELD_TYPES, HELPERS, allowed_summary
from rules.helpers import Context

__all__ = [
    "FIELD_TYPES",
    "HELPERS",
    "CompiledExpression",
    "ExpressionError",
    "allowed_summary",
    "compile_expression",
]


@dataclass(frozen=True)
class CompiledExpression:
    """A validated expression: ``fn(ctx) -> bool`` plus the leaves used to explain a result."""

    source: str
    fn: Callable[[Context], bool]
    leaves: tuple[tuple[str, Callable[[Context], Any]], ...]

    def facts_used(self, ctx: Context) -> dict[str, Any]:
        """The value of every field and helper call the expression reads, for the explanation."""
        return {label: fn(ctx) for label, fn in self.leaves}


def compile_expression(text: str) -> CompiledExpression:
    """Parse, validate and compile ``text``; raises ExpressionError with line/column otherwise."""
    tree = parse(text)
    compiler = Compiler(text)
    node = compiler.build(tree)
    if node.typ.kind != "bool":
        raise ExpressionError("biểu thức phải cho kết quả đúng/sai (True/False)", text, 1, 1)
    fn = node.as_fn()
    return CompiledExpression(text, fn, tuple(dict(compiler.leaves).items()))
