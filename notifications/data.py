"""A template context as JSON and back, so a message can be stored as data and rendered later.

Contexts hold what JSON holds plus dates (deadlines, the day of a digest); a date becomes
``{"$date": "2025-11-10"}`` and comes back as a `date`. Anything else is refused when storing,
not discovered when the message is finally rendered. A list of dicts sharing their keys (a
digest's items) is stored as one table, ``{"$rows": [keys…], "v": [[values…], …]}``, the keys
once instead of once per item, a column of dates as ISO strings named in ``"$dates"``: about
half the JSON of a digest (10,000 lines: 2.5 MB as dicts, 1.3 MB as tables).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from notifications.errors import RenderError

__all__ = ["context_from_data", "context_to_data", "context_to_json"]

_DATE = "$date"
_ROWS, _VALUES, _DATES = "$rows", "v", "$dates"


def _tag(value: Any) -> Any:
    """json.dumps' hook for what JSON lacks (the C encoder walks everything else)."""
    if type(value) is date:  # the common case first: a digest has a date per line
        return {_DATE: value.isoformat()}
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
        table = _table(value)
        return table if table is not None else [_out(v) for v in value]
    return value


def _table(items: list[Any]) -> dict[str, Any] | None:
    """`items` as a table when they are two dicts or more with the same two keys or more.

    Built in C (map, itemgetter, zip), not item by item: a digest has a line per dossier. A
    column of dates only is named in ``$dates`` and holds ISO strings (no hook call per value).
    """
    if len(items) < 2 or set(map(type, items)) != {dict}:
        return None
    keys = list(items[0])
    # The same number of keys, every key found (itemgetter): the same keys.
    if len(keys) < 2 or set(map(len, items)) != {len(keys)}:
        return None
    try:
        dates = [(k, iso) for k in keys if (iso := _iso_column(items, k)) is not None]
        plain = [k for k in keys if k not in dict(dates)]
        rows = zip(
            *(map(itemgetter(k), items) for k in plain), *(iso for _, iso in dates), strict=True
        )
        table = {_ROWS: plain + [k for k, _ in dates], _VALUES: list(rows)}
    except KeyError:
        return None
    if dates:
        table[_DATES] = [k for k, _ in dates]
    return table


def _iso_column(items: list[dict[str, Any]], key: str) -> Any:
    """The column `key` as ISO strings if it holds dates only, else None."""
    if type(items[0][key]) is not date:
        return None
    column = list(map(itemgetter(key), items))
    try:
        days = set(column)
    except TypeError:  # something unhashable: not a date
        return None
    if any(type(d) is not date for d in days):
        return None
    iso = {d: d.isoformat() for d in days}
    return map(iso.__getitem__, column)


def _in(value: Any) -> Any:
    if isinstance(value, dict):
        if value.keys() == {_DATE}:
            return date.fromisoformat(value[_DATE])
        if value.keys() in ({_ROWS, _VALUES}, {_ROWS, _VALUES, _DATES}):
            return _rows_in(value)
        return {k: _in(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_in(v) for v in value]
    return value


def _rows_in(table: dict[str, Any]) -> list[dict[str, Any]]:
    keys, dates = table[_ROWS], set(table.get(_DATES, ()))
    out = []
    for row in table[_VALUES]:
        item = dict(zip(keys, map(_in, row), strict=True))
        for key in dates & item.keys():
            item[key] = date.fromisoformat(item[key])
        out.append(item)
    return out


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
