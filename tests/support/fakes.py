"""In-memory fakes of the unit of work and its repositories (cosmicpython's FakeUnitOfWork).

Only what the use cases under unit test call is implemented; each fake keeps plain dicts and
lists that a test can read back (what was written, what was committed). A use case that calls
a method a fake lacks fails with AttributeError, which says what to add here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from awards.errors import NotFoundError
from awards.model import Award, Dossier, Movement, Person, Round, RoundEvent, RoundExtension, Unit
from awards.repository.dossiers import DossierRow
from awards.repository.org import UnitRow
from awards.repository.rounds import round_missing


class FakeRoundRepository:
    def __init__(self, rounds: Iterable[Round] = (), awards: Iterable[Award] = ()) -> None:
        self.rounds = {r.code: r for r in rounds}
        self.catalogue = {a.code: a for a in awards}
        self.movements: dict[str, Movement] = {}

    def by_code(self, code: str) -> Round:
        if code not in self.rounds:
            raise NotFoundError(round_missing(code))
        return self.rounds[code]

    def find(self, code: str) -> Round | None:
        return self.rounds.get(code)

    def by_ids(self, ids: Iterable[int | None]) -> dict[int | None, Round]:
        wanted = set(ids)
        return {r.id: r for r in self.rounds.values() if r.id in wanted}

    def add(self, rnd: Round) -> Round:
        rnd.id = len(self.rounds) + 1
        self.rounds[rnd.code] = rnd
        return rnd

    def movement(self, code: str) -> Movement | None:
        return self.movements.get(code)

    def add_movement(self, movement: Movement) -> Movement:
        movement.id = len(self.movements) + 1
        self.movements[movement.code] = movement
        return movement

    def awards(self, codes: Iterable[str] | None = None) -> dict[str, Award]:
        wanted = set(codes) if codes is not None else None
        return {c: a for c, a in self.catalogue.items() if wanted is None or c in wanted}

    def award(self, code: str) -> Award | None:
        return self.catalogue.get(code)


class FakeRoundAdminRepository:
    """Extensions granted (none unless given) and the round events written."""

    def __init__(self, extensions: Iterable[RoundExtension] = ()) -> None:
        self.granted = list(extensions)
        self.written: list[RoundEvent] = []

    def extensions(self, round_ids: Iterable[int]) -> list[RoundExtension]:
        ids = set(round_ids)
        return [e for e in self.granted if e.round_id in ids]

    def add_event(self, event: RoundEvent) -> None:
        self.written.append(event)


class FakeOrgRepository:
    """Units by id with their name, e-mail and level, and the tree as parent ids (one version
    each: no history, so `on` is ignored)."""

    def __init__(
        self, units: Iterable[tuple[Unit, str, int]] = (), parents: dict[int, int] | None = None
    ) -> None:
        self.units = {u.id: (u, name, level) for u, name, level in units}
        self.parents = parents or {}

    def unit(self, code: str) -> Unit | None:
        return next((u for u, _, _ in self.units.values() if u.code == code), None)

    def get(self, unit_id: int) -> Unit | None:
        return self.units[unit_id][0] if unit_id in self.units else None

    def by_id(self, unit_id: int, on: date) -> UnitRow:
        if unit_id not in self.units:
            raise NotFoundError(f"Không có đơn vị số {unit_id} hiệu lực ngày {on:%d/%m/%Y}.")
        u, name, level = self.units[unit_id]
        parent = self.parents.get(unit_id)
        return UnitRow(unit_id, u.code, name, u.kind_code, level, False, parent, u.sector)

    def ancestor_ids(self, unit_id: int, on: date) -> list[int]:
        chain = [unit_id]
        while chain[-1] in self.parents:
            chain.append(self.parents[chain[-1]])
        return chain

    def state_body(self, kind_code: str, liaison_id: int) -> int | None:
        return next(
            (
                i
                for i, (u, _, _) in self.units.items()
                if u.kind_code == kind_code and u.liaison_unit_id == liaison_id
            ),
            None,
        )

    def levels(self, unit_ids: Iterable[int]) -> dict[int, int]:
        return {i: self.units[i][2] for i in unit_ids if i in self.units}

    def latest_names(self, unit_ids: Iterable[int]) -> dict[int, str]:
        return {i: self.units[i][1] for i in unit_ids if i in self.units}

    def emails(self, unit_ids: Iterable[int]) -> dict[int, str | None]:
        return {i: self.units[i][0].email for i in unit_ids if i in self.units}


class FakePeopleRepository:
    def __init__(self, persons: Iterable[Person] = ()) -> None:
        self.persons = {p.code: p for p in persons}
        self.full_names = {p.id: p.full_name for p in self.persons.values() if p.id is not None}

    def by_code(self, code: str) -> Person | None:
        return self.persons.get(code)

    def names(self, person_ids: Iterable[int]) -> dict[int, str]:
        return {i: self.full_names[i] for i in person_ids if i in self.full_names}


class FakeDossierRepository:
    """Dossier rows by code; writes are applied to the rows (version-checked) and recorded."""

    def __init__(self, rows: Iterable[DossierRow] = (), objected: Iterable[int] = ()) -> None:
        self.rows = {r.code: r for r in rows}
        self.objected = set(objected)
        self.audit: list[dict[str, Any]] = []
        self.outbox: list[dict[str, Any]] = []
        self.hops: list[dict[str, Any]] = []
        self.hop_updates: list[dict[str, Any]] = []
        self.eligibility: dict[int, dict[str, Any]] = {}
        self.added: list[Dossier] = []
        self.last_number: dict[int, int] = {}

    def new_codes(self, year: int, count: int = 1) -> list[str]:
        first = self.last_number.get(year, 0) + 1
        self.last_number[year] = first + count - 1
        return [f"HS-{year}-{n:06d}" for n in range(first, first + count)]

    def add(self, dossier: Dossier) -> None:
        self.added.append(dossier)

    def load_rows(
        self, *, codes: Sequence[str] = (), ids: Sequence[int] = (), lock: bool = True
    ) -> list[DossierRow]:
        found = [r for r in self.rows.values() if r.code in codes or r.id in ids]
        # Copies, as a database hands out: a use case never edits the stored row itself.
        return [replace(r, route=list(r.route)) for r in sorted(found, key=lambda r: r.id)]

    def open_objection_ids(self, dossier_ids: Sequence[int]) -> set[int]:
        return self.objected & set(dossier_ids)

    def write_moves(self, updates: list[dict[str, Any]]) -> int:
        written = 0
        for u in updates:
            row = next((r for r in self.rows.values() if r.id == u["b_id"]), None)
            if row is None or row.version != u["b_version"]:
                continue
            for key, value in u.items():
                if hasattr(row, key):
                    setattr(row, key, value)
            written += 1
        return written

    def write_eligibility(self, records: list[dict[str, Any]]) -> None:
        for r in records:
            if r["record"] is None:
                self.eligibility.pop(r["dossier_id"], None)
            else:
                self.eligibility[r["dossier_id"]] = r["record"]

    def update_hops(self, updates: list[dict[str, Any]]) -> None:
        self.hop_updates += updates

    def insert_hops(self, hops: list[dict[str, Any]]) -> None:
        self.hops += hops

    def insert_audit(self, events: list[dict[str, Any]]) -> None:
        self.audit += events

    def insert_outbox(self, messages: list[dict[str, Any]]) -> int:
        keys = {m["key"] for m in self.outbox}
        new = [m for m in messages if m["key"] not in keys]
        self.outbox += new
        return len(new)


class FakeIntegrityRepository:
    """The approval path's reads over the fake tree and people: nothing nominated yet."""

    def __init__(self, org: FakeOrgRepository, people: FakePeopleRepository) -> None:
        self.org, self.people = org, people

    def descendant_ids(self, unit_id: int, on: date) -> set[int]:
        return {u for u in self.org.units if unit_id in self.org.ancestor_ids(u, on)}

    def person_units(self, codes: Sequence[str]) -> dict[str, tuple[int, int]]:
        found = (self.people.persons.get(c) for c in codes)
        return {p.code: (p.id, p.unit_id) for p in found if p is not None and p.id is not None}

    def unit_id_of(self, code: str) -> int | None:
        unit = self.org.unit(code)
        return unit.id if unit else None

    def standing_dossiers(
        self, round_id: int, award_codes: Sequence[str], nominees: Sequence[tuple[str, int]]
    ) -> dict[tuple[str, str, int], str]:
        return {}


