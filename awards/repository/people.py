"""Union members (đoàn viên) and their yearly records: lookups by code, names, one profile."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlmodel import Session, col, func, select, update

from awards.model import Discipline, Initiative, Person, Recognition, TaskRating, Unit
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

    def unit_records_since(self, unit_id: int, year: int) -> dict[str, list[Any]]:
        """A collective's ratings and recognitions from `year` on."""

        def rows(model: Any) -> list[Any]:
            stmt = select(model).where(col(model.unit_id) == unit_id, col(model.year) >= year)
            return list(self.session.exec(stmt))

        return {"ratings": rows(TaskRating), "recognitions": rows(Recognition)}

    def update_fields(self, person_id: int, values: dict[str, Any]) -> None:
        self.session.execute(update(Person).where(col(Person.id) == person_id).values(**values))

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
