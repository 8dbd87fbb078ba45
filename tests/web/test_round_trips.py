"""A request that moves one dossier, or casts one council member's vote, costs a few round trips
to the database (issue 21): the grants and the rows in the move's own transaction (no read-only
transaction around it, no pre-ping per checkout), names and mailboxes only when a notice is due,
one COMMIT. Counted, not timed: every statement the engine sends plus BEGIN, COMMIT, ROLLBACK.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, event
from sqlmodel import col, select

from awards.bootstrap import App
from awards.model import Unit
from states import Trigger
from tests.support.council_web import as_user, open_and_roll
from tests.support.lifecycle import draft, drive


@dataclass
class Trips:
    statements: list[str] = field(default_factory=list)
    control: list[str] = field(default_factory=list)  # BEGIN, COMMIT, ROLLBACK

    @property
    def total(self) -> int:
        return len(self.statements) + len(self.control)

    def __str__(self) -> str:
        return "\n".join([*self.control, *(s.split("\n")[0][:90] for s in self.statements)])


@contextmanager
def counted(engine: Engine) -> Iterator[Trips]:
    trips = Trips()

    def on_statement(_c: Any, _cur: Any, statement: str, *_: Any) -> None:
        # SQLite's BEGIN IMMEDIATE is sent from the "begin" event: counted there, once.
        if not statement.lstrip().upper().startswith("BEGIN"):
            trips.statements.append(statement.strip())

    listeners = [("before_cursor_execute", on_statement)] + [
        (name, lambda _c, name=name: trips.control.append(name.upper()))
        for name in ("begin", "commit", "rollback")
    ]
    for name, fn in listeners:
        event.listen(engine, name, fn)
    try:
        yield trips
    finally:
        for name, fn in listeners:
            event.remove(engine, name, fn)


def _without_mailbox(app: App, unit_code: str) -> None:
    with app.uow() as uow:
        unit = uow.session.exec(select(Unit).where(col(Unit.code) == unit_code)).one()
        unit.email = None
        uow.session.add(unit)
        uow.commit()


NOTICE_READS = ("unit_version.name", "unit.email", "person.full_name")


def test_no_pre_ping_on_checkout(tdkt: App) -> None:
    # A dead connection is found by the statement using it (tests/reliability/test_db_outage.py).
    assert not tdkt.engine.pool._pre_ping


def test_receive_and_vote_in_a_few_round_trips(tdkt: App) -> None:
    session, codes, _members = open_and_roll(tdkt)
    told, silent = draft(tdkt, "GK_CDCT", "DV3"), draft(tdkt, "GK_CDCT", "DV3", unit="CS1")
    drive(tdkt, told, [Trigger.submit])
    drive(tdkt, silent, [Trigger.submit])
    sec, h = as_user(tdkt, "minh")

    # The unit is told: its names and mailbox are read, one outbox row written.
    with counted(tdkt.engine) as receive:
        r = sec.post(f"/api/dossiers/{told}/moves", json={"trigger": "receive"}, headers=h)
    assert r.status_code == 200, r.text
    assert receive.control == ["BEGIN", "COMMIT"], receive
    assert sum("outbox_message" in s for s in receive.statements) == 1, receive
    assert len(receive.statements) <= 10, receive  # 21 round trips on PostgreSQL before

    # No mailbox, no notice: no name or mailbox is read. The grants, the row locked with its
    # award, round and holder, the dossier, its hop, the audit event; then COMMIT.
    _without_mailbox(tdkt, "CS1")
    with counted(tdkt.engine) as receive:
        r = sec.post(f"/api/dossiers/{silent}/moves", json={"trigger": "receive"}, headers=h)
    assert r.status_code == 200, r.text
    assert r.json()["dest"] == "received"
    assert receive.control == ["BEGIN", "COMMIT"], receive
    assert not [s for s in receive.statements if any(n in s for n in NOTICE_READS)], receive
    assert not [s for s in receive.statements if "outbox_message" in s], receive
    assert len(receive.statements) <= 5, receive

    member, mh = as_user(tdkt, "thang")
    with counted(tdkt.engine) as vote:
        r = member.post(
            f"/api/council/sessions/{session}/votes",
            json={"choice": "yes", "dossier_codes": [codes[0]]},
            headers=mh,
        )
    assert r.status_code == 200, r.text
    assert vote.control == ["BEGIN", "COMMIT"], vote  # 4 BEGIN, 3 ROLLBACK before
    assert len(vote.statements) <= 11, vote  # 23 before