class FakeUnitOfWork:
    """`uow_factory()` for a use case: the same fake every time, so a test reads what it wrote.

    Writes land in the fakes at once; `committed` says whether the use case committed (a
    rollback after a write is not undone here: tests of all-or-nothing use the database).
    """

    def __init__(
        self,
        *,
        dossiers: FakeDossierRepository | None = None,
        rounds: FakeRoundRepository | None = None,
        org: FakeOrgRepository | None = None,
        people: FakePeopleRepository | None = None,
        round_admin: FakeRoundAdminRepository | None = None,
    ) -> None:
        self.dossiers = dossiers or FakeDossierRepository()
        self.rounds = rounds or FakeRoundRepository()
        self.org = org or FakeOrgRepository()
        self.people = people or FakePeopleRepository()
        self.round_admin = round_admin or FakeRoundAdminRepository()
        self.integrity = FakeIntegrityRepository(self.org, self.people)
        self.committed = False
        self.commits = 0

    def __call__(self, *, write: bool = True) -> FakeUnitOfWork:
        return self

    def __enter__(self) -> FakeUnitOfWork:
        self.committed = False
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def commit(self) -> None:
        self.committed = True
        self.commits += 1

    def rollback(self) -> None:
        self.committed = False


def dossier_row(
    code: str = "HS-2025-000001",
    *,
    id: int = 1,
    state: str = "draft",
    round_id: int = 1,
    award_code: str = "GK",
    route: Sequence[int] = (2, 3),
    nominating_unit_id: int = 1,
    person_id: int | None = 1,
    due_on: date | None = None,
) -> DossierRow:
    """A dossier row as load_rows returns it: at its first hop, no audit events yet."""
    return DossierRow(
        id=id,
        code=code,
        state=state,
        held_from=None,
        version=1,
        route=list(route),
        ends_at_state_body=False,
        hop_no=0,
        award_code=award_code,
        notice_ends_on=None,
        round_id=round_id,
        nominating_unit_id=nominating_unit_id,
        current_unit_id=route[0],
        audit_seq=0,
        audit_hash="",
        person_id=person_id,
        nominee_unit_id=None,
        due_on=due_on,
    )
