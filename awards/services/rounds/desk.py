"""The organising secretariat's desk: the round services on behalf of a signed-in user.

The unit of the permission check is the round's organiser (Action.manage_rounds, own scope).
"""

from __future__ import annotations

from datetime import date, datetime

from awards.errors import PermissionDenied
from awards.model import Round, Unit
from awards.permissions import Action
from awards.repository import UnitOfWorkFactory
from awards.repository.round_admin import round_by_code
from awards.services.accounts.access import Principal, authorize
from awards.services.rounds.admin import (
    DeadlineChange,
    Extension,
    Granted,
    NewRound,
    RoundLine,
    RoundView,
    change_deadlines,
    close_round,
    extend,
    list_rounds,
    open_round,
    show_round,
)


def _check(uow_factory: UnitOfWorkFactory, principal: Principal, code: str) -> None:
    with uow_factory(write=False) as uow:
        organiser = round_by_code(uow.session, code).organiser_unit_id
    authorize(principal, Action.manage_rounds, [organiser], f"đợt {code}")


def round_desk(uow_factory: UnitOfWorkFactory, principal: Principal, code: str) -> RoundView:
    """One round, for the secretariat of its organiser."""
    _check(uow_factory, principal, code)
    return show_round(uow_factory, code)


def _refuse_anyone_else(principal: Principal) -> None:
    if principal.reach(Action.manage_rounds) == set():
        authorize(principal, Action.manage_rounds, [], "đợt thi đua")


def rounds_desk(uow_factory: UnitOfWorkFactory, principal: Principal) -> list[RoundLine]:
    """Every round, for a user who runs rounds somewhere (others are refused)."""
    _refuse_anyone_else(principal)
    return list_rounds(uow_factory)


def organiser_codes(uow_factory: UnitOfWorkFactory, principal: Principal) -> list[str]:
    """Units for which this user may open a round."""
    units = principal.reach(Action.manage_rounds) or set()
    with uow_factory(write=False) as uow:
        found = (uow.session.get(Unit, i) for i in sorted(units))
        return sorted(u.code for u in found if u is not None)


def open_round_as(
    uow_factory: UnitOfWorkFactory, principal: Principal, new: NewRound, now: datetime
) -> int:
    if new.organiser_code not in organiser_codes(uow_factory, principal):
        raise PermissionDenied(
            f"Tài khoản {principal.username} không có quyền {Action.manage_rounds.label} cho "
            f"đơn vị '{new.organiser_code}': cần vai trò Thường trực Hội đồng tại đơn vị đó."
        )
    return open_round(uow_factory, new, actor=principal.full_name, now=now)


def extend_as(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    code: str,
    ext: Extension,
    *,
    now: datetime,
    today: date,
) -> Granted:
    _check(uow_factory, principal, code)
    return extend(uow_factory, code, ext, actor=principal.full_name, now=now, today=today)


def change_deadlines_as(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    code: str,
    change: DeadlineChange,
    *,
    now: datetime,
    today: date,
) -> Round:
    _check(uow_factory, principal, code)
    return change_deadlines(
        uow_factory, code, change, actor=principal.full_name, now=now, today=today
    )


def close_round_as(
    uow_factory: UnitOfWorkFactory, principal: Principal, code: str, *, on: date, now: datetime
) -> None:
    _check(uow_factory, principal, code)
    close_round(uow_factory, code, on=on, actor=principal.full_name, now=now)
