"""The audit trail's hash chain: each event carries the hash of the previous one of its dossier."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

HASHED_FIELDS = (
    "dossier_id",
    "seq",
    "at",
    "actor",
    "role",
    "trigger",
    "from_state",
    "to_state",
    "reason",
    "hop_no",
    "unit_id",
    "policy_version",
    "data",
)


# One encoder for every event: json.dumps with options builds a new encoder per call.
_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))
_SORTED = tuple(sorted(HASHED_FIELDS))


def event_hash(prev_hash: str, event: dict[str, Any]) -> str:
    """sha256 over the previous hash and the event's fields in a canonical JSON form."""
    return chained_hash(prev_hash, event, HASHED_FIELDS)


def chained_hash(prev_hash: str, record: dict[str, Any], fields: tuple[str, ...]) -> str:
    """The hash of one record of an append-only chain (audit events, fund ledger lines)."""
    body = {k: _plain(record.get(k)) for k in fields}
    text = prev_hash + _CANONICAL.encode(body)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def hash_events(events: Sequence[dict[str, Any]]) -> None:
    """Set each event's "hash" from its "prev_hash": the digests of event_hash, cheaper in bulk.

    A batch's events mostly share their values (one move: the same time, actor, trigger,
    reason): the canonical text of the fields every event shares is encoded once, as runs of
    constant text between the fields that vary, and only those are encoded per event. The JSON
    of an object with sorted keys is the concatenation of its members' JSON, so the text, and
    so the digest, is byte for byte what event_hash builds (tests pin it on varied batches).
    """
    if not events:
        return
    first = events[0]
    # Per field: shared by the whole batch (same object, or equal simple values)?
    varying = [k for k in _SORTED if not _shared(events, k, first.get(k))]
    # The canonical text as literal runs and the varying fields between them.
    parts: list[str | None] = []
    literal = "{"
    for i, k in enumerate(_SORTED):
        literal += ("," if i else "") + _CANONICAL.encode(k) + ":"
        if k in varying:
            parts.append(literal)
            parts.append(None)
            literal = ""
        else:
            literal += _CANONICAL.encode(_plain(first.get(k)))
    tail = literal + "}"
    heads = [p for p in parts if p is not None]
    encode, sha256 = _CANONICAL.encode, hashlib.sha256
    for e in events:
        text = e["prev_hash"]
        for head, k in zip(heads, varying, strict=True):
            value = e.get(k)
            # ints and strings are most of what varies (ids, seq, states): encoded directly.
            text += head + (str(value) if type(value) is int else encode(_plain(value)))
        e["hash"] = sha256((text + tail).encode("utf-8")).hexdigest()


def _shared(events: Sequence[dict[str, Any]], key: str, value: Any) -> bool:
    """Whether every event's `key` has the canonical text of `value`: the same object mostly;
    else equal and of the same type (1 == True), datetimes in the same zone too."""
    if all(e.get(key) is value for e in events):
        return True
    kind = type(value)
    if any(type(e.get(key)) is not kind for e in events):
        return False
    if kind in (str, int, type(None)):
        return all(e.get(key) == value for e in events)
    if kind is datetime:
        offset = value.utcoffset()
        return all(e[key] == value and e[key].utcoffset() == offset for e in events)
    text = _CANONICAL.encode(_plain(value))
    return all(e[key] == value and _CANONICAL.encode(_plain(e[key])) == text for e in events)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    return value
