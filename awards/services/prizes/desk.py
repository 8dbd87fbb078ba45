"""The fund, prize lists and conference seats on behalf of a signed-in user.

The grant is checked on the level concerned (the fund's unit, the deciding level of a decision,
the organiser of a round) before the use case runs, whichever route asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from awards.errors import NotFoundError
from awards.permissions import Action
from awards.reports.prizes import FundReport
from awards.repository import UnitOfWorkFactory
from awards.services.accounts.access import Principal, authorize
from awards.services.lifecycle.plan import Actor
from awards.services.prizes.documents import write_fund_report, write_prize_list
from awards.services.prizes.fund import FundInput, fund_report, record_fund_entry
from awards.services.seats.allocate import (
    NotAllocated,
    SeatPlan,
    SeatTable,
    allocate_exemplar_seats,
    seat_table,
)


def _unit_id(uow_factory: UnitOfWorkFactory, code: str, on: date) -> int:
    with uow_factory(write=False) as uow:
        return uow.org.by_code(code, on).id


@dataclass(frozen=True)
class FundPage:
    report: FundReport
    decisions: list[dict[str, object]]
    may_keep: bool


def fund_as(
    uow_factory: UnitOfWorkFactory, principal: Principal, unit_code: str, year: int
) -> FundPage:
    start, end = date(year, 1, 1), date(year, 12, 31)
    unit_id = _unit_id(uow_factory, unit_code, end)
    authorize(principal, Action.view_fund, [unit_id], f"của đơn vị {unit_code}")
    report = fund_report(uow_factory, unit_code, start, end)
    with uow_factory(write=False) as uow:
        found = uow.prizes.decisions(unit_id, start, end)
    return FundPage(report, found, principal.may(Action.keep_fund, [unit_id]) is not None)


def record_fund_entry_as(
    uow_factory: UnitOfWorkFactory, principal: Principal, inp: FundInput, now: datetime
) -> int:
    unit_id = _unit_id(uow_factory, inp.unit_code, inp.entry_date)
    grant = authorize(principal, Action.keep_fund, [unit_id], f"của đơn vị {inp.unit_code}")
    return record_fund_entry(uow_factory, inp, Actor(principal.full_name, grant.role), now)


def fund_files_as(
    uow_factory: UnitOfWorkFactory, principal: Principal, unit_code: str, year: int, folder: Path
) -> list[Path]:
    unit_id = _unit_id(uow_factory, unit_code, date(year, 12, 31))
    authorize(principal, Action.view_fund, [unit_id], f"của đơn vị {unit_code}")
    return write_fund_report(uow_factory, unit_code, date(year, 1, 1), date(year, 12, 31), folder)


def prize_list_files_as(
    uow_factory: UnitOfWorkFactory, principal: Principal, decision_no: str, folder: Path
) -> list[Path]:
    """The danh sách chi tiền thưởng, when the user may see the deciding level's fund."""
    with uow_factory(write=False) as uow:
        head = uow.prizes.decision_head(decision_no)
    if head is None:
        raise NotFoundError(f"Không có khoản tiền thưởng nào theo Quyết định số {decision_no}.")
    authorize(principal, Action.view_fund, [head[0]], f"theo Quyết định số {decision_no}")
    return write_prize_list(uow_factory, decision_no, folder)


def _organiser(uow_factory: UnitOfWorkFactory, round_code: str) -> int:
    with uow_factory(write=False) as uow:
        found = uow.seats.round_organiser(round_code)
    if found is None:
        raise NotFoundError(f"Không có đợt thi đua mã '{round_code}'.")
    return found


def seats_as(
    uow_factory: UnitOfWorkFactory, principal: Principal, round_code: str
) -> tuple[SeatTable | None, bool]:
    """The round's allocation (None before the first one) and whether the user may allocate."""
    organiser = _organiser(uow_factory, round_code)
    may_allocate = principal.may(Action.allocate_seats, [organiser]) is not None
    if not may_allocate:
        authorize(principal, Action.view_fund, [organiser], f"của đợt {round_code}")
    try:
        return seat_table(uow_factory, round_code), may_allocate
    except NotAllocated:
        return None, may_allocate


def allocate_seats_as(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    round_code: str,
    plan: SeatPlan,
    now: datetime,
) -> SeatTable:
    organiser = _organiser(uow_factory, round_code)
    grant = authorize(principal, Action.allocate_seats, [organiser], f"của đợt {round_code}")
    return allocate_exemplar_seats(
        uow_factory, round_code, plan, Actor(principal.full_name, grant.role), now
    )
