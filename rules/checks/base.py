"""What every check module provides, and the result it returns.

A check module (one per file, sqlfluff style) defines ``CODE`` ("TD01"), ``NAME`` (dotted
snake case, "eligibility.task_rating"), a pydantic ``Params`` model and
``evaluate(ctx, params) -> CheckResult``. ``ctx.facts`` is the NomineeFacts; the context also
carries the history indexes shared with expressions (rules.helpers), built once per nominee.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from pydantic import BaseModel, ConfigDict

from rules.helpers import Context

_CODE = re.compile(r"^TD\d{2}$")
_NAME = re.compile(r"^[a-z]+(_[a-z]+)*(\.[a-z]+(_[a-z]+)*)+$")


class CheckParams(BaseModel):
    """Base of every Params schema: unknown parameters are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True, slots=True)
class CheckResult:
    """Outcome of one check: pass/fail, the facts it read, and a short Vietnamese detail."""

    passed: bool
    facts_used: dict[str, Any]
    detail: str = ""


@dataclass(frozen=True)
class Check:
    """A registered check: its metadata, parameter schema and evaluate function."""

    code: str
    name: str
    params: type[CheckParams]
    evaluate: Callable[[Context, Any], CheckResult]
    doc: str

    @classmethod
    def from_module(cls, module: ModuleType) -> Check:
        """Read a check module's metadata, refusing malformed codes, names or docstrings."""
        code, name, doc = module.CODE, module.NAME, module.__doc__ or ""
        if not _CODE.match(code) or not _NAME.match(name):
            raise ValueError(f"{module.__name__}: CODE phải dạng TD01, NAME dạng 'eligibility.x'")
        if "Passes" not in doc or "Fails" not in doc:
            raise ValueError(f"{module.__name__}: docstring cần mục 'Passes' và 'Fails'")
        return cls(code, name, module.Params, module.evaluate, doc)
