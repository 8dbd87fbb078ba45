"""The award catalogue and the rounds of movements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from awards.data import DATA_DIR
from awards.errors import NotFoundError, ValidationError
from awards.model import Award, Movement, Round
from awards.repository import UnitOfWorkFactory

DATA = DATA_DIR
_AWARD_FIELDS = set(Award.model_fields)


def load_award_catalogue(
    uow_factory: UnitOfWorkFactory, path: Path = DATA / "award_catalogue.yaml"
) -> int:
    """Insert or update every award of the catalogue file in one transaction."""
    rows: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    awards = [_award(i, row, path) for i, row in enumerate(rows, start=1)]
    with uow_factory() as uow:
        for award in awards:
            uow.rounds.save_award(award)
        uow.commit()
    return len(awards)


def _award(index: int, row: dict[str, Any], path: Path) -> Award:
    unknown = set(row) - _AWARD_FIELDS
    where = f"{path.name}, mục {index} ({row.get('code', '?')})"
    if unknown:
        raise ValidationError(f"{where}: trường không biết {sorted(unknown)}.")
    kinds = row.get("nominee_kinds") or []
    if not kinds or set(kinds) - {"ca_nhan", "tap_the"}:
        raise ValidationError(f"{where}: nominee_kinds phải gồm ca_nhan và/hoặc tap_the.")
    levels = row.get("appraised_at_levels") or []
    if row.get("decided_at_level") not in levels:
        raise ValidationError(
            f"{where}: decided_at_level phải nằm trong appraised_at_levels {levels}."
        )
    return Award(**row)


@dataclass(frozen=True)
class NewRound:
    code: str
    name: str
    movement_code: str
    movement_name: str
    organiser_code: str
    year: int
    opens_on: date
    closes_on: date
    submission_deadline: date


def open_round(uow_factory: UnitOfWorkFactory, new: NewRound) -> int:
    """Create a round (and its movement if new); returns the round id."""
    if not new.opens_on <= new.submission_deadline <= new.closes_on:
        raise ValidationError(
            f"Đợt '{new.code}': hạn nộp {new.submission_deadline:%d/%m/%Y} phải nằm trong "
            f"{new.opens_on:%d/%m/%Y}–{new.closes_on:%d/%m/%Y}."
        )
    with uow_factory() as uow:
        movement = uow.rounds.movement(new.movement_code)
        if movement is None:
            movement = uow.rounds.add_movement(
                Movement(code=new.movement_code, name=new.movement_name)
            )
        organiser = uow.org.unit(new.organiser_code)
        if organiser is None:
            raise NotFoundError(f"Không có đơn vị tổ chức đợt mã '{new.organiser_code}'.")
        assert movement.id is not None and organiser.id is not None
        rnd = Round(
            code=new.code,
            movement_id=movement.id,
            organiser_unit_id=organiser.id,
            name=new.name,
            year=new.year,
            opens_on=new.opens_on,
            closes_on=new.closes_on,
            submission_deadline=new.submission_deadline,
        )
        uow.rounds.add(rnd)
        uow.commit()
        assert rnd.id is not None
        return rnd.id
