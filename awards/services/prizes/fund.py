"""The TĐKT fund of a level: receipts and other spending entered by its office, and the ledger.

Prize payments are written by the decision itself (awards.services.prizes.record); here the
office records what the fund receives (budget allocation, contributions) and spends besides
prizes, each line with who entered it, chained to the previous one, never edited afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from awards.errors import ValidationError
from awards.fields import text_problem
from awards.reports.prizes import OTHER_SPENDING, PRIZE_SPENDING, RECEIPT, FundLine, FundReport
from awards.repository import UnitOfWorkFactory
from awards.services.lifecycle.audit_chain import chained_hash
from awards.services.lifecycle.plan import Actor
from awards.services.prizes.record import FUND_HASHED, append_to_ledgers

KIND_LABELS = {"receipt": RECEIPT, "prize": PRIZE_SPENDING, "other": OTHER_SPENDING}
MAX_AMOUNT_VND = 10**13  # ten thousand billion đồng: a typing error, not a fund


@dataclass(frozen=True)
class FundInput:
    unit_code: str
    kind: str  # "receipt" or "other" (spending other than prizes)
    entry_date: date
    amount_vnd: int  # positive; spending is stored negative
    memo: str
    reference: str = ""


def _check(inp: FundInput) -> None:
    problems = []
    if inp.kind not in ("receipt", "other"):
        problems.append("loại phải là 'thu' hoặc 'chi khác' (tiền thưởng do quyết định tự ghi)")
    if not 0 < inp.amount_vnd <= MAX_AMOUNT_VND:
        problems.append("số tiền phải là số nguyên dương (đồng), ví dụ 5000000")
    for label, text, limit in (("Nội dung", inp.memo, 400), ("Số chứng từ", inp.reference, 60)):
        problem = text_problem(label, text, limit)
        if problem:
            problems.append(problem.rstrip("."))
    if not inp.memo.strip():
        problems.append("cần ghi nội dung khoản thu, chi")
    if problems:
        raise ValidationError("Không ghi được vào sổ quỹ: " + "; ".join(problems) + ".")


def record_fund_entry(
    uow_factory: UnitOfWorkFactory, inp: FundInput, actor: Actor, now: datetime
) -> int:
    """Append one receipt or spending line to a union level's ledger; returns its seq."""
    _check(inp)
    with uow_factory() as uow:
        unit = uow.org.by_code(inp.unit_code, inp.entry_date)
        if unit.is_state_body:
            raise ValidationError(
                f"{unit.name} là cơ quan nhà nước: sổ quỹ thi đua, khen thưởng ở đây chỉ dành cho "
                "các cấp công đoàn."
            )
        sign = 1 if inp.kind == "receipt" else -1
        entry: dict[str, Any] = {
            "unit_id": unit.id,
            "entry_date": inp.entry_date,
            "kind": inp.kind,
            "amount_vnd": sign * inp.amount_vnd,
            "memo": inp.memo.strip(),
            "reference": inp.reference.strip(),
            "round_id": None,
            "actor": actor.name,
            "at": now,
            "data": {"role": actor.role},
        }
        append_to_ledgers(uow.prizes, [entry])
        uow.commit()
    return int(entry["seq"])


def fund_report(
    uow_factory: UnitOfWorkFactory, unit_code: str, start: date, end: date
) -> FundReport:
    """The ledger of a period with the opening balance and a running balance per line."""
    if end < start:
        raise ValidationError(
            f"Kỳ báo cáo không hợp lệ: ngày kết thúc {end:%d/%m/%Y} trước ngày bắt đầu "
            f"{start:%d/%m/%Y}."
        )
    with uow_factory(write=False) as uow:
        unit = uow.org.by_code(unit_code, end)
        opening = uow.prizes.balance_before(unit.id, start)
        rows = uow.prizes.ledger(unit.id, start, end)
    balance = opening
    lines = []
    for row in sorted(rows, key=lambda r: (r["entry_date"], r["seq"])):
        balance += int(row["amount_vnd"])
        lines.append(
            FundLine(
                int(row["seq"]),
                row["entry_date"],
                KIND_LABELS[row["kind"]],
                row["memo"],
                row["reference"],
                int(row["amount_vnd"]),
                balance,
            )
        )
    return FundReport(unit.name, start, end, opening, tuple(lines))


def verify_fund_chain(uow_factory: UnitOfWorkFactory, unit_code: str, on: date) -> list[str]:
    """Vietnamese problems of a unit's ledger chain: an edited, deleted or inserted line."""
    with uow_factory(write=False) as uow:
        unit = uow.org.by_code(unit_code, on)
        rows = uow.prizes.fund_chain(unit.id)
    problems, prev = [], ""
    for expected_seq, row in enumerate(rows, start=1):
        if row["seq"] != expected_seq:
            problems.append(f"dòng {expected_seq} của sổ quỹ bị thiếu (gặp dòng {row['seq']})")
            break
        if row["prev_hash"] != prev or row["hash"] != chained_hash(prev, row, FUND_HASHED):
            problems.append(f"dòng {row['seq']} của sổ quỹ đã bị sửa sau khi ghi")
        prev = row["hash"]
    return problems
