"""The physical limit: the very rows tdkt wrote, replayed with raw sqlite3 executemany.

The rows (dossier inserts, one state update per move, audit events, outbox messages) are read
back from a database tdkt has just driven, already in SQLite's storage format, so the timed part
is only executemany and commit into a fresh copy of the same schema, same batches, same PRAGMAs.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BATCH = 2000  # as move_many: one commit per batch of a step
UPDATED = ("state", "version", "updated_at", "audit_seq", "audit_hash", "due_on")
DECISION = ("decision_no", "decision_date", "decision_signer", "decided_by_unit_id")
RESET = {
    "state": "draft",
    "version": 1,
    "audit_seq": 0,
    "audit_hash": "",
    **dict.fromkeys(DECISION),
}


@dataclass
class Rows:
    """Everything to write, step by step, as plain tuples."""

    dossier_cols: list[str]
    dossiers: list[tuple[Any, ...]]
    audit_cols: list[str]
    outbox_cols: list[str]
    steps: list[tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]]
    decision_seq: int

    @property
    def count(self) -> int:
        return len(self.dossiers) + sum(len(u) + len(a) + len(o) for u, a, o in self.steps)


def _select(con: sqlite3.Connection, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    cur = con.execute(sql)
    return [d[0] for d in cur.description], cur.fetchall()


def read_rows(driven: Path, round_id_sql: str = "SELECT id FROM round") -> Rows:
    """The rows of the dossiers in `driven`, with their drafts rebuilt from the final state."""
    con = sqlite3.connect(driven)
    d_cols, finals = _select(con, "SELECT * FROM dossier ORDER BY id")
    a_cols, audits = _select(con, "SELECT * FROM audit_event ORDER BY seq, dossier_id")
    o_cols, outbox = _select(con, "SELECT * FROM outbox_message ORDER BY id")
    con.close()
    created = d_cols.index("created_at")
    pos = {c: i for i, c in enumerate(d_cols)}
    drafts = []
    for row in finals:
        draft = list(row)
        for col, value in RESET.items():
            draft[pos[col]] = value
        draft[pos["updated_at"]] = row[created]
        drafts.append(tuple(draft))
    a_cols = [c for c in a_cols if c != "id"]
    o_cols = [c for c in o_cols if c != "id"]
    by_seq: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for a in audits:
        by_seq[a[2]].append(a[1:])
    decision_seq = max(by_seq)
    outbox_by_seq: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for o in outbox:
        outbox_by_seq[int(o[1].rsplit(":", 1)[1])].append(o[1:])
    final_of = {row[pos["id"]]: row for row in finals}
    steps = []
    for seq in sorted(by_seq):
        events = by_seq[seq]
        at = a_cols.index("at")
        updates = [_update(final_of[e[0]], pos, e, a_cols, at, seq == decision_seq) for e in events]
        steps.append((updates, events, outbox_by_seq.get(seq, [])))
    return Rows(d_cols, drafts, a_cols, o_cols, steps, decision_seq)


def _update(
    final: tuple[Any, ...],
    pos: dict[str, int],
    event: tuple[Any, ...],
    a_cols: list[str],
    at: int,
    decides: bool,
) -> tuple[Any, ...]:
    seq, to_state, hash_ = (event[a_cols.index(c)] for c in ("seq", "to_state", "hash"))
    values = [to_state, seq + 1, event[at], seq, hash_, final[pos["due_on"]]]
    if decides:
        values += [final[pos[c]] for c in DECISION]
    return (*values, event[0], seq)


def write(rows: Rows, template: Path, target: Path) -> float:
    """Copy the empty template, then time the writes; returns seconds."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copy(template, target)
    con = sqlite3.connect(target, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON"):
        con.execute(f"PRAGMA {pragma}")
    ins_d = _insert("dossier", rows.dossier_cols)
    ins_a = _insert("audit_event", rows.audit_cols)
    ins_o = _insert("outbox_message", rows.outbox_cols)
    plain = ", ".join(f"{c} = ?" for c in UPDATED)
    upd = f"UPDATE dossier SET {plain} WHERE id = ? AND version = ?"
    upd_decide = (
        f"UPDATE dossier SET {plain}, {', '.join(f'{c} = ?' for c in DECISION)} "
        "WHERE id = ? AND version = ?"
    )
    batches = [
        (upd_decide if seq == rows.decision_seq else upd, batch)
        for seq, step in enumerate(rows.steps, start=1)
        for batch in _batches(step, rows.outbox_cols.index("dossier_id"))
    ]
    start = time.perf_counter()
    con.execute("BEGIN IMMEDIATE")
    for i in range(0, len(rows.dossiers), 5000):
        con.executemany(ins_d, rows.dossiers[i : i + 5000])
    con.execute("COMMIT")
    for sql, (updates, events, mails) in batches:
        con.execute("BEGIN IMMEDIATE")
        con.executemany(sql, updates)
        con.executemany(ins_a, events)
        if mails:
            con.executemany(ins_o, mails)
        con.execute("COMMIT")
    seconds = time.perf_counter() - start
    con.close()
    return seconds


def _batches(step: Any, dossier_col: int) -> list[Any]:
    """The step cut as move_many cuts it: each batch with the outbox rows of its dossiers."""
    updates, events, mails = step
    by_id: dict[Any, list[tuple[Any, ...]]] = defaultdict(list)
    for m in mails:
        by_id[m[dossier_col]].append(m)
    return [
        (
            updates[i : i + BATCH],
            events[i : i + BATCH],
            [m for e in events[i : i + BATCH] for m in by_id.get(e[0], ())],
        )
        for i in range(0, len(updates), BATCH)
    ]


def _insert(table: str, cols: list[str]) -> str:
    return f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
