"""`tdkt org import`: the organisation a federation keeps in Excel/CSV, applied from a date.

One row per unit as it is from its effective date: a new code founds the unit; an existing
code with another name, parent, place, mailbox or sector renames, moves or updates it; "Hợp
nhất vào" merges it, "Giải thể" closes it. Every problem is reported with its row, column and
how to fix it, and the whole file is one transaction: nothing is written unless every row
applies (a dry run applies it, lists what would change, and rolls back). Each change writes
its org_event, as the single commands do (awards.services.org.changes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from awards.errors import AwardsError, ImportFileError
from awards.repository import UnitOfWork, UnitOfWorkFactory
from awards.services.nomination.imports import (
    NO,
    YES,
    Problem,
    cell_problems,
    code_of,
    parse_day,
)
from awards.services.nomination.tabular import columns_of, read_rows, template_bytes
from awards.services.org import changes
from awards.services.org.units import NewUnit

KIND = "units"
SECTORS = {"hcsn": "HCSN", "sxkd": "SXKD"}
SECTOR_NAMES = {"hcsn": "Hành chính sự nghiệp", "sxkd": "Sản xuất kinh doanh"}


def label(key: str) -> str:
    return next(c.label for c in columns_of(KIND) if c.key == key)


@dataclass(frozen=True)
class OrgChange:
    row: int
    code: str
    what: str  # Thành lập, Đổi tên, Chuyển đơn vị cấp trên…
    detail: str
    on: date


@dataclass
class OrgImportResult:
    changes: list[OrgChange] = field(default_factory=list)
    unchanged: int = 0
    dry_run: bool = False


@dataclass
class _Row:
    number: int
    code: str
    day: date
    cells: dict[str, str]
    kind: str | None = None
    sector: str | None = None
    close: bool = False


def import_units(
    uow_factory: UnitOfWorkFactory,
    path: Path,
    *,
    actor: str,
    now: datetime,
    default_day: date | None = None,
    dry_run: bool = False,
    allowed_units: set[int] | None = None,
    max_rows: int | None = None,
) -> OrgImportResult:
    """Apply the file; ``allowed_units``: where the importing user may change the tree (None:
    anywhere). ImportFileError lists every problem when any row cannot be applied."""
    raw = read_rows(path, KIND, max_rows=max_rows)
    with uow_factory() as uow:
        kinds = uow.org_admin.kind_names()
        known = uow.org.ids_by_code()
        rows, problems = _check(raw, kinds, set(known), default_day)
        if problems:
            raise _refusal(path, problems)
        result = OrgImportResult(dry_run=dry_run)
        reach = None if allowed_units is None else set(allowed_units)
        apply = _Apply(uow, result, reach, actor, now, kinds)
        new = [r for r in rows if r.code not in known]
        for row in _parents_first(new):
            apply.add(row)
        for row in (r for r in rows if r.code in known):
            apply.change(row)
        for row in (r for r in rows if r.cells.get("merge_into") or r.close):
            apply.end(row)
        if apply.problems:
            raise _refusal(path, apply.problems)
        if dry_run:
            uow.rollback()
        else:
            uow.commit()
    result.changes.sort(key=lambda c: c.row)
    return result


def _refusal(path: Path, problems: list[Problem]) -> ImportFileError:
    problems = sorted(problems)
    shown = "; ".join(f"dòng {n}, cột “{c}”: {r}" for n, c, r in problems[:20])
    more = f" (và {len(problems) - 20} lỗi khác)" if len(problems) > 20 else ""
    return ImportFileError(
        f"Tệp {path.name} có {len(problems)} lỗi, không ghi thay đổi nào: {shown}{more}. "
        "Sửa các dòng này rồi nhập lại.",
        problems,
    )


def _check(
    raw: list[tuple[int, dict[str, str]]],
    kinds: dict[str, str],
    known: set[str],
    default_day: date | None,
) -> tuple[list[_Row], list[Problem]]:
    """Cells and the file's own consistency (before anything is looked up or written)."""
    problems: list[Problem] = []
    rows: list[_Row] = []
    seen: dict[str, int] = {}
    new_codes = {cells.get("code", "") for _, cells in raw} - known
    for number, cells in raw:
        found = cell_problems(KIND, number, cells)
        code = cells.get("code", "")
        if code and code in seen:
            found.append((number, label("code"), f"mã '{code}' đã có ở dòng {seen[code]}"))
        seen.setdefault(code, number)
        day = default_day
        if cells.get("day"):
            try:
                day = parse_day(cells["day"])
            except ValueError:
                found.append((number, label("day"), f"'{cells['day']}' không phải ngày dd/mm/yyyy"))
        elif day is None:
            found.append(
                (number, label("day"), "bắt buộc: ghi ngày hiệu lực, hoặc chọn ngày chung khi nhập")
            )
        row = _Row(number, code, day or date.min, cells)
        if cells.get("kind"):
            row.kind = code_of(cells["kind"], kinds)
            if row.kind not in kinds:
                names = "; ".join(kinds.values())
                found.append((number, label("kind"), f"'{cells['kind']}' không có; ghi {names}"))
        if cells.get("sector"):
            sector = code_of(cells["sector"], SECTORS)
            sector = code_of(sector, SECTOR_NAMES)
            if sector not in SECTORS:
                found.append((number, label("sector"), "ghi HCSN hoặc SXKD"))
            row.sector = sector
        flag = cells.get("close", "").lower()
        if flag not in YES | NO:
            found.append((number, label("close"), "ghi 'có' hoặc để trống"))
        row.close = flag in YES
        if row.close and cells.get("merge_into"):
            found.append(
                (number, label("close"), "một đơn vị hoặc giải thể hoặc hợp nhất; bỏ một trong hai")
            )
        if code and code not in known:
            for key in ("name", "kind"):
                if not cells.get(key):
                    found.append((number, label(key), "bắt buộc với đơn vị mới"))
            parent = cells.get("parent", "")
            if parent and parent not in known and parent not in new_codes:
                found.append(
                    (number, label("parent"), f"không có đơn vị mã '{parent}' (trong CSDL hay tệp)")
                )
        problems += found
        if not found:
            rows.append(row)
    return rows, problems


