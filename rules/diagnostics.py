"""Turn pydantic validation errors into located, Vietnamese Problems with the expected form."""

from __future__ import annotations

import dataclasses
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from rules.errors import Problem
from rules.files import display, fingerprint, read_yaml
from rules.policy import IDENT, SEMVER
from rules.yaml_lines import Loc, line_of

_VI: dict[str, str] = {
    "missing": "thiếu trường bắt buộc",
    "extra_forbidden": "trường không được phép",
    "literal_error": "giá trị không nằm trong danh sách cho phép",
    "string_type": "cần một chuỗi",
    "string_too_short": "không được để trống",
    "string_pattern_mismatch": "sai định dạng",
    "int_type": "cần số nguyên",
    "int_parsing": "cần số nguyên",
    "int_from_float": "cần số nguyên",
    "float_type": "cần một số",
    "float_parsing": "cần một số",
    "bool_type": "cần true hoặc false",
    "bool_parsing": "cần true hoặc false",
    "date_type": "cần ngày dạng YYYY-MM-DD",
    "date_parsing": "cần ngày dạng YYYY-MM-DD",
    "date_from_datetime_parsing": "cần ngày dạng YYYY-MM-DD",
    "date_from_datetime_inexact": "cần ngày dạng YYYY-MM-DD",
    "tuple_type": "cần một danh sách",
    "list_type": "cần một danh sách",
    "too_short": "danh sách không được rỗng",
    "dict_type": "cần một mapping (khóa: giá trị)",
    "model_type": "cần một mapping (khóa: giá trị)",
    "model_attributes_type": "cần một mapping (khóa: giá trị)",
    "value_error": "giá trị không hợp lệ",
    "greater_than": "giá trị quá nhỏ",
    "greater_than_equal": "giá trị quá nhỏ",
    "less_than": "giá trị quá lớn",
    "less_than_equal": "giá trị quá lớn",
}
_PATTERNS = {SEMVER: "semver MAJOR.MINOR.PATCH, ví dụ 1.0.0", IDENT: "chữ thường/số nối bằng '-'"}


def dotted(loc: Loc) -> str:
    """('requirements', 0, 'params') -> 'requirements[0].params'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def problems_from(
    exc: ValidationError, model: type[BaseModel], file: str, lines: dict[Loc, int], prefix: Loc = ()
) -> list[Problem]:
    """One Problem per pydantic error, located by the YAML line of its path."""
    found = []
    for err in exc.errors():
        loc = (*prefix, *(p for p in err["loc"] if isinstance(p, str | int)))
        message = _VI.get(err["type"], "giá trị không hợp lệ")
        if err["type"] == "value_error":
            message = str(err["msg"]).removeprefix("Value error, ")
        found.append(
            Problem(file, line_of(lines, loc), dotted(loc), message, _expected(err, model, prefix))
        )
    return found


def _expected(err: Any, model: type[BaseModel], prefix: Loc) -> str:
    ctx, kind = err.get("ctx") or {}, err["type"]
    if kind == "extra_forbidden":
        parent = _model_at(model, tuple(err["loc"][:-1]))
        return "một trong: " + ", ".join(parent.model_fields) if parent else ""
    if kind == "literal_error":
        return str(ctx.get("expected", ""))
    if kind == "string_pattern_mismatch":
        return _PATTERNS.get(ctx.get("pattern", ""), f"khớp mẫu {ctx.get('pattern')}")
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return f"{kind.replace('_', ' ')} {next(iter(ctx.values()), '')}"
    if kind == "missing":
        return f"thêm trường '{err['loc'][-1]}'"
    return ""


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The pydantic model class found at ``loc`` inside ``model`` (None if not a model)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _unwrap(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType, tuple, list):
        for arg in args:
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                return arg
    return annotation


M = typing.TypeVar("M", bound=BaseModel)


@dataclasses.dataclass(frozen=True)
class ReadModel(typing.Generic[M]):
    """A policy data file read and validated: the model, its lines, display path, fingerprint."""

    spec: M
    lines: dict[Loc, int]
    file: str
    fingerprint: str


def read_model(path: Path, model: type[M], problems: list[Problem]) -> ReadModel[M] | None:
    """Read one YAML file into `model`, recording located problems; None if it cannot be used."""
    read = read_yaml(path, problems)
    if read is None:
        return None
    data, lines = read
    file = display(path)
    try:
        spec = model.model_validate(data)
    except ValidationError as exc:
        problems.extend(problems_from(exc, model, file, lines))
        return None
    return ReadModel(spec, lines, file, fingerprint(data))
