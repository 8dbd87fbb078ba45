"""Seed 004's "01 triệu sáng kiến" table (data to 10/11/2022), after the OCR corrections of
research.md §7.3 (Sìn Hồ 98%, Thành phố 86%, Y tế GĐ2 = 2), as it was printed, as raw input,
and as the programme file `tdkt programme load` reads."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from awards.reports.programme import (
    Cell,
    Phase,
    Programme,
    ResultRecord,
    RollupRow,
    UnitTargets,
)

PROGRAMME = Programme(
    name="Chương trình “01 triệu sáng kiến”",
    phases=(Phase("GD1", "Giai đoạn 1"), Phase("GD2", "Giai đoạn 2")),
    as_of=date(2022, 11, 10),
)
PHASE_NAMES = [p.name for p in PROGRAMME.phases]
PHASES = {"GD1": (date(2021, 9, 1), date(2022, 5, 31)), "GD2": (date(2022, 6, 1), date(2023, 9, 1))}

# TT, unit, CT 2 GĐ, GĐ1 CT/KQ/%, GĐ2 CT/KQ/%, tổng KQ, %: the printed table, in its order.
Line = tuple[int, str, int, int, int, int | None, int, int, int | None, int, int | None]
PRINTED: list[Line] = [
    (1, "LĐLĐ huyện Than Uyên", 240, 115, 308, 268, 125, 30, 24, 338, 141),
    (2, "LĐLĐ huyện Nậm Nhùn", 130, 65, 154, 237, 65, 10, 15, 164, 126),
    (3, "LĐLĐ huyện Tân Uyên", 180, 95, 138, 145, 85, 85, 100, 223, 124),
    (4, "LĐLĐ huyện Sìn Hồ", 250, 130, 162, 125, 120, 83, 69, 245, 98),
    (5, "Công đoàn Viên chức", 280, 140, 249, 178, 140, 19, 14, 268, 96),
    (6, "LĐLĐ huyện Phong Thổ", 265, 135, 155, 115, 130, 85, 65, 240, 91),
    (7, "LĐLĐ huyện Mường Tè", 180, 95, 139, 146, 85, 17, 20, 156, 87),
    (8, "LĐLĐ Thành phố", 200, 130, 137, 105, 70, 34, 49, 171, 86),
    (9, "CĐN Giáo dục", 115, 60, 68, 113, 55, 3, 5, 71, 62),
    (10, "LĐLĐ huyện Tam Đường", 180, 95, 101, 106, 85, 8, 9, 109, 61),
    (11, "Công đoàn ngành Y tế", 280, 140, 84, 60, 140, 2, 1, 86, 31),
    (12, "Đơn vị phối hợp", 0, 0, 80, None, 0, 1, None, 81, None),
]
PRINTED_TOTALS: Line = (0, "Tổng", 2300, 1200, 1775, 148, 1100, 377, 34, 2152, 94)

# Shuffled unit codes so the ranking cannot come from the input order.
CODES = ["TU", "NN", "TAU", "SH", "CDVC", "PT", "MT", "TP", "GD", "TD", "YT", "PH"]


def as_row(code: str, line: Line) -> RollupRow:
    """A printed line as a RollupRow."""
    _, name, total_target, t1, r1, p1, t2, r2, p2, result, pct = line
    return RollupRow(
        code, name, (Cell(t1, r1, p1), Cell(t2, r2, p2)), Cell(total_target, result, pct)
    )


def printed_rows() -> list[RollupRow]:
    return [as_row(code, line) for code, line in zip(CODES, PRINTED, strict=True)]


def targets() -> list[UnitTargets]:
    """Per-unit targets in an order unrelated to the ranking (alphabetical by code)."""
    found = [
        UnitTargets(code, line[1], {"GD1": line[3], "GD2": line[6]})
        for code, line in zip(CODES, PRINTED, strict=True)
    ]
    return sorted(found, key=lambda u: u.unit_code)


def raw_records() -> list[ResultRecord]:
    """One record per sáng kiến (2,152 of them), interleaved across units and phases."""
    records = []
    for code, line in zip(CODES, PRINTED, strict=True):
        records += [ResultRecord(code, "GD1") for _ in range(line[4])]
        records += [ResultRecord(code, "GD2") for _ in range(line[7])]
    return records[::2] + records[1::2]


def programme_spec(tmp_path: Path) -> Path:
    """The programme file of seed 004 (phases and per-unit targets), written under tmp_path."""
    targets = {
        code: {"GD1": line[3], "GD2": line[6]}
        for code, line in zip(CODES[:-1], PRINTED[:-1], strict=True)
    }
    spec = {
        "code": "MOT-TRIEU-SK",
        "name": PROGRAMME.name,
        "organiser": "LDLD-LC",
        "phases": [
            {"code": c, "name": n, "starts_on": s, "ends_on": e}
            for (c, (s, e)), n in zip(PHASES.items(), PHASE_NAMES, strict=True)
        ],
        "targets": targets,
    }
    path = tmp_path / "programme.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    return path