def _parents_first(rows: list[_Row]) -> list[_Row]:
    """New units ordered so that a parent founded in the same file comes before its units."""
    by_code = {r.code: r for r in rows}
    out: list[_Row] = []
    placed: set[str] = set()

    def place(row: _Row, depth: int = 0) -> None:
        if row.code in placed or depth > 50:
            return
        parent = by_code.get(row.cells.get("parent", ""))
        if parent is not None:
            place(parent, depth + 1)
        placed.add(row.code)
        out.append(row)

    for row in rows:
        place(row)
    return out


class _Apply:
    """The changes of the rows inside one transaction; a refused change is a row problem."""

    def __init__(
        self,
        uow: UnitOfWork,
        result: OrgImportResult,
        reach: set[int] | None,
        actor: str,
        now: datetime,
        kinds: dict[str, str],
    ) -> None:
        self.uow, self.result, self.reach = uow, result, reach
        self.actor, self.now, self.kinds = actor, now, kinds
        self.problems: list[Problem] = []

    def _allowed(self, row: _Row, key: str, code: str) -> bool:
        if self.reach is None:
            return True
        unit_id = self.uow.org.unit_id(code)
        if unit_id in self.reach:
            return True
        self.problems.append(
            (row.number, label(key), f"bạn không được thay đổi tổ chức của đơn vị '{code}'")
        )
        return False

    def _done(self, row: _Row, what: str, detail: str) -> None:
        self.result.changes.append(OrgChange(row.number, row.code, what, detail, row.day))

    def _try(self, row: _Row, key: str, change: Any) -> bool:
        try:
            change()
        except AwardsError as err:
            self.problems.append((row.number, label(key), str(err)))
            return False
        return True

    def add(self, row: _Row) -> None:
        c = row.cells
        parent = c.get("parent") or None
        if parent and not self._allowed(row, "parent", parent):
            return
        if parent is None and self.reach is not None:
            self.problems.append(
                (row.number, label("parent"), "bắt buộc: đơn vị mới trực thuộc đơn vị của bạn")
            )
            return
        assert row.kind is not None
        new = NewUnit(
            row.code,
            c["name"],
            row.kind,
            parent,
            sector=row.sector,
            email=c.get("email") or None,
            place=c.get("place") or None,
        )
        ids: list[int] = []
        on, actor, now = row.day, self.actor, self.now
        if self._try(  # the parent may not exist on the row's day (the kind was checked)
            row,
            "parent",
            lambda: ids.append(changes.add_in(self.uow, new, on=on, actor=actor, now=now)),
        ):
            if self.reach is not None:
                self.reach.add(ids[0])
            where = f", thuộc {parent}" if parent else ""
            self._done(row, "Thành lập", f"{new.name} ({self.kinds[new.kind_code]}{where})")

    def change(self, row: _Row) -> None:
        c = row.cells
        if not self._allowed(row, "code", row.code):
            return
        try:
            now_row = self.uow.org.by_code(row.code, row.day)
        except AwardsError as err:
            self.problems.append((row.number, label("day"), str(err)))
            return
        unit = self.uow.org.unit(row.code)
        assert unit is not None
        before = f"{row.code} là {self.kinds.get(unit.kind_code, unit.kind_code)}"
        if row.kind and row.kind != unit.kind_code:
            self.problems.append(
                (
                    row.number,
                    label("kind"),
                    f"{before}, không đổi loại được; lập đơn vị mới (mã mới) rồi hợp nhất "
                    "đơn vị cũ vào đơn vị đó",
                )
            )
            return
        name = c.get("name") if c.get("name") and c["name"] != now_row.name else None
        parent = c.get("parent") or None
        codes = self.uow.org.codes_by_id([now_row.parent_id]) if now_row.parent_id else {}
        current_parent = codes.get(now_row.parent_id) if now_row.parent_id else None
        if parent is not None and parent == current_parent:
            parent = None
        if parent is not None and not self._allowed(row, "parent", parent):
            return
        on, actor, now = row.day, self.actor, self.now
        if (name or parent) and self._try(
            row,
            "parent" if parent else "name",
            lambda: changes.change_in(
                self.uow, row.code, name=name, parent_code=parent, on=on, actor=actor, now=now
            ),
        ):
            if name:
                self._done(row, "Đổi tên", f"{now_row.name} → {name}")
            if parent:
                self._done(row, "Chuyển đơn vị cấp trên", f"{current_parent or '—'} → {parent}")
        facts = {
            key: value
            for key, value in (
                ("place", c.get("place")),
                ("email", c.get("email")),
                ("sector", row.sector),
            )
            if value
        }
        changed: dict[str, str | None] = {k: v for k, v in facts.items() if getattr(unit, k) != v}
        if changed and self._try(
            row,
            "place",
            lambda: changes.update_in(self.uow, row.code, changed, on=on, actor=actor, now=now),
        ):
            shown = ", ".join(f"{label(k).lower()}: {v}" for k, v in changed.items())
            self._done(row, "Sửa thông tin", shown)
        if not (name or parent or changed or row.close or c.get("merge_into")):
            self.result.unchanged += 1

    def end(self, row: _Row) -> None:
        into = row.cells.get("merge_into")
        on, actor, now = row.day, self.actor, self.now
        if into:
            if not self._allowed(row, "merge_into", into):
                return
            moved: list[int] = []
            if self._try(
                row,
                "merge_into",
                lambda: moved.append(
                    changes.merge_in(self.uow, row.code, into, on=on, actor=actor, now=now)
                ),
            ):
                self._done(row, "Hợp nhất", f"vào {into}, chuyển {moved[0]} đoàn viên")
        elif row.close and self._try(
            row, "close", lambda: changes.close_in(self.uow, row.code, on=on, actor=actor, now=now)
        ):
            self._done(row, "Giải thể", "")


def units_template(fmt: str) -> bytes:
    """The empty template (headers, and the Hướng dẫn sheet in XLSX)."""
    return template_bytes(KIND, fmt)
