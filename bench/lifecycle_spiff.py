"""The peer engine: the same lifecycle as a BPMN process (bench/bpmn/dossier.bpmn) in SpiffWorkflow.

Each dossier is one process instance. After every human step (a user task completed) each
instance's state is serialized with SpiffWorkflow's own serializer and saved to SQLite, as a real
engine must between steps that are days apart. The peer is favoured: instances stay in memory
between steps (no deserialization), and the saves of a batch of instances share one commit, the
batching tdkt's move_many uses.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser import BpmnParser
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.util.task import TaskState

BPMN = Path(__file__).resolve().parent / "bpmn" / "dossier.bpmn"
HUMAN_STEPS = ("submit", "receive", "start_appraisal", "put_on_agenda", "approve", "decide")
BATCH = 2000
SCHEMA = """
CREATE TABLE IF NOT EXISTS instance (
    id INTEGER PRIMARY KEY, code TEXT UNIQUE NOT NULL, step TEXT NOT NULL,
    state_json TEXT NOT NULL, updated_at REAL NOT NULL
)
"""


def load_spec() -> Any:
    parser = BpmnParser()
    parser.add_bpmn_file(str(BPMN))
    return parser.get_spec("dossier")


def _complete(wf: BpmnWorkflow, step: str, data: dict[str, Any]) -> None:
    ready = wf.get_tasks(state=TaskState.READY, manual=True)
    task = next(t for t in ready if t.task_spec.name == step)
    task.data.update(data)
    task.run()
    wf.do_engine_steps()


def run(n: int, db: Path) -> tuple[float, dict[str, int]]:
    """Drive n instances through the process; returns (seconds, where the instances ended)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    con = sqlite3.connect(db, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL"):
        con.execute(f"PRAGMA {pragma}")
    con.execute(SCHEMA)
    spec, serializer = load_spec(), BpmnWorkflowSerializer()
    start = time.perf_counter()
    ends: dict[str, int] = {}
    for first in range(0, n, BATCH):
        codes = [f"HS-2025-{i:06d}" for i in range(first + 1, min(n, first + BATCH) + 1)]
        flows = [BpmnWorkflow(spec) for _ in codes]
        for wf in flows:
            wf.do_engine_steps()
        _save(con, serializer, codes, flows, "nominated", insert=True)
        for step in HUMAN_STEPS:
            data = {"rating": "hoan_thanh_tot", "disciplined": False} if step == "submit" else {}
            for wf in flows:
                _complete(wf, step, data)
            _save(con, serializer, codes, flows, step, insert=False)
        for wf in flows:
            end = "awarded" if wf.is_completed() and _ended(wf, "awarded") else "other"
            ends[end] = ends.get(end, 0) + 1
    seconds = time.perf_counter() - start
    con.close()
    return seconds, ends


def _ended(wf: BpmnWorkflow, event: str) -> bool:
    return any(t.task_spec.name == event for t in wf.get_tasks(state=TaskState.COMPLETED))


def _save(
    con: sqlite3.Connection,
    serializer: BpmnWorkflowSerializer,
    codes: list[str],
    flows: list[BpmnWorkflow],
    step: str,
    *,
    insert: bool,
) -> None:
    now = time.time()
    rows = [
        (step, serializer.serialize_json(wf), now, code)
        for code, wf in zip(codes, flows, strict=True)
    ]
    con.execute("BEGIN IMMEDIATE")
    if insert:
        con.executemany(
            "INSERT INTO instance (step, state_json, updated_at, code) VALUES (?, ?, ?, ?)", rows
        )
    else:
        con.executemany(
            "UPDATE instance SET step = ?, state_json = ?, updated_at = ? WHERE code = ?", rows
        )
    con.execute("COMMIT")
