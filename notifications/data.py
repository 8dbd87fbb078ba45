"""A template context as JSON and back, so a message can be stored as data and rendered later.

Contexts hold what JSON holds plus dates (deadlines, the day of a digest); a date becomes
``{"$date": "2025-11-10"}`` and comes back as a `date`. Anything else is refused when storing,
not discovered when the message is finally rendered.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from notifications.errors import RenderError

__all__ = ["context_from_data", "context_to_data"]

_DATE = "$date"


def _tag(value: Any) -> Any:
    """json.dumps' hook for what JSON lacks (the C encoder walks everything else)."""
    if isinstance(value, datetime):  # a datetime is a date too: refuse it explicitly
        raise RenderError(f"A stored context holds dates, not date-times: {value!r}")
    if isinstance(value, date):
        return {_DATE: value.isoformat()}
    raise RenderError(f"A stored context cannot hold {type(value).__name__}: {value!r}")


def _in(value: Any) -> Any:
    if isinstance(value, dict):
        if value.keys() == {_DATE}:
            return date.fromisoformat(value[_DATE])
        return {k: _in(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_in(v) for v in value]
    return value


def context_to_data(context: Mapping[str, Any]) -> dict[str, Any]:
    """The context as a JSON-ready dict (dates tagged)."""
    data: dict[str, Any] = json.loads(json.dumps(context, default=_tag, ensure_ascii=False))
    return data


def context_from_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """The context `context_to_data` stored, with its dates back."""
    context: dict[str, Any] = _in(dict(data))
    return context
