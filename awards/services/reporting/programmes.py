"""Programmes (seed 004): load one from its data file, add records, and roll it up.

The rollup is one SQL GROUP BY (awards.repository.programmes) feeding the pure
`awards.reports.programme.rollup`, which ranks, rounds half up and flags.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from awards.data import DATA_DIR
from awards.errors import ValidationError
from awards.model import Programme
from awards.reports import programme as pure
from awards.repository import UnitOfWorkFactory
from awards.repository.programmes import PARTNER
from awards.repository.reports import ReportRepository

DATA = DATA_DIR / "programmes"
DEFAULT_PROGRAMME = DATA / "mot-trieu-sang-kien.yaml"


@dataclass(frozen=True)
class NewRecord:
    unit_code: str
    recorded_on: date
    ref: str
    title: str = ""
    author: str = ""
    value_vnd: int = 0


def load_programme(
    uow_factory: UnitOfWorkFactory, path: Path = DEFAULT_PROGRAMME, *, on: date | None = None
) -> int:
    """Insert or update the programme of a data file; its units must already exist."""
    spec: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    where = path.name
    phases = [
        {**p, "seq": i, "starts_on": p["starts_on"], "ends_on": p["ends_on"]}
        for i, p in enumerate(spec["phases"], start=1)
    ]
    on = on or phases[-1]["ends_on"]
    with uow_factory() as uow:
        ids = uow.reports.unit_ids([*spec["targets"], spec.get("organiser") or ""])
        _check_codes(where, ids, spec)
        _check_not_nested(uow.reports, where, [ids[c] for c in spec["targets"]], on)
        programme = Programme(
            code=spec["code"],
            name=spec["name"],
            record_kind=spec.get("record_kind", "sang_kien"),
            organiser_unit_id=ids.get(spec.get("organiser") or ""),
            partner_label=spec.get("partner_label", "Đơn vị phối hợp"),
            exceeded_at=int(spec.get("exceeded_at", 100)),
            below=int(spec.get("below", 50)),
        )
        targets = [
            {"unit_id": ids[code], "phase": phase, "target": int(value)}
            for code, by_phase in spec["targets"].items()
            for phase, value in by_phase.items()
        ]
        programme_id = uow.reports.replace_programme(programme, phases, targets)
        uow.commit()
    return programme_id


def _check_codes(where: str, ids: dict[str, int], spec: dict[str, Any]) -> None:
    missing = sorted(set(spec["targets"]) - set(ids))
    if missing:
        raise ValidationError(f"{where}: chưa có đơn vị {missing}; nạp tổ chức trước.")
    phase_codes = {p["code"] for p in spec["phases"]}
    for code, by_phase in spec["targets"].items():
        unknown = set(by_phase) - phase_codes
        if unknown:
            raise ValidationError(f"{where}, chỉ tiêu của {code}: giai đoạn không có {unknown}.")


def _check_not_nested(reports: ReportRepository, where: str, unit_ids: list[int], on: date) -> None:
    chosen = set(unit_ids)
    for unit_id in unit_ids:
        above = set(reports.ancestor_ids(unit_id, on)[1:]) & chosen
        if above:
            raise ValidationError(
                f"{where}: đơn vị số {unit_id} nằm dưới đơn vị số {min(above)} cũng có chỉ tiêu; "
                "kết quả sẽ bị tính hai lần. Chỉ giao chỉ tiêu cho các đơn vị không lồng nhau."
            )


def add_records(uow_factory: UnitOfWorkFactory, programme_code: str, rows: list[NewRecord]) -> int:
    """Insert records in one transaction; unknown unit codes are an error, nothing is written."""
    with uow_factory() as uow:
        programme = uow.reports.programme_by_code(programme_code)
        ids = uow.reports.unit_ids(sorted({r.unit_code for r in rows}))
        missing = sorted({r.unit_code for r in rows} - set(ids))
        if missing:
            raise ValidationError(f"Không có đơn vị mã {missing}; không ghi bản ghi nào.")
        n = uow.reports.insert_records(
            [
                {
                    "programme_id": programme.id,
                    "unit_id": ids[r.unit_code],
                    "recorded_on": r.recorded_on,
                    "ref": r.ref,
                    "title": r.title,
                    "author": r.author,
                    "value_vnd": r.value_vnd,
                }
                for r in rows
            ],
        )
        uow.commit()
    return n


def programme_rollup(uow_factory: UnitOfWorkFactory, code: str, on: date) -> pure.ProgrammeRollup:
    """The BIỂU TỔNG HỢP of a programme with records counted up to `on` (inclusive)."""
    with uow_factory() as uow:
        data = uow.reports.programme_data(code, on)
        assert data.programme.id is not None
        counts = uow.reports.record_counts(data.programme.id, on)
    phases = tuple(pure.Phase(p.code, p.name) for p in data.phases)
    programme = pure.Programme(data.programme.name, phases, as_of=on)
    units = [
        pure.UnitTargets(data.participants[uid][0], data.participants[uid][1], targets)
        for uid, targets in data.targets.items()
    ]
    codes = {uid: data.participants[uid][0] for uid in data.targets}
    if any(root == PARTNER for root, _ in counts):
        zero = {p.code: 0 for p in phases}  # printed as 0 with an empty ratio (seed 004)
        units.append(pure.UnitTargets("", data.programme.partner_label, zero))
    records = [
        pure.ResultRecord(codes.get(root, ""), phase, n) for (root, phase), n in counts.items()
    ]
    return pure.rollup(
        programme,
        units,
        records,
        exceeded_at=data.programme.exceeded_at,
        below=data.programme.below,
    )
