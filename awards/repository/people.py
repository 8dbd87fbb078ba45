"""Union members (đoàn viên) and their yearly records: lookups by code, names, one profile."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, bindparam
from sqlmodel import Session, col, func, select, update

from awards.model import (
    Discipline,
    Initiative,
    Person,
    PersonEvent,
    Recognition,
    TaskRating,
    Unit,
    UnitVersion,
)
from awards.repository.bulk import insert_returning_ids, insert_rows

LOOKUP_CHUNK = 5000


@dataclass
class MemberWrites:
    """What a members import writes; a person is its id, or its code when new. Every change
    of facts comes with its event: the only way this repository changes a member."""

    new: list[dict[str, Any]] = field(default_factory=list)  # person rows
    facts: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    ratings: list[tuple[int | str, int, str, bool]] = field(default_factory=list)  # exists?
    events: list[dict[str, Any]] = field(default_factory=list)  # "person" + event columns


class PeopleRepository:
    """`uow.people`."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, person_id: int) -> Person | None:
        return self.session.get(Person, person_id)

    def by_code(self, code: str) -> Person | None:
        return self.session.exec(select(Person).where(col(Person.code) == code)).first()

    def ids_by_code(self, codes: Sequence[str]) -> dict[str, int]:
        """Ids of the given codes, looked up in chunks (a bulk nomination names thousands)."""
        found: dict[str, int] = {}
        unique = sorted(set(codes))
        for start in range(0, len(unique), LOOKUP_CHUNK):
            chunk = unique[start : start + LOOKUP_CHUNK]
            stmt = select(col(Person.code), col(Person.id)).where(col(Person.code).in_(chunk))
            found.update((code, int(pid)) for code, pid in self.session.execute(stmt))
        return found

    def names(self, person_ids: Iterable[int]) -> dict[int, str]:
        stmt = select(col(Person.id), col(Person.full_name)).where(
            col(Person.id).in_(set(person_ids))
        )
        return {int(pid): str(name) for pid, name in self.session.execute(stmt)}

    def records_since(self, person_id: int, year: int) -> dict[str, list[Any]]:
        """The person's ratings, recognitions and initiatives from `year` on, and disciplines."""

        def rows(model: Any, *where: Any) -> list[Any]:
            stmt = select(model).where(col(model.person_id) == person_id, *where)
            return list(self.session.exec(stmt))

        return {
            "ratings": rows(TaskRating, col(TaskRating.year) >= year),
            "recognitions": rows(Recognition, col(Recognition.year) >= year),
            "initiatives": rows(Initiative, col(Initiative.year) >= year),
            "disciplines": rows(Discipline),
        }

    def unit_records_since(self, unit_id: int, year: int) -> dict[str, list[Any]]:
        """A collective's ratings and recognitions from `year` on."""

        def rows(model: Any) -> list[Any]:
            stmt = select(model).where(col(model.unit_id) == unit_id, col(model.year) >= year)
            return list(self.session.exec(stmt))

        return {"ratings": rows(TaskRating), "recognitions": rows(Recognition)}

    def by_codes(self, codes: Sequence[str]) -> dict[str, Person]:
        """The persons of the given codes, looked up in chunks (an import names thousands)."""
        found: dict[str, Person] = {}
        unique = sorted(set(codes))
        for start in range(0, len(unique), LOOKUP_CHUNK):
            stmt = select(Person).where(col(Person.code).in_(unique[start : start + LOOKUP_CHUNK]))
            found.update((p.code, p) for p in self.session.exec(stmt))
        return found

    def ratings_of(self, person_ids: Sequence[int], year: int) -> dict[int, str]:
        found: dict[int, str] = {}
        unique = sorted(set(person_ids))
        for start in range(0, len(unique), LOOKUP_CHUNK):
            stmt = select(col(TaskRating.person_id), col(TaskRating.rating)).where(
                col(TaskRating.year) == year,
                col(TaskRating.person_id).in_(unique[start : start + LOOKUP_CHUNK]),
            )
            found.update((int(pid), str(r)) for pid, r in self.session.execute(stmt))
        return found

    # --- changes of a member's facts: always with their person_event (the trail) ---
    def write_members(self, writes: MemberWrites) -> None:
        """New members, changed facts and ratings, and their events, in Core executemany
        batches (a province's file is tens of thousands of rows)."""
        ids = insert_returning_ids(self.session, Person, writes.new, "code") if writes.new else {}

        def pid(ref: int | str) -> int:
            return ids[ref] if isinstance(ref, str) else ref

        person: Table = Person.__table__  # type: ignore[attr-defined]
        by_keys: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        for person_id, values in writes.facts:
            keys = tuple(sorted(values))
            by_keys[keys].append({"b_id": person_id, **{f"v_{k}": values[k] for k in keys}})
        for keys, rows in by_keys.items():
            stmt = (
                update(person)
                .where(person.c.id == bindparam("b_id"))
                .values({k: bindparam(f"v_{k}") for k in keys})
            )
            self.session.execute(stmt, rows)
        rating: Table = TaskRating.__table__  # type: ignore[attr-defined]
        changed = [
            {"b_person": pid(ref), "b_year": year, "v_rating": value}
            for ref, year, value, exists in writes.ratings
            if exists
        ]
        if changed:
            stmt = (
                update(rating)
                .where(rating.c.person_id == bindparam("b_person"))
                .where(rating.c.year == bindparam("b_year"))
                .values(rating=bindparam("v_rating"))
            )
            self.session.execute(stmt, changed)
        insert_rows(
            self.session,
            TaskRating,
            [
                {"person_id": pid(ref), "unit_id": None, "year": year, "rating": value}
                for ref, year, value, exists in writes.ratings
                if not exists
            ],
        )
        insert_rows(
            self.session,
            PersonEvent,
            [
                {"person_id": pid(e["person"]), **{k: v for k, v in e.items() if k != "person"}}
                for e in writes.events
            ],
        )

    def add_events(self, events: Sequence[PersonEvent]) -> None:
        self.session.add_all(list(events))

    def ids_in(self, unit_id: int) -> list[int]:
        stmt = select(col(Person.id)).where(col(Person.unit_id) == unit_id)
        return [int(i) for i in self.session.execute(stmt).scalars()]

    def events(self, person_id: int) -> list[PersonEvent]:
        stmt = (
            select(PersonEvent)
            .where(col(PersonEvent.person_id) == person_id)
            .order_by(col(PersonEvent.id))
        )
        return list(self.session.exec(stmt))

    def search(
        self, text: str, unit_ids: Iterable[int] | None, *, limit: int
    ) -> list[tuple[str, str, str, str]]:
        """(code, full name, unit name, position) of members whose code or name contains
        `text` (any case), within `unit_ids` (None: everywhere), in code order; a unit shows
        its current name (its code once it has none)."""
        current = (col(UnitVersion.unit_id) == col(Person.unit_id)) & col(UnitVersion.valid_to).is_(
            None
        )
        stmt = (
            select(
                col(Person.code),
                col(Person.full_name),
                func.coalesce(col(UnitVersion.name), col(Unit.code)),
                col(Person.position),
            )
            .join(Unit, col(Unit.id) == col(Person.unit_id))
            .outerjoin(UnitVersion, current)
        )
        if text:
            # SQLite's lower() folds ASCII only: the text as typed is matched too.
            like, typed = f"%{text.casefold()}%", f"%{text}%"
            stmt = stmt.where(
                func.lower(col(Person.code)).like(like)
                | func.lower(col(Person.full_name)).like(like)
                | col(Person.full_name).like(typed)
            )
        if unit_ids is not None:
            stmt = stmt.where(col(Person.unit_id).in_(sorted(unit_ids)))
        rows = self.session.execute(stmt.order_by(col(Person.code)).limit(limit))
        return [(str(a), str(b), str(c), str(d)) for a, b, c, d in rows]

    # --- bulk loads (demo population, benchmarks): Core executemany, never ORM objects ---
    def insert_people(self, rows: Sequence[dict[str, Any]]) -> dict[str, int]:
        """Insert persons; returns their ids by code."""
        return insert_returning_ids(self.session, Person, rows, "code")

    def insert_history(
        self,
        ratings: list[dict[str, Any]],
        recognitions: list[dict[str, Any]],
        initiatives: list[dict[str, Any]],
    ) -> int:
        return (
            insert_rows(self.session, TaskRating, ratings)
            + insert_rows(self.session, Recognition, recognitions)
            + insert_rows(self.session, Initiative, initiatives)
        )

    def rated(self, year: int, *, limit: int) -> list[tuple[str, str, str]]:
        """(person code, unit code, rating) of the year, in person order, at most `limit`."""
        stmt = (
            select(col(Person.code), col(Unit.code), col(TaskRating.rating))
            .join(Unit, col(Unit.id) == col(Person.unit_id))
            .join(TaskRating, col(TaskRating.person_id) == col(Person.id))
            .where(col(TaskRating.year) == year)
            .order_by(col(Person.id))
            .limit(limit)
        )
        return [(str(p), str(u), str(r)) for p, u, r in self.session.execute(stmt)]

    def count(self, *, gender: str | None = None) -> int:
        stmt = select(func.count()).select_from(Person)
        if gender is not None:
            stmt = stmt.where(col(Person.gender) == gender)
        return int(self.session.execute(stmt).scalar_one())
