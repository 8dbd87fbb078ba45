"""Union members (đoàn viên) and their yearly records: lookups by code, names, one profile."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlmodel import Session, col, select, update

from awards.model import Discipline, Initiative, Person, Recognition, TaskRating

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

    def update_fields(self, person_id: int, values: dict[str, Any]) -> None:
        self.session.execute(update(Person).where(col(Person.id) == person_id).values(**values))
