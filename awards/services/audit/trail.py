"""The audit trail as a list: filters, paging, and only the dossiers within the user's reach."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_

from awards.errors import ValidationError
from awards.permissions import Action
from awards.repository import UnitOfWorkFactory
from awards.repository.listing import AUDIT, DOSSIER, AuditLine, any_of, audit_lines
from awards.services.accounts.access import Principal, authorize
from awards.services.dossiers.inbox import Page, page_window
from awards.services.dossiers.page import check_dossier
from states import Trigger


@dataclass(frozen=True)
class AuditFilter:
    dossier_code: str | None = None
    actor: str | None = None  # part of the actor's name
    trigger: str | None = None
    date_from: date | None = None
    date_to: date | None = None  # inclusive


def audit_page(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    flt: AuditFilter,
    *,
    tz: ZoneInfo,
    page: int = 1,
    per_page: int = 50,
) -> Page[AuditLine]:
    limit, offset = page_window(page, per_page)
    units = principal.reach(Action.audit)
    if units is not None and not units:
        authorize(principal, Action.audit, [], "nhật ký xử lý hồ sơ")
    if flt.dossier_code:
        check_dossier(uow_factory, principal, flt.dossier_code.strip(), Action.audit)
    where = _scope(units) + _filters(flt, tz)
    with uow_factory(write=False) as uow:
        lines, total = audit_lines(uow.session, where, limit=limit, offset=offset)
    return Page(lines, total, page, per_page)


def _scope(units: set[int] | None) -> list[ColumnElement[bool]]:
    if units is None:
        return []
    ids = sorted(units)
    return [any_of([DOSSIER.c.nominating_unit_id.in_(ids), AUDIT.c.unit_id.in_(ids)])]


def _filters(flt: AuditFilter, tz: ZoneInfo) -> list[ColumnElement[bool]]:
    a = AUDIT.c
    where: list[ColumnElement[bool]] = []
    if flt.dossier_code:
        where.append(DOSSIER.c.code == flt.dossier_code.strip())
    if flt.actor:
        where.append(a.actor.contains(flt.actor.strip(), autoescape=True))
    if flt.trigger:
        if flt.trigger not in Trigger.__members__:
            raise ValidationError(f"Thao tác '{flt.trigger}' không có trong quy trình.")
        where.append(a.trigger == flt.trigger)
    if flt.date_from and flt.date_to and flt.date_from > flt.date_to:
        raise ValidationError("Khoảng ngày không hợp lệ: 'từ ngày' phải trước 'đến ngày'.")
    if flt.date_from:
        where.append(a.at >= datetime.combine(flt.date_from, time(), tz))
    if flt.date_to:
        where.append(a.at < datetime.combine(flt.date_to + timedelta(days=1), time(), tz))
    return [and_(*where)] if where else []
