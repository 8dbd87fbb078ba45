"""Template contexts stored as JSON come back as they were, dates included."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from notifications import RenderError, context_from_data, context_to_data, context_to_json, render
from notifications.samples import SAMPLES


def test_every_sample_context_survives_json_and_renders_the_same() -> None:
    for name, context in SAMPLES.items():
        stored = json.loads(json.dumps(context_to_data(context)))
        assert context_from_data(stored) == context, name
        assert render(name, context_from_data(stored)) == render(name, context), name


def test_dates_are_tagged_and_other_objects_refused() -> None:
    data = context_to_data({"date": date(2025, 11, 10), "items": [{"n": 1, "ok": True}]})
    assert data == {"date": {"$date": "2025-11-10"}, "items": [{"n": 1, "ok": True}]}
    with pytest.raises(RenderError, match="date-times"):
        context_to_data({"at": datetime(2025, 11, 10, tzinfo=UTC)})
    with pytest.raises(RenderError, match="cannot hold set"):
        context_to_data({"codes": {"A"}})


def test_a_list_of_same_keyed_dicts_is_stored_as_one_table() -> None:
    items = [
        {"code": "A", "due": date(2025, 11, 6), "at": {"on": date(2025, 11, 1)}},
        {"due": date(2025, 11, 7), "code": "B", "at": None},
    ]
    text = context_to_json({"items": items, "mixed": [{"a": 1}, {"b": 2}]})
    assert json.loads(text) == {
        "items": {
            "$rows": ["code", "at", "due"],  # a column of dates only last, as ISO strings
            "v": [["A", {"on": {"$date": "2025-11-01"}}, "2025-11-06"], ["B", None, "2025-11-07"]],
            "$dates": ["due"],
        },
        "mixed": [{"a": 1}, {"b": 2}],  # different keys: left as they are
    }
    assert " " not in text  # compact
    assert context_from_data(json.loads(text))["items"] == items


def test_malformed_data_is_a_render_error() -> None:
    with pytest.raises(RenderError, match="malformed"):
        context_from_data({"items": {"$rows": ["code"], "v": [["A", "extra"]]}})
    with pytest.raises(RenderError, match="malformed"):
        context_from_data({"due": {"$date": "10/11/2025"}})
