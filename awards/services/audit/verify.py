"""`tdkt audit verify`: prove that no audit event was edited, deleted or inserted.

Each event carries the hash of the previous event of its dossier and its own hash over its
fields; the dossier row keeps the seq and hash of its last event. Verification walks every
chain in chunks of dossiers (two queries per chunk) and names each broken link.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from awards.repository import UnitOfWorkFactory
from awards.services.lifecycle.audit_chain import event_hash

CHUNK = 5000


@dataclass(frozen=True)
class AuditProblem:
    dossier: str
    seq: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.dossier}, sự kiện số {self.seq}" if self.seq else self.dossier
        return f"{where}: {self.message}"


@dataclass
class AuditReport:
    dossiers: int = 0
    events: int = 0
    problems: list[AuditProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_audit(uow_factory: UnitOfWorkFactory, chunk: int = CHUNK) -> AuditReport:
    report = AuditReport()
    after = 0
    while True:
        with uow_factory() as uow:
            heads = uow.audit.dossier_heads(after, chunk)
            if not heads:
                return report
            by_dossier: dict[int, list[dict[str, Any]]] = {h["id"]: [] for h in heads}
            for event in uow.audit.events_of(heads[0]["id"], heads[-1]["id"]):
                by_dossier.setdefault(event["dossier_id"], []).append(event)
        for head in heads:
            events = by_dossier[head["id"]]
            report.dossiers += 1
            report.events += len(events)
            report.problems += check_chain(head, events)
        after = heads[-1]["id"]


def check_chain(head: dict[str, Any], events: Iterable[dict[str, Any]]) -> list[AuditProblem]:
    """The broken links of one dossier's chain, in order; empty when the chain is sound."""
    code, problems = head["code"], []
    prev_hash, prev_seq, state = "", 0, "draft"
    for e in events:
        seq = e["seq"]
        if seq != prev_seq + 1:
            problems.append(_gap(code, prev_seq, seq))
        elif e["prev_hash"] != prev_hash:
            problems.append(
                AuditProblem(code, seq, "không nối với sự kiện trước (bị chèn hoặc thay)")
            )
        if event_hash(e["prev_hash"], e) != e["hash"]:
            problems.append(AuditProblem(code, seq, "nội dung đã bị sửa sau khi ghi"))
        if e["from_state"] != state:
            problems.append(
                AuditProblem(
                    code, seq, f"bắt đầu từ '{e['from_state']}' nhưng trước đó là '{state}'"
                )
            )
        prev_hash, prev_seq, state = e["hash"], seq, e["to_state"]
    if head["audit_seq"] != prev_seq or head["audit_hash"] != prev_hash:
        problems.append(
            AuditProblem(
                code,
                None,
                f"hồ sơ ghi sự kiện cuối số {head['audit_seq']} nhưng nhật ký dừng ở số {prev_seq}"
                " (sự kiện cuối bị xóa, sửa hoặc thêm ngoài hệ thống)",
            )
        )
    if state != head["state"]:
        problems.append(
            AuditProblem(code, None, f"trạng thái '{head['state']}' không khớp nhật ký ('{state}')")
        )
    return problems


def _gap(code: str, prev_seq: int, seq: int) -> AuditProblem:
    if seq <= prev_seq:
        return AuditProblem(code, seq, f"trùng hoặc sai thứ tự (sau số {prev_seq})")
    missing = ", ".join(str(n) for n in range(prev_seq + 1, seq))
    return AuditProblem(code, seq, f"thiếu sự kiện số {missing} (đã bị xóa)")
