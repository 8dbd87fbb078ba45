"""Union members (đoàn viên) and their yearly records: lookups by code, names, one profile."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlmodel import Session, col, func, select, update

from awards.model import (
    Discipline,
    Initiative,
    Person,
    PersonEvent,
    Recognition,
    TaskRating,
    Unit,
)
from awards.repository.bulk import insert_returning_ids, insert_rows

LOOKUP_CHUNK = 5000


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
    def add_member(self, person: Person, event: PersonEvent) -> int:
        self.session.add(person)
        self.session.flush()
        assert person.id is not None
        event.person_id = person.id
        self.session.add(event)
        return person.id

    def change(self, person_id: int, values: dict[str, Any], event: PersonEvent) -> None:
        if values:
            stmt = update(Person).where(col(Person.id) == person_id).values(**values)
            self.session.execute(stmt)
        event.person_id = person_id
        self.session.add(event)

    def rate(self, person_id: int, year: int, rating: str, event: PersonEvent) -> None:
        found = self.session.exec(
            select(TaskRating).where(
                col(TaskRating.person_id) == person_id, col(TaskRating.year) == year
            )
        ).first()
        if found is None:
            self.session.add(TaskRating(person_id=person_id, year=year, rating=rating))
        else:
            found.rating = rating
            self.session.add(found)
        event.person_id = person_id
        self.session.add(event)

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
        """(code, full name, unit code, position) of members whose code or name contains
        `text` (any case), within `unit_ids` (None: everywhere), in code order."""
        stmt = select(
            col(Person.code), col(Person.full_name), col(Unit.code), col(Person.position)
        ).join(Unit, col(Unit.id) == col(Person.unit_id))
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
