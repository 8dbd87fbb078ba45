"""Đăng ký thi đua on behalf of a signed-in user (the form, the upload, the API).

The unit of the permission check is the registering unit (Action.register: the unit officer of
the unit or above it, the secretariat above it); reading is limited to the units in the user's
reach (Action.view_registrations); the period is set by the organiser's secretariat
(Action.manage_rounds), like the round's other deadlines.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path, PurePath
from typing import BinaryIO

from awards.model import Registration
from awards.permissions import Action
from awards.reports.registrations import RegistrationReport
from awards.repository import UnitOfWorkFactory
from awards.services.accounts.access import Principal, authorize
from awards.services.nomination.import_form import MAX_BYTES, _refuse, spool
from awards.services.nomination.imports import ImportResult
from awards.services.registrations.imports import import_registrations
from awards.services.registrations.register import (
    NewRegistration,
    close,
    period,
    register,
    set_period,
    target,
)
from awards.services.registrations.views import RegistrationLine, list_registrations, report


def register_as(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    items: Sequence[NewRegistration],
    now: datetime,
) -> list[int]:
    with uow_factory(write=False) as uow:
        for unit in dict.fromkeys(i.unit_code for i in items):
            unit_id = uow.org.require_id(unit)
            authorize(principal, Action.register, [unit_id], f"cho đơn vị {unit}")
    return register(uow_factory, items, actor=principal.full_name, now=now)


def import_as(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    path: Path,
    round_code: str,
    now: datetime,
    *,
    valid_only: bool = False,
) -> ImportResult:
    if principal.reach(Action.register) == set():
        authorize(principal, Action.register, [], "đăng ký thi đua")
    return import_registrations(
        uow_factory,
        path,
        round_code,
        actor=principal.full_name,
        now=now,
        valid_only=valid_only,
        allowed_units=principal.reach(Action.register),
    )


def upload_as(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    *,
    filename: str,
    stream: BinaryIO,
    round_code: str,
    now: datetime,
    valid_only: bool = False,
) -> ImportResult:
    """An uploaded file, checked like the nominations' upload (size, type), then imported."""
    ext = PurePath(filename.replace("\\", "/")).suffix.lower()
    if ext not in (".xlsx", ".csv"):
        raise _refuse(f"chỉ nhận tệp .xlsx hoặc .csv theo mẫu, không nhận '{ext or filename}'")
    with tempfile.TemporaryDirectory(prefix="tdkt-upload-") as tmp:
        path = spool(stream, Path(tmp), ext, MAX_BYTES)
        return import_as(uow_factory, principal, path, round_code, now, valid_only=valid_only)


def close_as(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    registration_id: int,
    *,
    status: str,
    reason: str,
    now: datetime,
) -> Registration:
    with uow_factory(write=False) as uow:
        unit_id = target(uow, registration_id).unit_id
    authorize(principal, Action.register, [unit_id], f"đăng ký số {registration_id}")
    return close(
        uow_factory,
        registration_id,
        status=status,
        reason=reason,
        actor=principal.full_name,
        now=now,
    )


def _readable(principal: Principal) -> set[int] | None:
    within = principal.reach(Action.view_registrations)
    if within == set():
        authorize(principal, Action.view_registrations, [], "đăng ký thi đua")
    return within


def list_as(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    round_code: str,
    unit_code: str | None = None,
) -> list[RegistrationLine]:
    """The round's registrations in the user's reach; of one unit's subtree with `unit_code`
    (refused unless the user may read that unit's)."""
    if unit_code:
        with uow_factory(write=False) as uow:
            unit_id = uow.org.require_id(unit_code)
        authorize(principal, Action.view_registrations, [unit_id], f"của đơn vị {unit_code}")
        return list_registrations(
            uow_factory, round_code, unit_code=unit_code, within=_readable(principal)
        )
    return list_registrations(uow_factory, round_code, within=_readable(principal))


def report_as(
    uow_factory: UnitOfWorkFactory, principal: Principal, round_code: str
) -> RegistrationReport:
    return report(uow_factory, round_code, within=_readable(principal))


@dataclass(frozen=True)
class PeriodView:
    starts_on: date | None
    ends_on: date | None
    may_set: bool  # the user is the organiser's secretariat


def period_as(uow_factory: UnitOfWorkFactory, principal: Principal, round_code: str) -> PeriodView:
    with uow_factory(write=False) as uow:
        rnd = uow.round_admin.by_code(round_code)
    found = period(rnd)
    may = principal.may(Action.manage_rounds, [rnd.organiser_unit_id]) is not None
    return PeriodView(found[0] if found else None, found[1] if found else None, may)


def set_period_as(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    round_code: str,
    starts_on: date,
    ends_on: date,
    now: datetime,
) -> None:
    with uow_factory(write=False) as uow:
        organiser = uow.round_admin.by_code(round_code).organiser_unit_id
    authorize(principal, Action.manage_rounds, [organiser], f"đợt {round_code}")
    set_period(uow_factory, round_code, starts_on, ends_on, actor=principal.full_name, now=now)


def registering_units(
    uow_factory: UnitOfWorkFactory, principal: Principal, on: date
) -> list[tuple[str, str]]:
    """(code, name) of the units this user may register for (the form's picker), by name."""
    units = principal.reach(Action.register)
    with uow_factory(write=False) as uow:
        ids = sorted(units) if units is not None else sorted(uow.org.ids_by_code().values())
        labels = uow.org.labels(ids, on)
    return sorted(labels.values(), key=lambda pair: pair[1].casefold())
