"""The authorisation model test (issue 16): random accounts do random things through the HTTP API.

Hypothesis drives a state machine of accounts (every role × seven units on three levels and in
two districts) that nominate, move dossiers with every trigger, attach files and read pages,
files and lists. An oracle written from the permission table (awards.permissions) and the
lifecycle table (states) says, for each request, whether it may succeed: any success the oracle
forbids, any refusal it allows, and any dossier shown outside the account's scope fails the test.
approve / reject are never allowed by hand (only a closing council session writes them).

TDKT_AUTHZ_EXAMPLES sets the number of examples (CI: 30, each of up to 25 steps, 1-2 minutes per
backend); docs/reliability.md gives the figures of a longer run.
"""

from __future__ import annotations

import functools
import io
import itertools
import os
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)
from sqlmodel import col, select

from awards.bootstrap import App, build
from awards.model import Person, Unit
from awards.permissions import ROLES, UNIT_SIDE, Action, Scope, allows
from awards.services.audit.invariants import verify_invariants
from awards.services.dossiers.attachments import add_attachment
from awards.services.nomination.nominate import Nomination
from awards.services.nomination.nominate import nominate as nominate_by_service
from awards.settings import Settings
from states import TRANSITIONS, UNIT_EDITABLE_STATES, DossierState, Trigger
from tests.support.databases import PG_URL, drop_pg_database, fresh_pg_database
from tests.support.lifecycle import HOP, NOW, draft, drive
from tests.support.web import PASSWORD, api_move, build_world, client_for, make_user

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
EXAMPLES = int(os.environ.get("TDKT_AUTHZ_EXAMPLES", "30"))
STEPS = int(os.environ.get("TDKT_AUTHZ_STEPS", "25"))

S = DossierState
# The tree as the oracle knows it, written here rather than read from the database.
PARENT = {
    "CS1": "THAN-UYEN",
    "THAN-UYEN": "LDLD-LC",
    "CS2": "TAN-UYEN",
    "TAN-UYEN": "LDLD-LC",
    "LDLD-LC": "TLD",
    "LDLD-DB": "TLD",
}
UNITS = ["CS1", "THAN-UYEN", "CS2", "TAN-UYEN", "LDLD-LC", "LDLD-DB", "TLD"]
NOMINATORS = ["CS1", "CS2"]  # the CĐCS that propose GK_CDCT; each may propose its own members only
ACCOUNTS = [(role, unit) for role in ROLES for unit in UNITS]
TRIGGERS = list(Trigger)
READS = ["api", "page", "file"]
PDF = b"%PDF-1.4\n% tdkt authz model\n"
DUE = "2025-11-28"
DECISION = {"decision_no": "12/QĐ-LĐLĐ", "decision_date": "2025-12-01", "decision_signer": "A"}
BODIES: dict[Trigger, dict[str, Any]] = {
    Trigger.receive: {"due_on": DUE},
    Trigger.return_for_changes: {"due_on": DUE, "reason": "Thiếu biên bản"},
    Trigger.open_public_notice: {"due_on": DUE},
    Trigger.mark_eligible: {"reason": "Đã đối chiếu bản gốc"},
    Trigger.mark_ineligible: {"reason": "Thiếu sáng kiến"},
    Trigger.hold: {"reason": "Đang xác minh đơn thư"},
    Trigger.withdraw: {"reason": "Đơn vị rút hồ sơ"},
    Trigger.decide: DECISION,
    Trigger.record_award: DECISION,
}
COUNCIL_ONLY = {Trigger.approve, Trigger.reject}
ALONG = [Trigger.submit, *HOP[:4]]  # draft → … → on_agenda, by the service
DECIDED = {*COUNCIL_ONLY, Trigger.decide}  # the chair's in the permission table
OUTCOMES: Counter[str] = Counter()  # requests the oracle allowed / refused, for the printout


FIRST_FAILURES: list[str] = []  # what failed first: a replay on the grown database may differ


