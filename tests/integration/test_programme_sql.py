"""Seed 004's table from raw records in the database: one GROUP BY, then the pure rollup."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from awards.bootstrap import App
from awards.errors import ValidationError
from awards.reports.programme import BELOW_HALF, EXCEEDED, Cell
from awards.services.org.units import NewUnit, add_units, load_unit_kinds
from awards.services.reporting.programmes import (
    NewRecord,
    add_records,
    load_programme,
    programme_rollup,
)
from tests.support import seed004

AS_OF = date(2022, 11, 10)
PHASES = seed004.PHASES


def _org(app: App) -> None:
    load_unit_kinds(app.uow)
    units = [
        NewUnit("TLD", "Tổng Liên đoàn Lao động Việt Nam", "tld", None),
        NewUnit("LDLD-LC", "Liên đoàn Lao động tỉnh Lai Châu", "ldld_tinh", "TLD"),
    ]
    for code, line in zip(seed004.CODES[:-1], seed004.PRINTED[:-1], strict=True):
        units.append(NewUnit(code, line[1], "ldld_huyen", "LDLD-LC"))
        units.append(NewUnit(f"{code}-CS", f"CĐCS thuộc {code}", "cdcs", code, sector="hcsn"))
    units.append(NewUnit("DIEN-LUC", "Công đoàn Công ty Điện lực Lai Châu", "cdcs", "LDLD-LC"))
    add_units(app.uow, units)


def _records() -> list[NewRecord]:
    """One record per sáng kiến, half entered by the CĐCS below the unit, on random days."""
    rng = random.Random(4)
    out: list[NewRecord] = []
    codes = [*seed004.CODES[:-1], "DIEN-LUC"]
    for code, line in zip(codes, seed004.PRINTED, strict=True):
        for phase, n in (("GD1", line[4]), ("GD2", line[7])):
            start, _ = PHASES[phase]
            end = min(PHASES[phase][1], AS_OF)
            for i in range(n):
                day = start + timedelta(days=rng.randrange((end - start).days + 1))
                unit = f"{code}-CS" if i % 2 and code != "DIEN-LUC" else code
                out.append(NewRecord(unit, day, f"{code}-{phase}-{i}", title="Sáng kiến"))
    # Not counted: after the count date, and before the programme began.
    out.append(NewRecord("TU", AS_OF + timedelta(days=1), "late-1"))
    out.append(NewRecord("YT-CS", date(2021, 8, 31), "early-1"))
    rng.shuffle(out)
    return out


@pytest.fixture
def seeded(tdkt: App, tmp_path: Path) -> App:
    _org(tdkt)
    load_programme(tdkt.uow, seed004.programme_spec(tmp_path))
    assert add_records(tdkt.uow, "MOT-TRIEU-SK", _records()) == 2154
    return tdkt


def test_raw_records_reproduce_seed_004(seeded: App) -> None:
    result = programme_rollup(seeded.uow, "MOT-TRIEU-SK", AS_OF)
    printed = seed004.printed_rows()
    got = [
        replace(r, flags=frozenset(), unit_code=p.unit_code)
        for r, p in zip(result.rows, printed, strict=True)
    ]
    assert got == printed  # ranking, half-up rounding (85.5 → 86) and the empty partner ratios
    assert result.totals.phases == (Cell(1200, 1775, 148), Cell(1100, 377, 34))
    assert result.totals.total == Cell(2300, 2152, 94)
    assert result.rows[-1].total == Cell(0, 81, None)
    assert result.flagged(EXCEEDED) == tuple(line[1] for line in seed004.PRINTED[:3])
    assert result.flagged(BELOW_HALF) == ("Công đoàn ngành Y tế",)


def test_count_date_is_inclusive_and_moves_results(seeded: App) -> None:
    later = programme_rollup(seeded.uow, "MOT-TRIEU-SK", AS_OF + timedelta(days=1))
    assert later.totals.total.result == 2153
    earlier = programme_rollup(seeded.uow, "MOT-TRIEU-SK", date(2022, 5, 31))
    assert earlier.totals.phases[1].result == 0


def test_nested_participants_are_refused(tdkt: App, tmp_path: Path) -> None:
    _org(tdkt)
    path = seed004.programme_spec(tmp_path)
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    spec["targets"]["TU-CS"] = {"GD1": 5}
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValidationError, match="không lồng nhau"):
        load_programme(tdkt.uow, path)


def test_the_shipped_programme_loads_on_the_lai_chau_units(tdkt: App) -> None:
    from awards.services.org.units import DATA, read_units_csv

    load_unit_kinds(tdkt.uow)
    add_units(tdkt.uow, read_units_csv(DATA / "laichau-units.csv"))
    load_programme(tdkt.uow)
    empty = programme_rollup(tdkt.uow, "MOT-TRIEU-SK", AS_OF)
    assert empty.totals.total == Cell(2300, 0, 0)
    assert len(empty.rows) == 11


def test_values_above_int4_are_stored(tdkt: App, tmp_path: Path) -> None:
    """5 billion đồng (a large sáng kiến) passes PostgreSQL int4; value_vnd is BIGINT."""
    from sqlmodel import select

    from awards.model import ProgrammeRecord

    _org(tdkt)
    load_programme(tdkt.uow, seed004.programme_spec(tmp_path))
    big = NewRecord("TU", date(2022, 3, 1), "TU-LON-1", title="Sáng kiến lớn", value_vnd=5 * 10**9)
    assert add_records(tdkt.uow, "MOT-TRIEU-SK", [big]) == 1
    with tdkt.uow(write=False) as uow:
        stored = uow.session.exec(
            select(ProgrammeRecord.value_vnd).where(ProgrammeRecord.ref == "TU-LON-1")
        ).one()
    assert stored == 5_000_000_000
