"""The organisation screen's desk: search, browse and change units, import files, keep members,
on behalf of a signed-in user.

The unit of the permission check is the unit changed and, for a move or merge, the unit it goes
to (Action.manage_org, own and child scope: an administrator changes the tree below their unit);
members are kept with Action.manage_members on the member's unit.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path, PurePath
from typing import BinaryIO

from awards.errors import ImportFileError, NotFoundError, PermissionDenied, ValidationError
from awards.fields import control_problem, require
from awards.permissions import Action
from awards.repository import UnitOfWorkFactory
from awards.services.accounts.access import Principal, authorize
from awards.services.nomination.import_form import spool
from awards.services.nomination.tabular import FILE_LABEL
from awards.services.org import changes
from awards.services.org.changes import UnitHistory, unit_history
from awards.services.org.imports import OrgImportResult, import_units
from awards.services.org.members import (
    MemberHistory,
    MembersImportResult,
    apply_rows,
    import_members_as,
    member_history,
)
from awards.services.org.units import NewUnit

SHOWN = 100  # search results on one page
# A resource limit of ours: a province's 26.000 members are about 3 MB of CSV.
UPLOAD_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class UnitLine:
    code: str
    name: str
    kind: str
    parent: str | None


@dataclass(frozen=True)
class UnitPage:
    line: UnitLine
    parent_name: str | None
    sector: str | None
    place: str | None
    email: str | None
    members: int
    children: list[UnitLine]
    history: UnitHistory


def _typed(**values: str | None) -> None:
    """Text typed on the screen: control characters (NUL…) are refused before any lookup."""
    require(**{k: control_problem(LABELS.get(k, k), v or "") for k, v in values.items()})


LABELS = {
    "code": "Mã",
    "name": "Tên",
    "parent": "Mã đơn vị cấp trên",
    "into": "Mã đơn vị nhận hợp nhất",
    "text": "Từ khóa tìm",
    "place": "Địa bàn",
    "email": "Hộp thư",
}


def _reach(principal: Principal, action: Action, what: str) -> set[int] | None:
    reach = principal.reach(action)
    if reach == set():
        authorize(principal, action, [], what)
    return reach


def _unit_id(uow_factory: UnitOfWorkFactory, code: str) -> int:
    with uow_factory(write=False) as uow:
        return uow.org.require_id(code)


def _check(principal: Principal, uow_factory: UnitOfWorkFactory, *codes: str) -> None:
    for code in codes:
        authorize(principal, Action.manage_org, [_unit_id(uow_factory, code)], f"đơn vị {code}")


def search_units(
    uow_factory: UnitOfWorkFactory, principal: Principal, text: str, on: date
) -> list[UnitLine]:
    """Units valid on `on` whose code or name contains `text`, in the user's reach; without a
    text, the units the user is granted on (where browsing starts)."""
    _typed(text=text)
    reach = _reach(principal, Action.manage_org, "tổ chức")
    with uow_factory(write=False) as uow:
        if not text.strip():
            wanted = {g.unit_id for g in principal.grants if reach is None or g.unit_id in reach}
            rows = uow.org_admin.search("", on, wanted, limit=SHOWN)
        else:
            rows = uow.org_admin.search(text.strip(), on, reach, limit=SHOWN)
    return [UnitLine(*r) for r in rows]


def unit_page(
    uow_factory: UnitOfWorkFactory, principal: Principal, code: str, on: date
) -> UnitPage:
    _typed(code=code)
    history = unit_history(uow_factory, code)
    with uow_factory(write=False) as uow:
        unit_id = uow.org.require_id(code)
        # A unit merged, closed or not founded yet is read where it stood on its last day.
        last = history.versions[-1] if history.versions else None
        day = on
        if last is not None and last[1] is not None and last[1] <= on:
            day = last[1] - timedelta(days=1)
        elif last is not None and last[0] > on:
            day = last[0]
        units = uow.org.ancestor_ids(unit_id, day)
    authorize(principal, Action.manage_org, units, f"đơn vị {code}")
    with uow_factory(write=False) as uow:
        unit = uow.org.unit(code)
        assert unit is not None and unit.id is not None
        kinds = uow.org_admin.kind_names()
        try:
            row = uow.org.by_code(code, on)
        except NotFoundError:
            row = None
        parent = uow.org.by_id(row.parent_id, on) if row and row.parent_id else None
        children = uow.org_admin.children_on(unit.id, on)
        lines = [uow.org.by_id(c, on) for c in children]
        members = uow.org_admin.count_members(unit.id)
    name = row.name if row else (history.versions[-1][2] if history.versions else code)
    line = UnitLine(
        code, name, kinds.get(unit.kind_code, unit.kind_code), parent.code if parent else None
    )
    kids = sorted(
        (UnitLine(c.code, c.name, kinds.get(c.kind_code, c.kind_code), code) for c in lines),
        key=lambda u: u.name,
    )
    return UnitPage(
        line,
        parent.name if parent else None,
        unit.sector,
        unit.place,
        unit.email,
        members,
        kids,
        history,
    )


def kinds(uow_factory: UnitOfWorkFactory) -> list[tuple[str, str]]:
    """(code, name) of the union's unit kinds, for the add form (state bodies are not added)."""
    with uow_factory(write=False) as uow:
        return list(uow.org_admin.kind_names(union_only=True).items())


