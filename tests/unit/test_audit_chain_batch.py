"""The batch hash loop (audit_chain.hash_events) gives event_hash's digests, byte for byte."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from awards.services.lifecycle.audit_chain import event_hash, hash_events

AT = datetime(2025, 11, 10, 2, 0, tzinfo=UTC)
HANOI = timezone(timedelta(hours=7))


def _events(n: int, seed: int) -> list[dict[str, Any]]:
    rnd = random.Random(seed)
    shared_data = {"missing": ["Tờ trình"], "reason": "đủ"}
    values: dict[str, list[Any]] = {
        "at": [AT, AT.astimezone(HANOI), AT + timedelta(microseconds=1), datetime(2025, 1, 1)],
        "actor": ["Thường trực Hội đồng TĐKT", "hệ thống", "", 'Nguyễn "Văn" A\n'],
        "role": ["secretariat", "system"],
        "trigger": ["submit", "receive", "decide"],
        "from_state": ["draft", "submitted", None],
        "to_state": ["submitted", "received"],
        "reason": ["", "Vượt chỉ tiêu (10%)", "\u00e9\u0301 tab\t"],
        "hop_no": [0, 1, True, False, 1.0],
        "unit_id": [3, 17, None],
        "policy_version": [None, "2025.1", ""],
        "data": [{}, shared_data, {"missing": ["Tờ trình"], "reason": "đủ"}, {"b": 1, "a": [2]}],
    }
    events = []
    for i in range(n):
        prev = f"{rnd.getrandbits(256):064x}" if i % 3 else ""
        event = {"dossier_id": 1000 + i, "seq": rnd.randint(1, 9), "prev_hash": prev}
        for key, choices in values.items():
            # Most fields shared by the whole batch, as in a bulk move; some vary.
            event[key] = choices[0] if rnd.random() < 0.6 else rnd.choice(choices)
        if i % 5 == 0:
            event["due_on"] = date(2025, 12, 8)  # not hashed
        events.append(event)
    return events


def test_hash_events_matches_event_hash_on_varied_batches() -> None:
    for seed in range(40):
        events = _events(1 + seed * 7, seed)
        hash_events(events)
        assert [e["hash"] for e in events] == [event_hash(e["prev_hash"], e) for e in events]


def test_hash_events_on_a_uniform_batch_and_on_one_event() -> None:
    shared = {"actor": "hệ thống", "at": AT, "data": {"k": [1, "ạ"]}, "reason": "", "seq": 2}
    events = [{**shared, "dossier_id": i, "prev_hash": "ab" * 32} for i in range(50)]
    hash_events(events)
    assert [e["hash"] for e in events] == [event_hash(e["prev_hash"], e) for e in events]
    one = [{"dossier_id": 7, "seq": 1, "prev_hash": ""}]  # absent fields hash as null
    hash_events(one)
    assert one[0]["hash"] == event_hash("", one[0])
    hash_events([])  # nothing to do
