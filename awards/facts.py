"""Dossiers → rules facts, in bulk: a fixed number of queries per batch, never one per dossier.

`build_facts(session, ids)` returns one `rules.NomineeFacts` per dossier code. Per batch of up to
BATCH dossiers it runs: dossiers + round, persons, units, federations (one recursive CTE), the
catalogue's award forms, recognitions, task ratings, sáng kiến, discipline, and for collectives
their members' figures in the round year (members = people whose unit is the collective).

`base_counts(session, round_year, code, group_by, unit_ids)` gives the count a ratio quota is
taken of (e.g. people reaching LĐTT per unit in the round year).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Table, bindparam, case, func, select, text
from sqlmodel import Session, col

from awards.model import (
    Award,
    Discipline,
    Dossier,
    Initiative,
    Person,
    Recognition,
    Registration,
    Round,
    TaskRating,
    Unit,
    UnitVersion,
)
from rules.facts import DISCIPLINE_RANK, NomineeFacts

BATCH = 1000
FEDERATION_LEVEL = 2  # LĐLĐ tỉnh / CĐ ngành TW: the group of per-federation quotas
# Person.qualification (catalogue of the population) → the facts' scale.
QUALIFICATION = {"duoi_cao_dang": "trung_cap", "tren_dai_hoc": "thac_si"}
_FEDERATIONS = text(
    """
    WITH RECURSIVE up(start_id, unit_id, depth) AS (
        SELECT u.id, u.id, 0 FROM unit u WHERE u.id IN :ids
        UNION ALL
        SELECT up.start_id, v.parent_id, up.depth + 1 FROM unit_version v
        JOIN up ON v.unit_id = up.unit_id
        WHERE v.parent_id IS NOT NULL AND v.valid_from <= :on
          AND (v.valid_to IS NULL OR v.valid_to > :on) AND up.depth < 20
    )
    SELECT up.start_id, u.code FROM up JOIN unit u ON u.id = up.unit_id
    JOIN unit_kind k ON k.code = u.kind_code WHERE k.level = :level
    """
).bindparams(bindparam("ids", expanding=True))


@dataclass
class _Subject:
    """What is known about one person or collective, gathered from several queries."""

    years: dict[int, dict[str, Any]] = field(default_factory=dict)
    discipline: list[dict[str, Any]] = field(default_factory=list)

    def year(self, y: int) -> dict[str, Any]:
        found = self.years.get(y)
        if found is None:  # not setdefault: that built five objects per call (~10% of facts)
            found = self.years[y] = {
                "year": y,
                "titles": [],
                "awards": [],
                "initiatives": [],
                "task_rating": None,
            }
        return found


def build_facts(session: Session, dossier_ids: Sequence[int]) -> dict[str, NomineeFacts]:
    """NomineeFacts of each dossier (by code), the unit tree taken on 31/12 of the round year."""
    forms = dict(session.execute(select(col(Award.code), col(Award.form))).tuples().all())
    out: dict[str, NomineeFacts] = {}
    for start in range(0, len(dossier_ids), BATCH):
        out.update(_batch(session, dossier_ids[start : start + BATCH], forms))
    return out


def _batch(session: Session, ids: Sequence[int], forms: dict[str, str]) -> dict[str, NomineeFacts]:
    dossiers = [dict(r._mapping) for r in session.execute(_dossier_stmt(ids))]
    if not dossiers:
        return {}
    on = date(max(d["year"] for d in dossiers), 12, 31)
    person_ids = sorted({d["person_id"] for d in dossiers if d["person_id"]})
    unit_ids = sorted({d["nominee_unit_id"] for d in dossiers if d["nominee_unit_id"]})
    all_units = sorted(set(unit_ids) | {d["nominating_unit_id"] for d in dossiers})
    persons = {
        p.id: p for p in session.scalars(select(Person).where(col(Person.id).in_(person_ids)))
    }
    units = _units(session, all_units, on)
    feds = _federations(session, all_units, on)
    people, collectives = _histories(session, person_ids, unit_ids, forms)
    members = _members(session, unit_ids, {d["year"] for d in dossiers if d["nominee_unit_id"]})
    registered = _registered(session, {d["round_id"] for d in dossiers})
    out = {}
    for d in dossiers:
        unit = units.get(d["nominating_unit_id"], {})
        base = {
            "dossier_code": d["code"],
            "nominee_kind": d["nominee_kind"],
            "round_year": d["year"],
            "award_code": d["award_code"],
            "topic": d["topic"],
            "unit_code": unit.get("code", ""),
            "federation_code": feds.get(d["nominating_unit_id"], ""),
            "unit_sector": unit.get("sector"),
            "registered": (
                d["round_id"],
                d["award_code"],
                d["nominee_kind"],
                d["person_id"] or d["nominee_unit_id"],
            )
            in registered,
        }
        if d["person_id"]:
            subject = people.get(d["person_id"], _Subject())
            base |= _person_fields(persons[d["person_id"]])
        else:
            subject = collectives.get(d["nominee_unit_id"], _Subject())
            base |= _collective_fields(
                units.get(d["nominee_unit_id"], {}), members.get((d["nominee_unit_id"], d["year"]))
            )
        out[d["code"]] = NomineeFacts.model_validate(base | _history(subject, d["year"]))
    return out


def _dossier_stmt(ids: Sequence[int]) -> Any:
    return (
        select(
            col(Dossier.id),
            col(Dossier.code),
            col(Dossier.award_code),
            col(Dossier.nominee_kind),
            col(Dossier.person_id),
            col(Dossier.nominee_unit_id),
            col(Dossier.nominating_unit_id),
            col(Dossier.topic),
            col(Dossier.round_id),
            col(Round.year),
        )
        .join(Round, col(Round.id) == col(Dossier.round_id))
        .where(col(Dossier.id).in_(ids))
        .order_by(col(Dossier.id))
    )


def _registered(session: Session, round_ids: set[int]) -> set[tuple[int, str, str, int]]:
    """(round, award, kind, person or collective) of the rounds' standing registrations."""
    r = Registration
    stmt = select(
        col(r.round_id), col(r.award_code), col(r.nominee_kind), col(r.person_id)
    ).add_columns(col(r.nominee_unit_id))
    stmt = stmt.where(col(r.round_id).in_(round_ids), col(r.status) == "registered")
    return {(int(i), str(a), str(k), int(p or u)) for i, a, k, p, u in session.execute(stmt)}


