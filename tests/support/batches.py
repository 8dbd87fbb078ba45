"""Work for the batches of test_batch_crashes.py: many mailboxes, a full outbox, a voted session.

The batch parameters are shared with tests/reliability/batch_worker.py, the killed process.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlmodel import col, select

from awards.bootstrap import App
from awards.model import CouncilMember, Person, Unit
from awards.services.council import vote
from awards.services.lifecycle.move import move_many
from awards.services.nomination.bulk import nominate_many
from awards.services.nomination.nominate import Nomination
from awards.services.org.units import NewUnit, add_units
from tests.support.council import NOW as COUNCIL_NOW
from tests.support.council import SECRETARY, TO_ELIGIBLE, attend, council, session
from tests.support.lifecycle import NOW, build_org, req

SWEEP_DAYS = [date(2025, 11, d) for d in (13, 14, 17, 18, 19)]  # drafts due 20/11: 5..1 days
SENDER = "tdkt@ldld.laichau.vn"
MAIL_BATCH = 20  # rows sent over one connection, then marked in one transaction


def scalar(app: App, sql: str, **params: object) -> int:
    with app.engine.connect() as conn:
        return int(conn.execute(text(sql), params).scalar_one() or 0)


def grassroots(app: App, n: int, batch: int = 0) -> list[tuple[str, str]]:
    """n more CĐCS under Than Uyên, each with its own mailbox and one member: (unit, person).
    Each batch of work gets its own units (the organisation is built with the first)."""
    if batch == 0:
        build_org(app)
    pairs = [(f"CSX{batch}-{k}", f"NX{batch}-{k}") for k in range(n)]
    units = [
        NewUnit(unit, f"Công đoàn cơ sở số {unit[3:]}", "cdcs", "THAN-UYEN", sector="hcsn",
                email=f"{unit.lower()}@tdkt.example")
        for unit, _ in pairs
    ]  # fmt: skip
    add_units(app.uow, units, valid_from=date(2025, 1, 1))
    with app.uow() as uow:
        codes = [unit for unit, _ in pairs]
        found = uow.session.exec(select(Unit.code, Unit.id).where(col(Unit.code).in_(codes)))
        ids = dict(found.all())
        for k, (unit, person) in enumerate(pairs):
            uow.session.add(
                Person(code=person, full_name=f"Lò Văn Số{k}", gender="nam",
                       birth_year=1980 + k % 20, unit_id=ids[unit])
            )  # fmt: skip
        uow.commit()
    return pairs


def nominations(pairs: list[tuple[str, str]], award: str = "GK_CDCT") -> list[Nomination]:
    return [
        Nomination("TK-2025", award, unit, person, achievement_summary="Hoàn thành xuất sắc")
        for unit, person in pairs
    ]


def sweep_round(app: App, n: int) -> None:
    """One draft per unit, due on the round's deadline 20/11: a digest per mailbox each day."""
    nominate_many(app.uow, nominations(grassroots(app, n)), now=NOW)


def mail_queue(app: App, n: int, batch: int) -> int:
    """n dossiers submitted and received: one receipt notice each waits in the outbox."""
    codes = nominate_many(app.uow, nominations(grassroots(app, n, batch)), now=NOW)
    for trigger in TO_ELIGIBLE[:2]:
        move_many(app.uow, req(trigger), codes=codes)
    return scalar(app, "SELECT count(*) FROM outbox_message WHERE status = 'pending'")


def voted_session(app: App, n: int, batch: int) -> tuple[str, list[str]]:
    """A session of the Than Uyên council over n eligible dossiers, voted and ready to close:
    six of nine members present, all for the first half and all against the second half."""
    codes = nominate_many(app.uow, nominations(grassroots(app, n, batch)), now=NOW)
    for trigger in TO_ELIGIBLE:
        move_many(app.uow, req(trigger), codes=codes)
    if batch == 0:
        council(app)
    with app.uow() as uow:
        members = list(uow.session.exec(select(CouncilMember.id).order_by(CouncilMember.id)))
    code = session(app)
    attend(app, code, members[:6])
    half = n // 2
    for member in members[:6]:
        vote(app.uow, code, member, "yes", SECRETARY, COUNCIL_NOW, dossier_codes=codes[:half])
        vote(app.uow, code, member, "no", SECRETARY, COUNCIL_NOW, dossier_codes=codes[half:])
    return code, codes