def recorded(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Keep the message of a failing rule: hypothesis replays a failing example to shrink it,
    and on a database that has grown since the replay may fail elsewhere, or not at all."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except AssertionError as err:
            FIRST_FAILURES.append(f"{fn.__name__}{tuple(kwargs.items())}: {err}"[:2000])
            raise

    return wrapper


def ancestors(unit: str) -> list[str]:
    out = []
    while unit in PARENT:
        unit = PARENT[unit]
        out.append(unit)
    return out


def scope(granted_on: str, target: str) -> Scope:
    if granted_on == target:
        return Scope.own
    return Scope.child if granted_on in ancestors(target) else Scope.foreign


@dataclass
class Model:
    """What the oracle knows of one dossier."""

    code: str
    nominator: str
    level: str  # the union level holding it (GK_CDCT: the district above the nominator)
    person: str
    state: S = S.draft
    held_from: S | None = None
    attachment: int | None = None

    def units_for(self, action: Action) -> list[str]:
        if action in UNIT_SIDE:
            return [self.nominator]
        if action is Action.view:
            return [self.nominator] + ([] if self.state is S.draft else [self.level])
        return [self.level]

    def dest(self, trigger: Trigger) -> S | None:
        """Where the lifecycle table takes this dossier (GK_CDCT at its deciding level:
        the level holds the authority, no công khai, no state body), or None."""
        facts = {
            "holds_authority": True,
            "next_hop_is_state_body": False,
            "needs_public_notice": False,
            "notice_cleared": True,
        }
        for m in TRANSITIONS:
            if m.trigger is not trigger or m.source is not self.state:
                continue
            held = {f"held_from_{s.value}": self.held_from is s for s in S}
            known = {**facts, **held}
            if all(known[c] for c in m.conditions) and not any(known[c] for c in m.unless):
                return m.dest
        return None


def may(role: str, unit: str, action: Action, targets: list[str]) -> bool:
    return any(allows(role, action, scope(unit, t)) for t in targets)


@dataclass
class World:
    """One database for every example; a signed-in client per account; each example adds its
    own nominees, so examples do not block each other's nominations."""

    app: App
    clients: dict[tuple[str, str], tuple[TestClient, dict[str, str]]] = field(default_factory=dict)
    dossiers: dict[str, Model] = field(default_factory=dict)  # every dossier of every example
    people: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    checked: dict[str, int] = field(default_factory=dict)

    def client(self, role: str, unit: str) -> tuple[TestClient, dict[str, str]]:
        key = (role, unit)
        if key not in self.clients:
            client = client_for(self.app)
            r = client.post(
                "/api/session", json={"username": username(role, unit), "password": PASSWORD}
            )
            assert r.status_code == 200, r.text
            self.clients[key] = (client, {"X-CSRF-Token": r.json()["csrf_token"]})
        return self.clients[key]

    def person(self, unit: str) -> str:
        code = f"AZ{next(self.people)}"
        with self.app.uow() as uow:
            unit_id = uow.session.exec(select(Unit.id).where(col(Unit.code) == unit)).one()
            uow.session.add(
                Person(code=code, full_name="Lò Văn Mẫu", gender="nam", birth_year=1990,
                       unit_id=unit_id)
            )  # fmt: skip
            uow.commit()
        return code

    def count(self, what: str) -> None:
        self.checked[what] = self.checked.get(what, 0) + 1


def username(role: str, unit: str) -> str:
    return f"az-{role.replace('_', '-')}-{unit.lower()}"


def prepare(app: App) -> World:
    build_world(app)
    for role, unit in ACCOUNTS:
        make_user(app, username(role, unit), role, unit, email=f"{username(role, unit)}@x.vn")
    return World(app)


def _open(backend: str, folder: Path, template: Path | None) -> tuple[App, str | None]:
    if backend == "sqlite":
        assert template is not None
        shutil.copy(template, folder / "tdkt.db")
        url = f"sqlite:///{folder}/tdkt.db"
        return build(Settings(data_dir=folder, database_url=url)), None
    name, url = fresh_pg_database(PG_URL)
    return build(Settings(data_dir=folder, database_url=url), migrate=True), name


@pytest.fixture
def world(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[World]:
    template = request.getfixturevalue("sqlite_template") if backend == "sqlite" else None
    app, pg_name = _open(backend, tmp_path, template)
    yield prepare(app)
    app.close()
    if pg_name:
        drop_pg_database(PG_URL, pg_name)


class Authorisation(RuleBasedStateMachine):
    """One example: fresh nominees, one dossier already approved by a council (so that the chair's
    decision and the escalation are reachable), then random requests by random accounts."""

    world: World  # set by the test before the machine runs

    dossiers = Bundle("dossiers")

    def __init__(self) -> None:
        super().__init__()
        w = self.world
        self.nominees = {"CS1": w.person("CS1"), "CS2": w.person("CS2")}
        self.nominees["CS1b"] = w.person("CS1")
        self.standing: set[str] = set()  # nominees with an open or awarded GK_CDCT dossier

    @initialize(target=dossiers)
    def approved_by_the_council(self) -> str:
        w, person = self.world, self.world.person("CS1")
        code = draft(w.app, "GK_CDCT", person=person)
        attachment = add_attachment(
            w.app.uow, None, code, kind="to_trinh", filename="to-trinh.pdf",
            stream=io.BytesIO(PDF), folder=w.app.settings.data_dir / "attachments", now=NOW,
        )  # fmt: skip
        drive(w.app, code, [Trigger.submit, *HOP])
        w.dossiers[code] = Model(code, "CS1", "THAN-UYEN", person, S.approved, None, attachment)
        return code

    @initialize(
        target=dossiers,
        nominator=st.sampled_from(NOMINATORS),
        steps=st.integers(1, len(ALONG)),
    )
    def along_the_path(self, nominator: str, steps: int) -> str:
        """A dossier moved by the service (no account) part of the way to the council's agenda,
        so that receipt, appraisal and the agenda are reached in every example."""
        w, person = self.world, self.world.person(nominator)
        nom = Nomination("TK-2025", "GK_CDCT", nominator, person, achievement_summary="Xuất sắc")
        code = nominate_by_service(w.app.uow, nom, now=NOW)
        drive(w.app, code, ALONG[:steps])
        d = Model(code, nominator, PARENT[nominator], person)
        for t in ALONG[:steps]:
            dest = d.dest(t)
            assert dest is not None
            d.state = dest
        w.dossiers[code] = d
        self.standing.add(person)
        return code

    # --- writes ---

    @rule(
        target=dossiers,
        # half the time an account of the nominating unit itself, often its officer
        account=st.sampled_from(ACCOUNTS)
        | st.tuples(st.sampled_from([*ROLES, *["unit_officer"] * 6]), st.just("")),
        nominator=st.sampled_from(NOMINATORS),
        nominee=st.sampled_from(["CS1", "CS1b", "CS2", "unknown"]),
    )
    @recorded
    def nominate(self, account: tuple[str, str], nominator: str, nominee: str) -> str:
        role, unit = account
        unit = unit or nominator
        person = self.nominees.get(nominee, "AZ-KHONG-CO")
        home = {"CS1": "CS1", "CS1b": "CS1", "CS2": "CS2"}.get(nominee)
        expected = (
            may(role, unit, Action.nominate, [nominator])
            and home is not None
            and (home == nominator or nominator in ancestors(home))
            and person not in self.standing
        )
        client, h = self.world.client(role, unit)
        r = client.post(
            "/api/dossiers",
            headers=h,
            json={
                "round_code": "TK-2025",
                "award_code": "GK_CDCT",
                "nominating_unit_code": nominator,
                "person_code": person,
                "achievement_summary": "Hoàn thành xuất sắc nhiệm vụ năm 2025",
            },
        )
        self.world.count("nominate")
        _agree(expected, r, f"{(role, unit)} lập hồ sơ cho {nominee} tại {nominator}")
        if r.status_code != 201:
            return multiple()  # nothing for the bundle
        code = r.json()["code"]
        self.world.count("ok:nominate")
        level = PARENT[nominator] if nominator.startswith("CS") else nominator
        self.world.dossiers[code] = Model(code, nominator, level, person)
        self.standing.add(person)
        return code

    @rule(account=st.sampled_from(ACCOUNTS), code=dossiers, trigger=st.sampled_from(TRIGGERS))
    @recorded
    def move(self, account: tuple[str, str], code: str, trigger: Trigger) -> None:
        self._move(account, code, trigger)

    @rule(
        role=st.sampled_from([*ROLES, "", "", "", ""]),
        near=st.sampled_from(["nominator", "level", "above"]),
        code=dossiers,
        pick=st.integers(0, 99),
    )
    @recorded
    def move_nearby(self, role: str, near: str, code: str, pick: int) -> None:
        """A move the lifecycle allows now (or a council outcome) by an account close to the
        dossier, often the one whose work it is (role ""): random accounts alone rarely take a
        dossier far along its path."""
        d = self.world.dossiers[code]
        triggers = [t for t in TRIGGERS if d.dest(t) is not None or t in COUNCIL_ONLY]
        trigger = triggers[pick % len(triggers)]
        if not role:
            unit_side = Action(trigger.value) in UNIT_SIDE
            role = "unit_officer" if unit_side else "chair" if trigger in DECIDED else "secretariat"
            near = "nominator" if unit_side else "level"
        unit = {"nominator": d.nominator, "level": d.level, "above": PARENT[d.level]}[near]
        self._move((role, unit), code, trigger)

    def _move(self, account: tuple[str, str], code: str, trigger: Trigger) -> None:
        role, unit = account
        d = self.world.dossiers[code]
        dest = None if trigger in COUNCIL_ONLY else d.dest(trigger)
        expected = dest is not None and may(role, unit, Action(trigger.value), d.units_for(
            Action(trigger.value)))  # fmt: skip
        client, h = self.world.client(role, unit)
        r = api_move(client, h, code, trigger.value, **BODIES.get(trigger, {}))
        self.world.count(f"move:{trigger.value}")
        _agree(expected, r, f"{account} {trigger.value} {code} ({d.state.value})")
        if r.status_code == 200:
            self.world.count(f"ok:{trigger.value}")
            assert dest is not None and r.json()["dest"] == dest.value, r.text
            d.held_from = d.state if trigger is Trigger.hold else None
            d.state = dest
            if d.state in (S.withdrawn, S.ineligible):
                self.standing.discard(d.person)

    @rule(account=st.sampled_from(ACCOUNTS), code=dossiers)
    @recorded
    def attach(self, account: tuple[str, str], code: str) -> None:
        role, unit = account
        d = self.world.dossiers[code]
        expected = d.state in UNIT_EDITABLE_STATES and may(role, unit, Action.attach, [d.nominator])
        client, h = self.world.client(role, unit)
        r = client.post(
            f"/dossiers/{code}/attachments",
            headers=h,
            data={"kind": "to_trinh"},
            files={"file": ("to-trinh.pdf", io.BytesIO(PDF), "application/pdf")},
            follow_redirects=False,
        )
        self.world.count("attach")
        # A refused upload re-renders the dossier page with the error (200), or answers 403.
        ok = r.status_code == 303
        OUTCOMES["allowed" if ok else "refused"] += 1
        assert ok == expected, f"{account} đính kèm {code} ({d.state.value}): {r.status_code}"
        assert r.status_code in (200, 303, 403, 409), r.text[:300]

    # --- reads ---

    @rule(account=st.sampled_from(ACCOUNTS), code=dossiers, how=st.sampled_from(READS))
    @recorded
    def read(self, account: tuple[str, str], code: str, how: str) -> None:
        role, unit = account
        d = self.world.dossiers[code]
        client, _ = self.world.client(role, unit)
        if how == "file" and d.attachment is None:
            how = "page"
        url = {
            "api": f"/api/dossiers/{code}",
            "page": f"/dossiers/{code}",
            "file": f"/dossiers/{code}/attachments/{d.attachment}",
        }[how]
        r = client.get(url)
        self.world.count(f"read:{how}")
        expected = may(role, unit, Action.view, d.units_for(Action.view))
        _agree(expected, r, f"{account} xem {url} ({d.state.value})")
        if r.status_code == 200 and how == "api":
            nominee = r.json()["nominee"]
            assert nominee.get("code", d.person) == d.person, nominee

    @rule(account=st.sampled_from(ACCOUNTS), where=st.sampled_from(["/api/dossiers", "/api/inbox"]))
    @recorded
    def list_dossiers(self, account: tuple[str, str], where: str) -> None:
        role, unit = account
        client, _ = self.world.client(role, unit)
        r = client.get(where, params={"per_page": 100})
        self.world.count(f"list:{where}")
        assert r.status_code == 200, r.text
        for item in r.json()["items"]:
            d = self.world.dossiers.get(item["code"])
            assert d is not None, f"{item['code']} không do kiểm thử lập"
            assert may(role, unit, Action.view, d.units_for(Action.view)), (
                f"{account} thấy {item['code']} ({d.state.value}) trong {where}"
            )
            assert item["state"] == d.state.value, item

    @invariant()
    @recorded
    def states_agree(self) -> None:
        """Nothing moved that the model did not move (checked on a sample: the example's own)."""
        mine = [d for d in self.world.dossiers.values() if d.person in self.nominees.values()]
        if not mine:
            return
        client, _ = self.world.client("admin", "TLD")
        for d in mine[-3:]:
            r = client.get(f"/api/dossiers/{d.code}")
            assert r.status_code == 200 and r.json()["state"] == d.state.value, r.text[:300]


def _agree(expected: bool, r: Any, what: str) -> None:
    ok = 200 <= r.status_code < 300
    OUTCOMES["allowed" if ok else "refused"] += 1
    assert r.status_code < 500, f"{what}: {r.status_code} {r.text[:300]}"
    if ok and not expected:
        pytest.fail(f"Lỗ hổng phân quyền: {what} được phép ({r.status_code}): {r.text[:300]}")
    assert ok == expected, f"{what}: mong đợi thành công, nhận {r.status_code} {r.text[:300]}"
    if not ok:
        assert r.status_code in (403, 404, 409, 422), f"{what}: {r.status_code} {r.text[:300]}"


def test_random_accounts_get_exactly_what_the_tables_allow(world: World) -> None:
    Authorisation.world = world
    OUTCOMES.clear()
    FIRST_FAILURES.clear()
    try:
        run_state_machine_as_test(
            Authorisation,
            settings=settings(
                max_examples=EXAMPLES,
                stateful_step_count=STEPS,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            ),
        )
    except BaseException:
        print("Lỗi đầu tiên:", *FIRST_FAILURES[:3], sep="\n")
        raise
    states = Counter(d.state.value for d in world.dossiers.values())
    asked = sum(n for k, n in world.checked.items() if not k.startswith("ok:"))
    print(f"{len(world.dossiers)} hồ sơ {dict(states)}; {asked} yêu cầu")
    print(dict(OUTCOMES), dict(sorted(world.checked.items())))
    report = verify_invariants(world.app.uow)
    assert report.ok, [str(p) for p in report.problems]
