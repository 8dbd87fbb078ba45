"""The physical limit: the very rows tdkt wrote, replayed with raw sqlite3 executemany.

The rows (dossier inserts, one state update per move, audit events, outbox messages, the
dossier_hop rows opened and updated, the eligibility explanations appraisal stored) are read
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
UPDATED: tuple[str, ...] = ("state", "version", "updated_at", "audit_seq", "audit_hash")
UPDATED += ("due_on",)
DECISION = ("decision_no", "decision_date", "decision_signer", "decided_by_unit_id")
HOP_LATER = ("received_at", "appraisal_due_on", "outcome", "closed_at")
HOP_OUTCOME_TRIGGERS = ("withdraw", "mark_ineligible", "reject", "decide", "escalate")
HOP_OUTCOME_TRIGGERS += ("record_award", "record_refusal")
APPRAISAL_TRIGGERS = ("mark_eligible", "mark_ineligible")  # they store the explanation
RESET = {
    "state": "draft",
    "version": 1,
    "audit_seq": 0,
    "audit_hash": "",
    **dict.fromkeys(DECISION),
}


@dataclass
class Rows:
    """Everything to write: the drafts, then per move a list of (SQL, rows keyed by dossier)."""

    dossier_cols: list[str]
    dossiers: list[tuple[Any, ...]]
    steps: list[list[tuple[str, dict[Any, list[tuple[Any, ...]]]]]]
    order: list[Any]  # dossier ids in the order move_many takes them

    @property
    def count(self) -> int:
        return len(self.dossiers) + sum(
            len(r) for step in self.steps for _, by_id in step for r in by_id.values()
        )


def _select(con: sqlite3.Connection, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    cur = con.execute(sql)
    return [d[0] for d in cur.description], cur.fetchall()


def _insert(table: str, cols: list[str]) -> str:
    return f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"


def _update(table: str, cols: list[str], where: list[str]) -> str:
    sets = ", ".join(f"{c} = ?" for c in cols)
    return f"UPDATE {table} SET {sets} WHERE {' AND '.join(f'{w} = ?' for w in where)}"


def _by(rows: list[tuple[Any, ...]], key: int) -> dict[Any, list[tuple[Any, ...]]]:
    out: dict[Any, list[tuple[Any, ...]]] = defaultdict(list)
    for r in rows:
        out[r[key]].append(r)
    return out


def read_rows(driven: Path) -> Rows:
    """The rows of the dossiers in `driven`, with drafts and hops rebuilt from the final state."""
    con = sqlite3.connect(driven)
    d_cols, finals = _select(con, "SELECT * FROM dossier ORDER BY id")
    a_cols, audits = _select(con, "SELECT * FROM audit_event ORDER BY seq, dossier_id")
    o_cols, outbox = _select(con, "SELECT * FROM outbox_message ORDER BY id")
    h_cols, hops = _select(con, "SELECT * FROM dossier_hop ORDER BY id")
    e_cols, explained = _select(con, "SELECT * FROM dossier_eligibility ORDER BY dossier_id")
    con.close()
    pos = {c: i for i, c in enumerate(d_cols)}
    hp = {c: i for i, c in enumerate(h_cols)}
    final_of = {row[pos["id"]]: row for row in finals}
    hops_of = _by(hops, hp["dossier_id"])
    drafts = []
    for row in finals:
        draft = list(row)
        for col, value in RESET.items():
            draft[pos[col]] = value
        draft[pos["updated_at"]] = row[pos["created_at"]]
        drafts.append(tuple(draft))
    ap = {c: i for i, c in enumerate(a_cols)}
    by_seq = defaultdict(list)
    for a in audits:
        by_seq[a[ap["seq"]]].append(a)
    mails_by_seq = defaultdict(list)
    for o in outbox:
        mails_by_seq[int(o[1].rsplit(":", 1)[1])].append(o[1:])
    mail_id = o_cols[1:].index("dossier_id")
    steps = []
    for seq in sorted(by_seq):
        events = by_seq[seq]
        trigger = events[0][ap["trigger"]]
        decides = trigger in ("decide", "record_award", "record_refusal")
        cols = UPDATED + (DECISION if decides else ())
        updates = {}
        for e in events:
            final = final_of[e[ap["dossier_id"]]]
            values = [e[ap["to_state"]], seq + 1, e[ap["at"]], seq, e[ap["hash"]]]
            values += [final[pos[c]] for c in cols[5:]]
            updates[e[ap["dossier_id"]]] = [(*values, e[ap["dossier_id"]], seq)]
        step = [
            (_update("dossier", list(cols), ["id", "version"]), updates),
            (_insert("audit_event", a_cols[1:]), _by([e[1:] for e in events], 0)),
            (_insert("outbox_message", o_cols[1:]), _by(mails_by_seq.get(seq, []), mail_id)),
        ]
        step += _hop_ops(trigger, events, ap, hops_of, h_cols)
        appraised = {e[ap["dossier_id"]] for e in events if e[ap["trigger"]] in APPRAISAL_TRIGGERS}
        if appraised:
            mine = _by([x for x in explained if x[0] in appraised], 0)
            step.append((_insert("dossier_eligibility", e_cols), mine))
        steps.append(step)
    return Rows(d_cols, drafts, steps, [e[ap["dossier_id"]] for e in by_seq[min(by_seq)]])


def _hop_ops(
    trigger: str,
    events: list[tuple[Any, ...]],
    ap: dict[str, int],
    hops_of: dict[Any, list[tuple[Any, ...]]],
    h_cols: list[str],
) -> list[tuple[str, dict[Any, list[tuple[Any, ...]]]]]:
    """The dossier_hop writes of this move, as lifecycle.hop_effects makes them."""
    hp = {c: i for i, c in enumerate(h_cols)}
    ids = [e[ap["dossier_id"]] for e in events]
    current = {i: hops_of[i][0] for i in ids if hops_of.get(i)}
    if trigger == "submit":
        cols = [c for c in h_cols[1:] if c not in HOP_LATER]
        rows = {i: [tuple(h[hp[c]] for c in cols)] for i, h in current.items()}
        return [(_insert("dossier_hop", cols), rows)]
    if trigger == "receive":
        cols = ["received_at", "appraisal_due_on"]
    elif trigger in HOP_OUTCOME_TRIGGERS:
        cols = ["outcome", "closed_at"]
    else:
        return []
    key = ["dossier_id", "hop_no"]
    rows = {i: [tuple(h[hp[c]] for c in cols + key)] for i, h in current.items()}
    return [(_update("dossier_hop", cols, key), rows)]


def write(rows: Rows, template: Path, target: Path) -> float:
    """Copy the empty template, then time the writes; returns seconds."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copy(template, target)
    con = sqlite3.connect(target, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON"):
        con.execute(f"PRAGMA {pragma}")
    ins_d = _insert("dossier", rows.dossier_cols)
    batches = [
        [(sql, [r for i in chunk for r in by_id.get(i, ())]) for sql, by_id in step]
        for step in rows.steps
        for chunk in (rows.order[k : k + BATCH] for k in range(0, len(rows.order), BATCH))
    ]
    start = time.perf_counter()
    con.execute("BEGIN IMMEDIATE")
    for i in range(0, len(rows.dossiers), 5000):
        con.executemany(ins_d, rows.dossiers[i : i + 5000])
    con.execute("COMMIT")
    for batch in batches:  # one transaction per batch of a move, as move_many commits
        con.execute("BEGIN IMMEDIATE")
        for sql, params in batch:
            if params:
                con.executemany(sql, params)
        con.execute("COMMIT")
    seconds = time.perf_counter() - start
    con.close()
    return seconds