def _units(session: Session, ids: Sequence[int], on: date) -> dict[int, dict[str, Any]]:
    """Code, sector, kind and name (valid on `on`, else the latest) of each unit."""
    stmt = (
        select(
            col(Unit.id),
            col(Unit.code),
            col(Unit.sector),
            col(Unit.kind_code),
            col(UnitVersion.name),
            col(UnitVersion.valid_from),
        )
        .join(UnitVersion, col(UnitVersion.unit_id) == col(Unit.id))
        .where(col(Unit.id).in_(ids), col(UnitVersion.valid_from) <= on)
        .order_by(col(UnitVersion.valid_from))
    )
    found: dict[int, dict[str, Any]] = {}
    for uid, code, sector, kind, name, _ in session.execute(stmt):
        found[uid] = {"code": code, "sector": sector, "kind": kind, "name": name}
    return found


def _federations(session: Session, ids: Sequence[int], on: date) -> dict[int, str]:
    """The LĐLĐ tỉnh (level 2) above each unit, by one recursive query."""
    if not ids:
        return {}
    rows = session.execute(_FEDERATIONS, {"ids": list(ids), "on": on, "level": FEDERATION_LEVEL})
    return {int(start): str(code) for start, code in rows}


def _histories(
    session: Session, person_ids: Sequence[int], unit_ids: Sequence[int], forms: dict[str, str]
) -> tuple[dict[int, _Subject], dict[int, _Subject]]:
    """Year-by-year records of persons and collectives: four queries for the whole batch."""
    people: dict[int, _Subject] = defaultdict(_Subject)
    units: dict[int, _Subject] = defaultdict(_Subject)

    def subject(pid: int | None, uid: int | None) -> _Subject:
        return people[pid] if pid is not None else units[uid or 0]

    # Core rows, not ORM objects: a national batch reads ~15 history rows per nominee and
    # building SQLModel instances for them was half of build_facts.
    rec = select(
        col(Recognition.person_id),
        col(Recognition.unit_id),
        col(Recognition.year),
        col(Recognition.award_code),
        col(Recognition.award_type),
    ).where(_of(Recognition, person_ids, unit_ids))
    for pid, uid, y, code, kind in session.execute(rec):
        year = subject(pid, uid).year(y)
        if forms.get(code) == "danh_hieu":
            year["titles"].append(code)
        else:
            year["awards"].append({"code": code, "type": kind})
    rating = select(
        col(TaskRating.person_id),
        col(TaskRating.unit_id),
        col(TaskRating.year),
        col(TaskRating.rating),
    ).where(_of(TaskRating, person_ids, unit_ids))
    for pid, uid, y, value in session.execute(rating):
        subject(pid, uid).year(y)["task_rating"] = value
    inits = select(
        col(Initiative.person_id),
        col(Initiative.year),
        col(Initiative.scope),
        col(Initiative.value_vnd),
    ).where(col(Initiative.person_id).in_(person_ids))
    for pid, y, scope, value in session.execute(inits):
        people[pid].year(y)["initiatives"].append({"scope": scope, "value_vnd": value})
    disc = select(
        col(Discipline.person_id),
        col(Discipline.level),
        col(Discipline.starts_on),
        col(Discipline.ends_on),
    ).where(col(Discipline.person_id).in_(person_ids))
    for pid, level, start, end in session.execute(disc):
        people[pid].discipline.append({"level": level, "start": start, "end": end})
    return people, units


