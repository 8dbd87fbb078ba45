"""The audit trail's hash chain: each event carries the hash of the previous one of its dossier."""

from __future__ import annotations

import hashlib
import json
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


def event_hash(prev_hash: str, event: dict[str, Any]) -> str:
    """sha256 over the previous hash and the event's fields in a canonical JSON form."""
    return chained_hash(prev_hash, event, HASHED_FIELDS)


def chained_hash(prev_hash: str, record: dict[str, Any], fields: tuple[str, ...]) -> str:
    """The hash of one record of an append-only chain (audit events, fund ledger lines)."""
    body = {k: _plain(record.get(k)) for k in fields}
    text = prev_hash + _CANONICAL.encode(body)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    return value
