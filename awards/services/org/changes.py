"""Changing the organisation from a date on, without a programmer: add, rename, move, merge,
close. Each change is one transaction with its org_event row; versions before the date stay,
so dossiers, reports and document headers of earlier days still show the old tree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from awards.errors import NotFoundError, ValidationError
from awards.model import OrgEvent
from awards.repository import UnitOfWorkFactory
from awards.repository.org import check_new_version, descendant_ids, unit_by_code, unit_by_id
from awards.repository.org_admin import (
    Session,
    children_on,
    count_members,
    dossiers_in_progress,
    events_of,
    kind_codes,
    move_members,
    unit_codes,
    unit_id_of,
    versions_of,
)
from awards.services.org.units import NewUnit, insert_units, new_version

EVENT_LABELS = {
    "added": "Thành lập",
    "renamed": "Đổi tên",
    "moved": "Chuyển đơn vị cấp trên",
    "merged": "Hợp nhất vào đơn vị khác",
    "received": "Nhận đơn vị hợp nhất",
    "closed": "Giải thể",
}


def _event(
    s: Session, unit_id: int, kind: str, on: date, actor: str, now: datetime, **detail: Any
) -> None:
    s.add(OrgEvent(unit_id=unit_id, kind=kind, effective_on=on, actor=actor, at=now, detail=detail))


def add_unit(
    uow_factory: UnitOfWorkFactory, new: NewUnit, *, on: date, actor: str, now: datetime
) -> int:
    """A new unit from `on`; its parent must exist on that day."""
    with uow_factory() as uow:
        s = uow.session
        if new.parent_code:
            unit_by_code(s, new.parent_code, on)
        kinds = kind_codes(s)
        if new.kind_code not in kinds:
            raise ValidationError(
                f"Loại đơn vị '{new.kind_code}' không có; chọn một trong: {', '.join(kinds)}."
            )
        unit_id = insert_units(uow, [new], on)[new.code]
        assert unit_id is not None
        _event(s, unit_id, "added", on, actor, now, name=new.name, parent=new.parent_code)
        uow.commit()
        return unit_id


def rename_unit(
    uow_factory: UnitOfWorkFactory, code: str, name: str, *, on: date, actor: str, now: datetime
) -> None:
    if not name.strip():
        raise ValidationError("Nhập tên mới của đơn vị.")
    with uow_factory() as uow:
        s = uow.session
        old = new_version(uow, code, on, name=name.strip())
        _event(s, old.id, "renamed", on, actor, now, before=old.name, after=name.strip())
        uow.commit()


def move_unit(
    uow_factory: UnitOfWorkFactory,
    code: str,
    parent_code: str,
    *,
    on: date,
    actor: str,
    now: datetime,
) -> None:
    with uow_factory() as uow:
        s = uow.session
        before = unit_by_code(s, code, on - timedelta(days=1))
        parent = unit_by_code(s, parent_code, on)
        if parent.id in descendant_ids(s, before.id, on - timedelta(days=1)):
            raise ValidationError(
                f"Không chuyển {before.name} vào {parent.name} được: {parent.name} đang trực "
                "thuộc chính đơn vị này."
            )
        if parent.id == before.parent_id:
            raise ValidationError(f"{before.name} đã trực thuộc {parent.name}.")
        old_parent = unit_codes(s).get(before.parent_id) if before.parent_id else None
        new_version(uow, code, on, parent_id=parent.id)
        _event(s, before.id, "moved", on, actor, now, before=old_parent, after=parent_code)
        uow.commit()


def close_unit(
    uow_factory: UnitOfWorkFactory, code: str, *, on: date, actor: str, now: datetime
) -> None:
    """The unit no longer exists from `on` (giải thể); it must have no units or work left."""
    with uow_factory() as uow:
        s = uow.session
        unit = unit_by_code(s, code, on - timedelta(days=1))
        _refuse_if_busy(s, unit.id, unit.name, on, "giải thể")
        if count_members(s, unit.id):
            raise ValidationError(
                f"{unit.name} còn {count_members(s, unit.id)} đoàn viên; hợp nhất đơn vị vào "
                "đơn vị khác (tdkt org merge) để chuyển đoàn viên, hoặc chuyển họ trước."
            )
        _end(s, unit.id, on)
        _event(s, unit.id, "closed", on, actor, now)
        uow.commit()


def merge_unit(
    uow_factory: UnitOfWorkFactory, code: str, into: str, *, on: date, actor: str, now: datetime
) -> int:
    """From `on`, the units below `code` and its members belong to `into`, and `code` ends.

    Returns how many members moved. Dossiers keep the unit they were nominated by, so earlier
    days (and their documents) still show the old tree."""
    with uow_factory() as uow:
        s = uow.session
        unit = unit_by_code(s, code, on - timedelta(days=1))
        target = unit_by_code(s, into, on)
        if target.id == unit.id or target.id in descendant_ids(s, unit.id, on - timedelta(days=1)):
            raise ValidationError(
                f"Không hợp nhất {unit.name} vào {target.name}: phải là một đơn vị khác, không "
                "trực thuộc đơn vị bị hợp nhất."
            )
        _refuse_if_busy(s, unit.id, unit.name, on, "hợp nhất", children=False)
        children = children_on(s, unit.id, on - timedelta(days=1))
        for child in children:
            new_version(
                uow, unit_by_id(s, child, on - timedelta(days=1)).code, on, parent_id=target.id
            )
        members = move_members(s, unit.id, target.id)
        _end(s, unit.id, on)
        moved = [unit_by_id(s, c, on).code for c in children]
        _event(s, unit.id, "merged", on, actor, now, into=into, units=moved, members=members)
        _event(s, target.id, "received", on, actor, now, unit=code, units=moved, members=members)
        uow.commit()
        return members


def _refuse_if_busy(
    s: Session, unit_id: int, name: str, on: date, what: str, *, children: bool = True
) -> None:
    if children and children_on(s, unit_id, on):
        raise ValidationError(
            f"Không {what} {name} được: còn đơn vị trực thuộc từ ngày {on:%d/%m/%Y}; chuyển "
            "hoặc hợp nhất các đơn vị đó trước."
        )
    busy = dossiers_in_progress(s, unit_id)
    if busy:
        shown = ", ".join(busy[:5]) + (f" và {len(busy) - 5} hồ sơ khác" if len(busy) > 5 else "")
        raise ValidationError(
            f"Không {what} {name} được: còn hồ sơ đang xử lý ({shown}); hoàn tất hoặc rút các "
            "hồ sơ đó trước."
        )


def _end(s: Session, unit_id: int, on: date) -> None:
    open_version = check_new_version(s, unit_id, on)
    if open_version is None:
        raise ValidationError(f"Đơn vị số {unit_id} không có phiên bản đang hiệu lực để kết thúc.")
    open_version.valid_to = on
    s.add(open_version)


@dataclass(frozen=True)
class UnitHistory:
    code: str
    versions: list[tuple[date, date | None, str, str | None]]  # from, to, name, parent code
    events: list[tuple[date, str, str]]  # effective on, label, actor


def unit_history(uow_factory: UnitOfWorkFactory, code: str) -> UnitHistory:
    with uow_factory(write=False) as uow:
        s = uow.session
        unit_id = unit_id_of(s, code)
        if unit_id is None:
            raise NotFoundError(f"Không có đơn vị mã '{code}'.")
        codes = unit_codes(s)
        versions = [
            (v.valid_from, v.valid_to, v.name, codes.get(v.parent_id) if v.parent_id else None)
            for v in versions_of(s, unit_id)
        ]
        events = [
            (e.effective_on, EVENT_LABELS.get(e.kind, e.kind), e.actor)
            for e in events_of(s, unit_id)
        ]
    return UnitHistory(code, versions, events)
