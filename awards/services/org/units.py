"""Organisation use cases: unit kinds, units from the seed CSV, effective-dated changes."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from awards.data import DATA_DIR
from awards.errors import ValidationError
from awards.model import Unit, UnitKind, UnitVersion
from awards.repository import UnitOfWorkFactory
from awards.repository.org import UnitRow
from awards.repository.uow import UnitOfWork

DATA = DATA_DIR
ORIGIN = date(2000, 1, 1)  # the seed tree is taken as valid from this day


@dataclass(frozen=True)
class NewUnit:
    code: str
    name: str
    kind_code: str
    parent_code: str | None
    sector: str | None = None
    email: str | None = None
    head_email: str | None = None
    liaison_code: str | None = None  # a state body: the union unit that submits to it
    place: str | None = None  # địa bàn


def load_unit_kinds(uow_factory: UnitOfWorkFactory, path: Path = DATA / "unit_kinds.yaml") -> int:
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))
    with uow_factory() as uow:
        for row in rows:
            uow.org.save_kind(UnitKind(**row))
        uow.commit()
    return len(rows)


def add_units(
    uow_factory: UnitOfWorkFactory, units: list[NewUnit], *, valid_from: date = ORIGIN
) -> int:
    """Add units whose parents are already present or earlier in the list, in one transaction."""
    with uow_factory() as uow:
        insert_units(uow, units, valid_from)
        uow.commit()
    return len(units)


def insert_units(uow: UnitOfWork, units: list[NewUnit], valid_from: date) -> dict[str, int]:
    """Inside the caller's transaction; returns every unit's id by code."""
    ids = uow.org.ids_by_code()
    for nu in units:
        if nu.code in ids:
            raise ValidationError(f"Mã đơn vị '{nu.code}' đã tồn tại; mỗi mã chỉ dùng một lần.")
        parent_id = _parent_id(ids, nu)
        unit = Unit(
            code=nu.code,
            kind_code=nu.kind_code,
            sector=nu.sector,
            email=nu.email,
            head_email=nu.head_email,
            place=nu.place,
            liaison_unit_id=ids.get(nu.liaison_code) if nu.liaison_code else None,
        )
        ids[nu.code] = uow.org.add_unit(
            unit, parent_id=parent_id, name=nu.name, valid_from=valid_from
        )
    return ids


def _parent_id(ids: dict[str, int], nu: NewUnit) -> int | None:
    if nu.parent_code is None:
        return None
    if nu.parent_code not in ids:
        raise ValidationError(
            f"Đơn vị '{nu.code}' có đơn vị cấp trên '{nu.parent_code}' chưa có; "
            "thêm đơn vị cấp trên trước."
        )
    return ids[nu.parent_code]


def change_unit(
    uow_factory: UnitOfWorkFactory,
    *,
    code: str,
    valid_from: date,
    name: str | None = None,
    parent_code: str | None = None,
) -> None:
    """Record a rename or a move in the tree from `valid_from` on; history stays as it was."""
    with uow_factory() as uow:
        new_version(uow, code, valid_from, name=name, parent_code=parent_code)
        uow.commit()


def new_version(
    uow: UnitOfWork,
    code: str,
    valid_from: date,
    *,
    name: str | None = None,
    parent_code: str | None = None,
    parent_id: int | None = None,
) -> UnitRow:
    """Inside the caller's transaction: end the open version the day before `valid_from` and
    start one with the new name or parent (by code, or by id); returns the unit as it was."""
    unit = uow.org.by_code(code, valid_from - _ONE_DAY)
    open_version = uow.org.open_version_before(unit.id, valid_from)
    if open_version is not None:
        open_version.valid_to = valid_from
        uow.org.add_version(open_version)
    if parent_code is not None:
        parent_id = uow.org.by_code(parent_code, valid_from).id
    uow.org.add_version(
        UnitVersion(
            unit_id=unit.id,
            parent_id=unit.parent_id if parent_id is None else parent_id,
            name=name or unit.name,
            valid_from=valid_from,
        )
    )
    return unit


_ONE_DAY = date(2000, 1, 2) - date(2000, 1, 1)


def read_units_csv(path: Path) -> list[NewUnit]:
    """The seed CSV (code,name,kind,parent_code,…); TLĐ is added as the root if absent."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    units = [NewUnit(r["code"], r["name"], r["kind"], r["parent_code"] or None) for r in rows]
    codes = {u.code for u in units}
    roots = {u.parent_code for u in units if u.parent_code and u.parent_code not in codes}
    top = [NewUnit(c, "Tổng Liên đoàn Lao động Việt Nam", "tld", None) for c in sorted(roots)]
    return top + units