def _of(model: Any, person_ids: Sequence[int], unit_ids: Sequence[int]) -> Any:
    return col(model.person_id).in_(person_ids) | col(model.unit_id).in_(unit_ids)


def _members(
    session: Session, unit_ids: Sequence[int], years: set[int]
) -> dict[tuple[int, int], dict[str, int]]:
    """Per collective and round year: members, completed, LĐTT, CSTĐCS, disciplined (≥ cảnh cáo)."""
    if not unit_ids:
        return {}
    found: dict[tuple[int, int], dict[str, int]] = {}
    for year in sorted(years):
        for uid, figures in _member_figures(session, unit_ids, year).items():
            found[(uid, year)] = figures
    return found


def _member_figures(
    session: Session, unit_ids: Sequence[int], year: int
) -> dict[int, dict[str, int]]:
    heavy = [lvl for lvl, rank in DISCIPLINE_RANK.items() if rank >= DISCIPLINE_RANK["canh_cao"]]
    person = Person.__table__  # type: ignore[attr-defined]
    table: dict[str, Table] = {
        "rating": TaskRating.__table__,  # type: ignore[attr-defined]
        "rec": Recognition.__table__,  # type: ignore[attr-defined]
        "disc": Discipline.__table__,  # type: ignore[attr-defined]
    }

    rating, rec, disc = table["rating"], table["rec"], table["disc"]
    completed = (
        select(func.count())
        .where(
            rating.c.person_id == person.c.id,
            rating.c.year == year,
            rating.c.rating != "khong_hoan_thanh",
        )
        .scalar_subquery()
    )

    def title(code: str) -> Any:
        return (
            select(func.count())
            .where(rec.c.person_id == person.c.id, rec.c.year == year, rec.c.award_code == code)
            .scalar_subquery()
        )

    disciplined = (
        select(func.count())
        .where(
            disc.c.person_id == person.c.id,
            disc.c.level.in_(heavy),
            disc.c.starts_on <= date(year, 12, 31),
            (disc.c.ends_on.is_(None)) | (disc.c.ends_on >= date(year, 1, 1)),
        )
        .scalar_subquery()
    )
    stmt = (
        select(
            person.c.unit_id,
            func.count(),
            func.sum(case((completed > 0, 1), else_=0)),
            func.sum(case((title("LDTT") > 0, 1), else_=0)),
            func.sum(case((title("CSTDCS") > 0, 1), else_=0)),
            func.sum(case((disciplined > 0, 1), else_=0)),
        )
        .where(person.c.unit_id.in_(unit_ids))
        .group_by(person.c.unit_id)
    )
    keys = ("members_total", "members_completed", "members_ldtt", "members_cstdcs")
    return {
        int(uid): dict(zip((*keys, "members_disciplined"), map(int, rest), strict=True))
        for uid, *rest in session.execute(stmt)
    }


