"""Changing the organisation from a date on, without a programmer: add, rename, move, merge,
close. Each change is one transaction with its org_event row; versions before the date stay,
so dossiers, reports and document headers of earlier days still show the old tree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from awards.errors import NotFoundError, ValidationError
from awards.model import OrgEvent, PersonEvent
from awards.repository import UnitOfWork, UnitOfWorkFactory
from awards.services.org.units import NewUnit, insert_units, new_version

EVENT_LABELS = {
    "added": "Thành lập",
    "renamed": "Đổi tên",
    "moved": "Chuyển đơn vị cấp trên",
    "merged": "Hợp nhất vào đơn vị khác",
    "received": "Nhận đơn vị hợp nhất",
    "closed": "Giải thể",
    "updated": "Sửa địa bàn, hộp thư, khu vực",
}


def _event(
    uow: UnitOfWork, unit_id: int, kind: str, on: date, actor: str, now: datetime, **detail: Any
) -> None:
    event = OrgEvent(
        unit_id=unit_id, kind=kind, effective_on=on, actor=actor, at=now, detail=detail
    )
    uow.org_admin.add_event(event)


def add_unit(
    uow_factory: UnitOfWorkFactory, new: NewUnit, *, on: date, actor: str, now: datetime
) -> int:
    """A new unit from `on`; its parent must exist on that day."""
    with uow_factory() as uow:
        unit_id = add_in(uow, new, on=on, actor=actor, now=now)
        uow.commit()
        return unit_id


def add_in(uow: UnitOfWork, new: NewUnit, *, on: date, actor: str, now: datetime) -> int:
    """add_unit inside the caller's transaction (an import applies many changes in one)."""
    if new.parent_code:
        uow.org.by_code(new.parent_code, on)
    kinds = uow.org_admin.kind_codes()
    if new.kind_code not in kinds:
        raise ValidationError(
            f"Loại đơn vị '{new.kind_code}' không có; chọn một trong: {', '.join(kinds)}."
        )
    unit_id = insert_units(uow, [new], on)[new.code]
    assert unit_id is not None
    _event(uow, unit_id, "added", on, actor, now, name=new.name, parent=new.parent_code)
    return unit_id


def rename_unit(
    uow_factory: UnitOfWorkFactory, code: str, name: str, *, on: date, actor: str, now: datetime
) -> None:
    with uow_factory() as uow:
        rename_in(uow, code, name, on=on, actor=actor, now=now)
        uow.commit()


def rename_in(
    uow: UnitOfWork, code: str, name: str, *, on: date, actor: str, now: datetime
) -> None:
    if not name.strip():
        raise ValidationError("Nhập tên mới của đơn vị.")
    change_in(uow, code, on=on, actor=actor, now=now, name=name)


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
        move_in(uow, code, parent_code, on=on, actor=actor, now=now)
        uow.commit()


def move_in(
    uow: UnitOfWork, code: str, parent_code: str, *, on: date, actor: str, now: datetime
) -> None:
    change_in(uow, code, on=on, actor=actor, now=now, parent_code=parent_code)


def change_in(
    uow: UnitOfWork,
    code: str,
    *,
    on: date,
    actor: str,
    now: datetime,
    name: str | None = None,
    parent_code: str | None = None,
) -> None:
    """A new name, a new parent or both from `on` (one version), each with its org_event."""
    before = uow.org.by_code(code, on - timedelta(days=1))
    parent_id = None
    if parent_code is not None:
        parent = uow.org.by_code(parent_code, on)
        if parent.id in uow.org.descendant_ids(before.id, on - timedelta(days=1)):
            raise ValidationError(
                f"Không chuyển {before.name} vào {parent.name} được: {parent.name} đang trực "
                "thuộc chính đơn vị này."
            )
        if parent.id == before.parent_id:
            raise ValidationError(f"{before.name} đã trực thuộc {parent.name}.")
        parent_id = parent.id
    new_version(uow, code, on, name=name.strip() if name else None, parent_id=parent_id)
    if name:
        _event(uow, before.id, "renamed", on, actor, now, before=before.name, after=name.strip())
    if parent_code is not None:
        codes = uow.org.codes_by_id([before.parent_id]) if before.parent_id else {}
        old_parent = codes.get(before.parent_id) if before.parent_id else None
        _event(uow, before.id, "moved", on, actor, now, before=old_parent, after=parent_code)


def update_in(
    uow: UnitOfWork,
    code: str,
    values: dict[str, str | None],
    *,
    on: date,
    actor: str,
    now: datetime,
) -> None:
    """Facts of a unit that are not dated (place, mailbox, sector), with their org_event."""
    unit = uow.org.unit(code)
    if unit is None or unit.id is None:
        raise NotFoundError(f"Không có đơn vị mã '{code}'.")
    changed = {k: [getattr(unit, k), v] for k, v in values.items() if getattr(unit, k) != v}
    if not changed:
        return
    uow.org_admin.update_unit(unit.id, {k: v for k, (_, v) in changed.items()})
    _event(uow, unit.id, "updated", on, actor, now, **changed)


