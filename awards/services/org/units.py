"""Organisation use cases: unit kinds, units from the seed CSV, effective-dated changes."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from sqlmodel import Session, select

from awards.data import DATA_DIR
from awards.errors import ValidationError
from awards.model import Unit, UnitKind, UnitVersion
from awards.repository import UnitOfWorkFactory
from awards.repository.org import UnitRow, check_new_version, unit_by_code

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


def load_unit_kinds(uow_factory: UnitOfWorkFactory, path: Path = DATA / "unit_kinds.yaml") -> int:
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))
    with uow_factory() as uow:
        for row in rows:
            uow.session.merge(UnitKind(**row))
        uow.commit()
    return len(rows)


def add_units(
    uow_factory: UnitOfWorkFactory, units: list[NewUnit], *, valid_from: date = ORIGIN
) -> int:
    """Add units whose parents are already present or earlier in the list, in one transaction."""
    with uow_factory() as uow:
        insert_units(uow.session, units, valid_from)
        uow.commit()
    return len(units)


def insert_units(s: Session, units: list[NewUnit], valid_from: date) -> dict[str, int | None]:
    """Inside the caller's transaction; returns every unit's id by code."""
    ids = {u.code: u.id for u in s.exec(select(Unit))}
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
            liaison_unit_id=ids.get(nu.liaison_code) if nu.liaison_code else None,
        )
        s.add(unit)
        s.flush()
        assert unit.id is not None
        ids[nu.code] = unit.id
        s.add(
            UnitVersion(unit_id=unit.id, parent_id=parent_id, name=nu.name, valid_from=valid_from)
        )
    s.flush()
    return ids


def _parent_id(ids: dict[str, int | None], nu: NewUnit) -> int | None:
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
        new_version(uow.session, code, valid_from, name=name, parent_code=parent_code)
        uow.commit()


def new_version(
    s: Session,
    code: str,
    valid_from: date,
    *,
    name: str | None = None,
    parent_code: str | None = None,
    parent_id: int | None = None,
) -> UnitRow:
    """Inside the caller's transaction: end the open version the day before `valid_from` and
    start one with the new name or parent (by code, or by id); returns the unit as it was."""
    unit = unit_by_code(s, code, valid_from - _ONE_DAY)
    open_version = check_new_version(s, unit.id, valid_from)
    if open_version is not None:
        open_version.valid_to = valid_from
        s.add(open_version)
    if parent_code is not None:
        parent_id = unit_by_code(s, parent_code, valid_from).id
    s.add(
        UnitVersion(
            unit_id=unit.id,
            parent_id=unit.parent_id if parent_id is None else parent_id,
            name=name or unit.name,
            valid_from=valid_from,
        )
    )
    s.flush()
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
