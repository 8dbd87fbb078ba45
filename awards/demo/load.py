"""The demo: load the Lai Châu federation and its generated population."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from awards.data import DATA_DIR
from awards.demo.population import PopulationSpec, generate_population
from awards.repository import UnitOfWorkFactory
from awards.services.org.units import add_units, load_unit_kinds, read_units_csv
from awards.services.rounds.catalogue import load_award_catalogue

DATA = DATA_DIR
UNITS_CSV = DATA / "laichau-units.csv"


@dataclass(frozen=True)
class OrgSummary:
    units_by_kind: dict[str, int]
    cdcs_by_sector: dict[str, int]
    members: int
    women: int

    @property
    def women_share(self) -> float:
        return self.women / self.members if self.members else 0.0


def load_demo(uow_factory: UnitOfWorkFactory, spec: PopulationSpec | None = None) -> OrgSummary:
    """Kinds, catalogue, the 12 units of the seed CSV, then 778 CĐCS and their members."""
    load_unit_kinds(uow_factory)
    load_award_catalogue(uow_factory)
    add_units(uow_factory, read_units_csv(UNITS_CSV))
    generate_population(uow_factory, _weights(UNITS_CSV), spec or PopulationSpec())
    return org_summary(uow_factory)


def _weights(path: Path) -> dict[str, int]:
    """Relative sizes of the upper-level unions: their two-phase sáng kiến targets."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {
        r["code"]: int(r["initiative_target_phase1"]) + int(r["initiative_target_phase2"])
        for r in rows
        if r["initiative_target_phase1"]
    }


def org_summary(uow_factory: UnitOfWorkFactory, on: date | None = None) -> OrgSummary:
    with uow_factory() as uow:
        kinds = uow.org.count_by_kind_name()
        sectors = uow.org.count_by_sector("cdcs")
        members, women = uow.people.count(), uow.people.count(gender="nu")
    return OrgSummary(kinds, sectors, members, women)
