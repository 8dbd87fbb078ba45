"""The award catalogue and the rounds of movements."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from awards.data import DATA_DIR
from awards.errors import ValidationError
from awards.model import Award
from awards.repository import UnitOfWorkFactory

# Rounds are administered in awards.services.rounds.admin; kept here for existing callers.
from awards.services.rounds.admin import NewRound, open_round

__all__ = ["NewRound", "load_award_catalogue", "open_round"]

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