def add_as(
    uow_factory: UnitOfWorkFactory, principal: Principal, new: NewUnit, *, on: date, now: datetime
) -> int:
    _typed(code=new.code, name=new.name, parent=new.parent_code, place=new.place, email=new.email)
    if not new.parent_code:
        raise ValidationError("Chọn đơn vị cấp trên của đơn vị mới.")
    if not new.code or not new.name:
        raise ValidationError("Nhập mã và tên đơn vị mới.")
    _check(principal, uow_factory, new.parent_code)
    return changes.add_unit(uow_factory, new, on=on, actor=principal.full_name, now=now)


def rename_as(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    code: str,
    name: str,
    *,
    on: date,
    now: datetime,
) -> None:
    _typed(code=code, name=name)
    _check(principal, uow_factory, code)
    changes.rename_unit(uow_factory, code, name, on=on, actor=principal.full_name, now=now)


def move_as(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    code: str,
    parent: str,
    *,
    on: date,
    now: datetime,
) -> None:
    _typed(code=code, parent=parent)
    _check(principal, uow_factory, code, parent)
    changes.move_unit(uow_factory, code, parent, on=on, actor=principal.full_name, now=now)


def _confirmed(confirm: bool, what: str) -> None:
    if not confirm:
        raise ValidationError(f"Đánh dấu ô xác nhận để {what}: thao tác này không hoàn tác được.")


def merge_as(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    code: str,
    into: str,
    *,
    on: date,
    now: datetime,
    confirm: bool,
) -> int:
    _typed(code=code, into=into)
    _check(principal, uow_factory, code, into)
    _confirmed(confirm, "hợp nhất")
    return changes.merge_unit(uow_factory, code, into, on=on, actor=principal.full_name, now=now)


def close_as(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    code: str,
    *,
    on: date,
    now: datetime,
    confirm: bool,
) -> None:
    _typed(code=code)
    _check(principal, uow_factory, code)
    _confirmed(confirm, "giải thể")
    changes.close_unit(uow_factory, code, on=on, actor=principal.full_name, now=now)


@contextmanager
def _upload(filename: str, stream: BinaryIO, max_bytes: int) -> Iterator[Path]:
    ext = PurePath(filename.replace("\\", "/")).suffix.lower()
    if ext not in (".xlsx", ".csv"):
        reason = f"chỉ nhận tệp .xlsx hoặc .csv theo mẫu, không nhận '{ext or filename}'"
        raise ImportFileError(f"Tệp tải lên không dùng được: {reason}.", [(1, FILE_LABEL, reason)])
    with tempfile.TemporaryDirectory(prefix="tdkt-upload-") as tmp:
        path = spool(stream, Path(tmp), ext, max_bytes)
        named = path.with_name(PurePath(filename.replace("\\", "/")).name or path.name)
        shutil.move(path, named)  # messages name the file the user chose
        yield named


def import_units_upload_as(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    *,
    filename: str,
    stream: BinaryIO,
    now: datetime,
    default_day: date | None,
    dry_run: bool,
    max_rows: int,
    max_bytes: int = UPLOAD_BYTES,
) -> OrgImportResult:
    reach = _reach(principal, Action.manage_org, "tổ chức")
    with _upload(filename, stream, max_bytes) as path:
        return import_units(
            uow_factory,
            path,
            actor=principal.full_name,
            now=now,
            default_day=default_day,
            dry_run=dry_run,
            allowed_units=reach,
            max_rows=max_rows,
        )


# -- members ---------------------------------------------------------------------------------


def search_members(
    uow_factory: UnitOfWorkFactory, principal: Principal, text: str
) -> list[tuple[str, str, str, str]]:
    """(code, name, unit code, position) of the members in reach matching `text`."""
    _typed(text=text)
    reach = _reach(principal, Action.manage_members, "đoàn viên")
    with uow_factory(write=False) as uow:
        return uow.people.search(text.strip(), reach, limit=SHOWN)


def member_page(uow_factory: UnitOfWorkFactory, principal: Principal, code: str) -> MemberHistory:
    _typed(code=code)
    return member_history(
        uow_factory, code, allowed_units=_reach(principal, Action.manage_members, "đoàn viên")
    )


def update_member_as(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    code: str,
    cells: dict[str, str],
    *,
    now: datetime,
) -> MembersImportResult:
    """One member's facts from the screen's form, through the same checks as a file's row."""
    _typed(code=code, **cells)
    with uow_factory(write=False) as uow:
        person = uow.people.by_code(code)
        if person is None:
            raise NotFoundError(f"Không có đoàn viên mã '{code}'.")
        target = uow.org.unit_id(cells["unit"]) if cells.get("unit") else None
    authorize(principal, Action.manage_members, [person.unit_id], f"đoàn viên {code}")
    if target is not None:
        authorize(principal, Action.manage_members, [target], f"đơn vị {cells['unit']}")
    row = {k: v.strip() for k, v in cells.items() if v and v.strip()}
    try:
        return apply_rows(
            uow_factory,
            [(1, {**row, "code": code})],
            source=f"Thông tin đoàn viên {code}",
            actor=principal.full_name,
            now=now,
            allowed_units=principal.reach(Action.manage_members),
        )
    except ImportFileError as err:
        raise ValidationError(
            "; ".join(f"{column}: {reason}" for _, column, reason in err.problems)
        ) from None


def import_members_upload_as(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    *,
    filename: str,
    stream: BinaryIO,
    now: datetime,
    dry_run: bool,
    max_rows: int,
    max_bytes: int = UPLOAD_BYTES,
) -> MembersImportResult:
    if principal.reach(Action.manage_members) == set():
        raise PermissionDenied(
            f"Tài khoản {principal.username} không có quyền {Action.manage_members.label}."
        )
    with _upload(filename, stream, max_bytes) as path:
        return import_members_as(
            uow_factory, principal, path, now=now, dry_run=dry_run, max_rows=max_rows
        )
