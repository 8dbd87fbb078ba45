"""Deterministic demo population: the Lai Châu CĐCS and members with years of history.

Figures from seed 003: 778 CĐCS (712 HCSN, 66 SXKD), 26,816 CNVCLĐ, 53.39% women; the SXKD
members are the 1,495 đoàn viên of that sector. Same seed → same rows, so tests can rely on it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml

from awards.data import DATA_DIR
from awards.demo.history import history_rows
from awards.repository import UnitOfWork, UnitOfWorkFactory

DATA = DATA_DIR
MAIL_DOMAIN = "lc.congdoan.example"


@dataclass(frozen=True)
class PopulationSpec:
    seed: int = 2023
    cdcs_hcsn: int = 712
    cdcs_sxkd: int = 66
    members_hcsn: int = 25_321
    members_sxkd: int = 1_495
    women_share: float = 0.5339
    first_year: int = 2019
    last_year: int = 2025
    on: date = date(2023, 1, 1)


@dataclass(frozen=True)
class PopulationSummary:
    cdcs: int
    members: int
    women: int
    history_rows: int


def generate_population(
    uow_factory: UnitOfWorkFactory, upper_codes: dict[str, int], spec: PopulationSpec
) -> PopulationSummary:
    """Add CĐCS under the given upper-level units (code → weight) and their members."""
    rng = random.Random(spec.seed)
    names = yaml.safe_load((DATA / "names.yaml").read_text(encoding="utf-8"))
    with uow_factory() as uow:
        upper = {u.code: u.id for u in uow.org.units_on(spec.on) if u.code in upper_codes}
        cdcs = _cdcs_rows(rng, names, upper, upper_codes, spec)
        ids = uow.org.insert_units([c["unit"] for c in cdcs])
        uow.org.insert_versions([{**c["version"], "unit_id": ids[c["unit"]["code"]]} for c in cdcs])
        people = _people_rows(rng, names, cdcs, ids, spec)
        person_ids = uow.people.insert_people(people)
        n_hist = _insert_history(uow, rng, people, person_ids, list(ids.values()), spec)
        uow.commit()
    women = sum(1 for p in people if p["gender"] == "nu")
    return PopulationSummary(len(cdcs), len(people), women, n_hist)


def _cdcs_rows(
    rng: random.Random,
    names: dict[str, Any],
    upper: dict[str, int],
    weights: dict[str, int],
    spec: PopulationSpec,
) -> list[dict[str, Any]]:
    sectors = ["hcsn"] * spec.cdcs_hcsn + ["sxkd"] * spec.cdcs_sxkd
    rng.shuffle(sectors)
    codes = sorted(upper)
    parents = rng.choices(codes, weights=[weights[c] for c in codes], k=len(sectors))
    rows = []
    for n, (sector, parent) in enumerate(zip(sectors, parents, strict=True), start=1):
        kind = rng.choice(names["hcsn_units" if sector == "hcsn" else "sxkd_units"])
        name = f"Công đoàn {kind} {rng.choice(names['communes'])}"
        code = f"CS{n:05d}"
        rows.append(
            {
                "unit": {
                    "code": code,
                    "kind_code": "cdcs",
                    "sector": sector,
                    "email": f"{code.lower()}@{MAIL_DOMAIN}",
                    "head_email": None,
                    "liaison_unit_id": None,
                },
                "version": {
                    "parent_id": upper[parent],
                    "name": name,
                    "valid_from": date(2000, 1, 1),
                    "valid_to": None,
                },
            }
        )
    return rows


def _people_rows(
    rng: random.Random,
    names: dict[str, Any],
    cdcs: list[dict[str, Any]],
    ids: dict[str, int],
    spec: PopulationSpec,
) -> list[dict[str, Any]]:
    by_sector: dict[str, list[int]] = {"hcsn": [], "sxkd": []}
    for c in cdcs:
        by_sector[c["unit"]["sector"]].append(ids[c["unit"]["code"]])
    slots = [("hcsn", u) for u in rng.choices(by_sector["hcsn"], k=spec.members_hcsn)]
    slots += [("sxkd", u) for u in rng.choices(by_sector["sxkd"], k=spec.members_sxkd)]
    n_women = round(len(slots) * spec.women_share)
    genders = ["nu"] * n_women + ["nam"] * (len(slots) - n_women)
    rng.shuffle(genders)
    return [
        _person(rng, names, n, sector, unit_id, gender)
        for n, ((sector, unit_id), gender) in enumerate(zip(slots, genders, strict=True), 1)
    ]


def _person(
    rng: random.Random, names: dict[str, Any], n: int, sector: str, unit_id: int, gender: str
) -> dict[str, Any]:
    male = gender == "nam"
    full_name = " ".join(
        [
            rng.choice(names["family"]),
            rng.choice(names["middle_male" if male else "middle_female"]),
            rng.choice(names["given_male" if male else "given_female"]),
        ]
    )
    leader = rng.random() < 0.12
    direct = sector == "sxkd" and not leader and rng.random() < 0.8
    pool = "positions_leader" if leader else ("positions_worker" if direct else "positions_staff")
    years = rng.randint(1, 30)
    return {
        "code": f"DV{n:07d}",
        "full_name": full_name,
        "gender": gender,
        "birth_year": rng.randint(1965, 2002),
        "unit_id": unit_id,
        "position": rng.choice(names[pool]),
        "holds_leadership_post": leader,
        "is_direct_worker": direct,
        "qualification": rng.choice(
            ["duoi_cao_dang", "cao_dang", "dai_hoc", "dai_hoc", "tren_dai_hoc"]
        ),
        "union_years_dedicated": float(years if leader else 0),
        "union_years_non_dedicated": float(0 if leader else years),
        "union_years_non_state": float(years if sector == "sxkd" else 0),
        "direct_production_years": years if direct else 0,
        "email": None,
    }


def _insert_history(
    uow: UnitOfWork,
    rng: random.Random,
    people: list[dict[str, Any]],
    person_ids: dict[str, int],
    unit_ids: list[int],
    spec: PopulationSpec,
) -> int:
    years = range(spec.first_year, spec.last_year + 1)
    ratings, recognitions, initiatives = history_rows(rng, people, person_ids, unit_ids, years)
    return uow.people.insert_history(ratings, recognitions, initiatives)