def _person_fields(p: Person) -> dict[str, Any]:
    return {
        "full_name": p.full_name,
        "gender": p.gender,
        "birth_year": p.birth_year,
        "position": p.position,
        "is_direct_worker": p.is_direct_worker,
        "holds_leadership_post": p.holds_leadership_post,
        "qualification": QUALIFICATION.get(p.qualification, p.qualification),
        "union_years_dedicated": p.union_years_dedicated,
        "union_years_non_dedicated": p.union_years_non_dedicated,
        "union_years_non_state_enterprise": p.union_years_non_state,
        "years_direct_production": p.direct_production_years,
    }


def _collective_fields(unit: dict[str, Any], figures: dict[str, int] | None) -> dict[str, Any]:
    figures = figures or {}
    return {
        "full_name": unit.get("name", ""),
        "collective_kind": unit.get("kind", ""),
        "member_count": figures.get("members_total", 0),
        **figures,
    }


def _history(subject: _Subject, round_year: int) -> dict[str, Any]:
    """Years up to the round year, newest first; a score that ranks when a quota binds."""
    years = [subject.years[y] for y in sorted(subject.years, reverse=True) if y <= round_year]
    return {"history": years, "discipline": subject.discipline, "score": _score(years, round_year)}


def _score(years: Iterable[dict[str, Any]], round_year: int) -> float:
    """Default ranking score: over the last 5 years, 1 per HTXS year, 1 per sáng kiến, +1 per
    provincial or national one (a tie-breaker after direct workers and non-leaders, not a law)."""
    score = 0.0
    for y in years:
        if y["year"] > round_year - 5:
            score += y["task_rating"] == "hoan_thanh_xuat_sac"
            score += sum(1 + (i["scope"] != "co_so") for i in y["initiatives"])
    return score


def base_counts(
    session: Session,
    round_year: int,
    code: str,
    group_by: str,
    unit_codes: Collection[str] | None = None,
) -> dict[str, int]:
    """People of each group (unit code, or federation code) holding `code` in the round year.

    ``unit_codes`` limits the count to those units (all units when None, as per-federation
    groups need)."""
    person = Person.__table__  # type: ignore[attr-defined]
    rec = Recognition.__table__  # type: ignore[attr-defined]
    unit = Unit.__table__  # type: ignore[attr-defined]
    stmt = (
        select(unit.c.id, unit.c.code, func.count())
        .select_from(rec.join(person, person.c.id == rec.c.person_id))
        .join(unit, unit.c.id == person.c.unit_id)
        .where(rec.c.year == round_year, rec.c.award_code == code)
        .group_by(unit.c.id, unit.c.code)
    )
    if unit_codes is not None:
        stmt = stmt.where(unit.c.code.in_(sorted(unit_codes)))
    rows = session.execute(stmt).all()
    if group_by == "unit_code":
        return {str(c): int(n) for _, c, n in rows}
    feds = _federations(session, [int(i) for i, _, _ in rows], date(round_year, 12, 31))
    out: dict[str, int] = defaultdict(int)
    for uid, _, n in rows:
        out[feds.get(int(uid), "?")] += int(n)
    return dict(out)
