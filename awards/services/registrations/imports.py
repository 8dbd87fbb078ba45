"""Importing a unit's đăng ký thi đua from the XLSX/CSV template (`tdkt template registrations`).

Every row is checked like one registration of the form (round and period, award, scope,
duplicates in the database or earlier in the file) and each problem is reported with its row,
column and reason; nothing is written unless the file is valid, or with ``valid_only`` the valid
rows are written in one transaction and the rejected ones go to an error file beside the input.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from pathlib import Path

from awards.errors import AwardsError, ImportFileError
from awards.repository import UnitOfWorkFactory
from awards.repository.registrations import key_of
from awards.services.nomination.imports import (
    ImportResult,
    Problem,
    _finish,
    _label,
    cell_problems,
    code_of,
)
from awards.services.nomination.tabular import read_rows
from awards.services.registrations.register import (
    NewRegistration,
    _check,
    _Checked,
    _write,
    check_period,
)
from rules.facts import NOMINEE_KIND_LABELS

KIND = "registrations"


def import_registrations(
    uow_factory: UnitOfWorkFactory,
    path: Path,
    round_code: str,
    *,
    actor: str,
    now: datetime,
    valid_only: bool = False,
    allowed_units: Collection[int] | None = None,
) -> ImportResult:
    """``allowed_units``: the units the importing user may register for (None: any unit)."""
    rows = read_rows(path, KIND)
    with uow_factory() as uow:
        try:
            rnd = uow.rounds.by_code(round_code)
            check_period(rnd, now.date())
        except AwardsError as err:
            raise ImportFileError(err.message, []) from None
        awards = uow.rounds.awards()
        names = {a.code: a.name for a in awards.values()}
        taken = uow.registrations.live_keys(rnd.id or 0)
        first_row: dict[tuple[str, str, int], int] = {}
        problems: list[Problem] = []
        checked: dict[int, _Checked] = {}
        for number, row in rows:
            found = cell_problems(KIND, number, row)
            row["kind"] = code_of(row.get("kind", ""), NOMINEE_KIND_LABELS)
            row["award"] = code_of(row.get("award", ""), names)
            kind = row["kind"]
            column = _label(KIND, "person" if kind == "ca_nhan" else "collective")
            unit_id = uow.org.unit_id(row["unit"]) if row.get("unit") else None
            if row.get("unit") and unit_id is None:
                found.append((number, _label(KIND, "unit"), f"không có đơn vị mã '{row['unit']}'"))
            elif allowed_units is not None and unit_id not in allowed_units:
                found.append(
                    (number, _label(KIND, "unit"), f"bạn không được đăng ký cho '{row['unit']}'")
                )
            if row["award"] and row["award"] not in awards:
                found.append(
                    (number, _label(KIND, "award"), f"không có hình thức mã '{row['award']}'")
                )
            if kind and kind not in NOMINEE_KIND_LABELS:
                found.append(
                    (
                        number,
                        _label(KIND, "kind"),
                        f"'{kind}' không có; ghi 'Cá nhân' hoặc 'Tập thể'",
                    )
                )
            elif kind and not row.get("person" if kind == "ca_nhan" else "collective"):
                found.append((number, column, "bắt buộc với loại này"))
            if not found:
                new = NewRegistration(
                    round_code,
                    row["unit"],
                    row["award"],
                    row.get("person") if kind == "ca_nhan" else None,
                    row.get("collective") if kind == "tap_the" else None,
                )
                try:
                    one = _check(uow, rnd, new, awards, taken, now.date())
                except AwardsError as err:
                    found.append((number, column, err.message))
                else:
                    key = key_of(
                        one.row.award_code, kind, one.row.person_id, one.row.nominee_unit_id
                    )
                    if key in first_row:
                        found.append((number, column, f"trùng đăng ký ở dòng {first_row[key]}"))
                    else:
                        first_row[key] = number
                        checked[number] = one
            problems += found

        def write(good: list[dict[str, str]]) -> int:
            bad = {n for n, _, _ in problems}
            keep = [c for n, c in checked.items() if n not in bad]
            return len(_write(uow, {rnd.code: rnd}, keep, actor, now)) if keep else 0

        return _finish(KIND, path, rows, problems, valid_only, write)
