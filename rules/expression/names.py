"""What an expression may name: the scalar facts fields and the helper functions, with types."""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from rules import helpers
from rules.facts import RATING_RANK, SCOPE_RANK, NomineeFacts

Kind = Literal["num", "bool", "str", "list"]


@dataclass(frozen=True)
class Typ:
    """The static type of an expression node; nullable values compare as "không đạt"."""

    kind: Kind
    nullable: bool = False


@dataclass(frozen=True)
class Param:
    """One helper argument. Constant arguments are bound when the policy is loaded."""

    name: str
    kind: Kind
    default: Any = None
    const_only: bool = True
    choices: frozenset[str] | None = None


@dataclass(frozen=True)
class HelperSpec:
    """A helper callable from expressions: ``fn(*bound_args, ctx)`` or ``fn(*values)``."""

    name: str
    fn: Callable[..., Any]
    params: tuple[Param, ...]
    returns: Typ
    needs_ctx: bool = True

    def signature(self) -> str:
        args = ", ".join(
            p.name if p.default is None else f"{p.name}={p.default!r}" for p in self.params
        )
        return f"{self.name}({args})"


def _field_type(annotation: Any) -> Typ | None:
    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType) and type(None) in args:
        inner = [a for a in args if a is not type(None)]
        base = _field_type(inner[0]) if len(inner) == 1 else None
        return Typ(base.kind, nullable=True) if base else None
    if annotation is bool:
        return Typ("bool")
    if annotation in (int, float):
        return Typ("num")
    if annotation is str or origin is Literal:
        return Typ("str")
    return None  # lists are reachable only through helpers


FIELD_TYPES: dict[str, Typ] = {
    name: typ
    for name, info in NomineeFacts.model_fields.items()
    if (typ := _field_type(info.annotation)) is not None
}

_RATINGS = frozenset(RATING_RANK)
_SCOPES = frozenset(SCOPE_RANK)
_END = Param("end", "num", 0)

HELPERS: dict[str, HelperSpec] = {
    spec.name: spec
    for spec in (
        HelperSpec("streak", helpers.streak, (Param("code", "str"), _END), Typ("num")),
        HelperSpec(
            "count",
            helpers.count,
            (Param("code", "str"), Param("years", "num", 1), _END),
            Typ("num"),
        ),
        HelperSpec(
            "initiatives",
            helpers.initiatives,
            (Param("scope", "str", "co_so", choices=_SCOPES), Param("years", "num", 1), _END),
            Typ("num"),
        ),
        HelperSpec("value_sum", helpers.value_sum, (Param("years", "num", 1), _END), Typ("num")),
        HelperSpec("value_max", helpers.value_max, (Param("years", "num", 1), _END), Typ("num")),
        HelperSpec(
            "rating_at_least",
            helpers.rating_at_least,
            (Param("level", "str", choices=_RATINGS), _END),
            Typ("bool"),
        ),
        HelperSpec("under_discipline", helpers.under_discipline, (), Typ("bool")),
        HelperSpec("years_since_discipline", helpers.years_since_discipline, (), Typ("num")),
        HelperSpec("received", helpers.received, (Param("code", "str"),), Typ("bool")),
        HelperSpec(
            "ratio",
            helpers.ratio,
            (Param("part", "num", const_only=False), Param("whole", "num", const_only=False)),
            Typ("num"),
            needs_ctx=False,
        ),
    )
}


def allowed_summary() -> str:
    """One paragraph for error messages: what an expression may contain."""
    helpers_list = ", ".join(spec.signature() for spec in HELPERS.values())
    return (
        "Được phép: số, chuỗi '...', True/False, None (chỉ với is / is not / == / !=); "
        "and, or, not; so sánh == != < <= > >= in, not in [danh sách hằng]; + - * /; "
        f"tên trường của NomineeFacts (ví dụ round_year, is_direct_worker); hàm: {helpers_list}."
    )
