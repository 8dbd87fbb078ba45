"""Prizes of the dossiers a move awards, written in the move's own transaction.

A union level's own decision (``decide``) pays the prize from that level's TĐKT fund, so the
ledger line is written with it; a state body's decision recorded by the union (``record_award``)
is paid by the state body and only its amount is kept, for the awardee's record and the totals.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from functools import cache
from typing import Any

from awards.repository.dossiers import DossierRow
from awards.repository.prizes import PrizeRepository
from awards.services.lifecycle.audit_chain import chained_hash
from rules import DEFAULT_PACK
from rules.errors import Problem
from rules.prizes import PRIZES_FILE, PrizeSchedule, load_prize_schedule
from states import Trigger

FUND_HASHED = (
    "unit_id",
    "seq",
    "entry_date",
    "kind",
    "amount_vnd",
    "memo",
    "reference",
    "round_id",
    "actor",
    "at",
    "data",
)


@cache
def shipped_prize_schedule() -> PrizeSchedule | None:
    """The schedule of the shipped pack, for callers that do not pass the pack in force."""
    problems: list[Problem] = []
    schedule = load_prize_schedule(DEFAULT_PACK / PRIZES_FILE, problems)
    return None if problems else schedule


def record_prizes(
    prizes_repo: PrizeRepository,
    schedule: PrizeSchedule | None,
    awarded: Sequence[tuple[DossierRow, Any]],
    now: datetime,
) -> int:
    """Prize rows (and ledger lines for union decisions) of dossiers just moved to awarded.

    ``awarded`` pairs each row with its MoveRequest. Awards the schedule has no rate for get no
    row; `tdkt year check` lists them so the office can add the rate and record them.
    """
    if schedule is None or not awarded:
        return 0
    prizes: list[dict[str, Any]] = []
    paid_by_fund: dict[int, Any] = {}  # dossier id → its MoveRequest
    for row, req in awarded:
        on: date = req.decision_date or req.today
        kind = "ca_nhan" if row.person_id is not None else "tap_the"
        amount = schedule.amount(row.award_code, kind, on)
        if amount is None:
            continue
        prizes.append(
            {
                "dossier_id": row.id,
                "round_id": row.round_id,
                "award_code": row.award_code,
                "nominee_kind": kind,
                "decision_no": req.decision_no or "",
                "decision_date": on,
                "payer_unit_id": row.current_unit_id,
                "coefficient": format(amount.coefficient.normalize(), "f"),
                "base_salary_vnd": amount.base_salary_vnd,
                "amount_vnd": amount.amount_vnd,
                "basis": f"{amount.basis}; {amount.base_salary_basis}"[:400],
                "schedule": schedule.key,
                "created_at": now,
            }
        )
        if req.trigger is Trigger.decide:
            paid_by_fund[row.id] = req
    prizes_repo.insert_prizes(prizes)
    append_to_ledgers(prizes_repo, _ledger_lines(prizes, paid_by_fund, now))
    return len(prizes)


def _ledger_lines(
    prizes: list[dict[str, Any]], paid_by_fund: dict[int, Any], now: datetime
) -> list[dict[str, Any]]:
    """One spending line per level × decision, as a sổ quỹ records a decision's prizes."""
    lines: dict[tuple[int, str, date], dict[str, Any]] = {}
    for p in prizes:
        if p["dossier_id"] not in paid_by_fund:
            continue
        key = (p["payer_unit_id"], p["decision_no"], p["decision_date"])
        line = lines.setdefault(
            key,
            {
                "unit_id": key[0],
                "entry_date": key[2],
                "kind": "prize",
                "amount_vnd": 0,
                "reference": key[1],
                "round_id": p["round_id"],
                "actor": paid_by_fund[p["dossier_id"]].actor.name,
                "at": now,
                "data": {"awardees": 0},
            },
        )
        line["amount_vnd"] -= p["amount_vnd"]
        line["data"]["awardees"] += 1
    for line in lines.values():
        count = line["data"]["awardees"]
        line["memo"] = (
            f"Chi tiền thưởng theo Quyết định số {line['reference']} ({count} khen thưởng)"
        )
    return list(lines.values())


def append_to_ledgers(repo: PrizeRepository, entries: list[dict[str, Any]]) -> None:
    """Number and chain entries per unit after each ledger's last line, then insert them."""
    heads = repo.fund_heads(e["unit_id"] for e in entries)
    for entry in entries:
        seq, prev = heads.get(entry["unit_id"], (0, ""))
        entry["seq"] = seq + 1
        entry["prev_hash"] = prev
        entry["hash"] = chained_hash(prev, entry, FUND_HASHED)
        heads[entry["unit_id"]] = (entry["seq"], entry["hash"])
    repo.insert_fund_entries(entries)
