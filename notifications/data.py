"""A template context as JSON and back, so a message can be stored as data and rendered later.

Contexts hold what JSON holds plus dates (deadlines, the day of a digest); a date becomes
``{"$date": "2025-11-10"}`` and comes back as a `date`. Anything else is refused when storing,
not discovered when the message is finally rendered. A list of dicts sharing their keys (a
digest's items) is stored as one table, ``{"$rows": [keys…], "v": [[values…], …]}``: the keys
once instead of once per item, which halves a digest's JSON and the time to write it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from notifications.errors import RenderError

__all__ = ["context_from_data", "context_to_data", "context_to_json"]

_DATE = "$date"
_ROWS, _VALUES = "$rows", "v"


def _tag(value: Any) -> Any:
    """json.dumps' hook for what JSON lacks (the C encoder walks everything else)."""
    if isinstance(value, datetime):  # a datetime is a date too: refuse it explicitly
        raise RenderError(f"A stored context holds dates, not date-times: {value!r}")
    if isinstance(value, date):
        return {_DATE: value.isoformat()}
    raise RenderError(f"A stored context cannot hold {type(value).__name__}: {value!r}")


def _out(value: Any) -> Any:
    """`value` with its same-keyed lists of dicts as tables (the hook tags dates at dumping).

    A table's values are kept as they are (JSON holds them; only the outer list is a table).
    """
    if isinstance(value, dict):
        return {k: _out(v) for k, v in value.items()}
    if isinstance(value, list):
        if len(value) > 1 and all(type(v) is dict for v in value):
            keys = list(value[0])
            first = value[0].keys()
            if all(v.keys() == first for v in value):
                return {_ROWS: keys, _VALUES: [[v[k] for k in keys] for v in value]}
        return [_out(v) for v in value]
    return value


def _in(value: Any) -> Any:
    if isinstance(value, dict):
        if value.keys() == {_DATE}:
            return date.fromisoformat(value[_DATE])
        if value.keys() == {_ROWS, _VALUES}:
            keys = value[_ROWS]
            return [dict(zip(keys, map(_in, row), strict=True)) for row in value[_VALUES]]
        return {k: _in(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_in(v) for v in value]
    return value


def context_to_json(context: Mapping[str, Any]) -> str:
    """The context as compact JSON text (dates tagged, same-keyed lists of dicts as tables)."""
    return json.dumps(_out(dict(context)), default=_tag, ensure_ascii=False, separators=(",", ":"))


def context_to_data(context: Mapping[str, Any]) -> dict[str, Any]:
    """The context as the JSON-ready dict `context_to_json` writes."""
    data: dict[str, Any] = json.loads(context_to_json(context))
    return data


def context_from_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """The context `context_to_data` stored, with its dates back.

    Data that is not what `context_to_json` wrote (edited by hand, say) is a `RenderError`.
    """
    try:
        context: dict[str, Any] = _in(dict(data))
    except (TypeError, ValueError, AttributeError) as err:
        raise RenderError(f"Stored context is malformed: {err}") from err
    return context
