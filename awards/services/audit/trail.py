"""The audit trail as a list: filters, paging, and only the dossiers within the user's reach."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from awards.errors import ValidationError
from awards.permissions import Action
from awards.repository import UnitOfWorkFactory
from awards.repository.listing import AuditLine
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
    trigger = _trigger(flt.trigger)
    since, before = _window(flt, tz)
    with uow_factory(write=False) as uow:
        lines, total = uow.audit.lines(
            units=units,
            dossier_code=(flt.dossier_code or "").strip() or None,
            actor=(flt.actor or "").strip() or None,
            trigger=trigger,
            since=since,
            before=before,
            limit=limit,
            offset=offset,
        )
    return Page(lines, total, page, per_page)


def _trigger(trigger: str | None) -> str | None:
    if trigger and trigger not in Trigger.__members__:
        raise ValidationError(f"Thao tác '{trigger}' không có trong quy trình.")
    return trigger or None


def _window(flt: AuditFilter, tz: ZoneInfo) -> tuple[datetime | None, datetime | None]:
    """The local days from..to (inclusive) as [since, before) instants."""
    if flt.date_from and flt.date_to and flt.date_from > flt.date_to:
        raise ValidationError("Khoảng ngày không hợp lệ: 'từ ngày' phải trước 'đến ngày'.")
    since = datetime.combine(flt.date_from, time(), tz) if flt.date_from else None
    before = datetime.combine(flt.date_to + timedelta(days=1), time(), tz) if flt.date_to else None
    return since, before