def close_unit(
    uow_factory: UnitOfWorkFactory, code: str, *, on: date, actor: str, now: datetime
) -> None:
    """The unit no longer exists from `on` (giải thể); it must have no units or work left."""
    with uow_factory() as uow:
        close_in(uow, code, on=on, actor=actor, now=now)
        uow.commit()


def close_in(uow: UnitOfWork, code: str, *, on: date, actor: str, now: datetime) -> None:
    unit = uow.org.by_code(code, on - timedelta(days=1))
    _refuse_if_busy(uow, unit.id, unit.name, on, "giải thể")
    members = uow.org_admin.count_members(unit.id)
    if members:
        raise ValidationError(
            f"{unit.name} còn {members} đoàn viên; hợp nhất đơn vị vào "
            "đơn vị khác (tdkt org merge) để chuyển đoàn viên, hoặc chuyển họ trước."
        )
    _end(uow, unit.id, on)
    _event(uow, unit.id, "closed", on, actor, now)


def merge_unit(
    uow_factory: UnitOfWorkFactory, code: str, into: str, *, on: date, actor: str, now: datetime
) -> int:
    """From `on`, the units below `code` and its members belong to `into`, and `code` ends.

    Returns how many members moved. Dossiers keep the unit they were nominated by, so earlier
    days (and their documents) still show the old tree."""
    with uow_factory() as uow:
        members = merge_in(uow, code, into, on=on, actor=actor, now=now)
        uow.commit()
        return members


def merge_in(uow: UnitOfWork, code: str, into: str, *, on: date, actor: str, now: datetime) -> int:
    unit = uow.org.by_code(code, on - timedelta(days=1))
    target = uow.org.by_code(into, on)
    if target.id == unit.id or target.id in uow.org.descendant_ids(unit.id, on - timedelta(days=1)):
        raise ValidationError(
            f"Không hợp nhất {unit.name} vào {target.name}: phải là một đơn vị khác, không "
            "trực thuộc đơn vị bị hợp nhất."
        )
    _refuse_if_busy(uow, unit.id, unit.name, on, "hợp nhất", children=False)
    children = uow.org_admin.children_on(unit.id, on - timedelta(days=1))
    for child in children:
        new_version(uow, uow.org.by_id(child, on - timedelta(days=1)).code, on, parent_id=target.id)
    # Each member moved gets its own trail line, as if moved one by one.
    moved_people = uow.people.ids_in(unit.id)
    members = uow.org_admin.move_members(unit.id, target.id)
    detail = {"unit": [code, into], "merged_on": on.isoformat()}
    uow.people.add_events(
        [
            PersonEvent(person_id=p, actor=actor, at=now, kind="moved", detail=detail)
            for p in moved_people
        ]
    )
    _end(uow, unit.id, on)
    moved = [uow.org.by_id(c, on).code for c in children]
    _event(uow, unit.id, "merged", on, actor, now, into=into, units=moved, members=members)
    _event(uow, target.id, "received", on, actor, now, unit=code, units=moved, members=members)
    return members


def _refuse_if_busy(
    uow: UnitOfWork, unit_id: int, name: str, on: date, what: str, *, children: bool = True
) -> None:
    if children and uow.org_admin.children_on(unit_id, on):
        raise ValidationError(
            f"Không {what} {name} được: còn đơn vị trực thuộc từ ngày {on:%d/%m/%Y}; chuyển "
            "hoặc hợp nhất các đơn vị đó trước."
        )
    busy = uow.org_admin.dossiers_in_progress(unit_id)
    if busy:
        shown = ", ".join(busy[:5]) + (f" và {len(busy) - 5} hồ sơ khác" if len(busy) > 5 else "")
        raise ValidationError(
            f"Không {what} {name} được: còn hồ sơ đang xử lý ({shown}); hoàn tất hoặc rút các "
            "hồ sơ đó trước."
        )


def _end(uow: UnitOfWork, unit_id: int, on: date) -> None:
    open_version = uow.org.open_version_before(unit_id, on)
    if open_version is None:
        raise ValidationError(f"Đơn vị số {unit_id} không có phiên bản đang hiệu lực để kết thúc.")
    open_version.valid_to = on
    uow.org_admin.save_version(open_version)


@dataclass(frozen=True)
class UnitHistory:
    code: str
    versions: list[tuple[date, date | None, str, str | None]]  # from, to, name, parent code
    events: list[tuple[date, str, str]]  # effective on, label, actor


def unit_history(uow_factory: UnitOfWorkFactory, code: str) -> UnitHistory:
    with uow_factory(write=False) as uow:
        unit_id = uow.org.unit_id(code)
        if unit_id is None:
            raise NotFoundError(f"Không có đơn vị mã '{code}'.")
        codes = uow.org_admin.unit_codes()
        versions = [
            (v.valid_from, v.valid_to, v.name, codes.get(v.parent_id) if v.parent_id else None)
            for v in uow.org_admin.versions(unit_id)
        ]
        events = [
            (e.effective_on, EVENT_LABELS.get(e.kind, e.kind), e.actor)
            for e in uow.org_admin.events(unit_id)
        ]
    return UnitHistory(code, versions, events)
