"""The inbox at scale, on both backends: the per-state UNION ALL page is the single-query page,
the reminder panel reads the outbox through its partial expression index, and one inbox sends
the same few queries whatever its size."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import event, update

from awards.bootstrap import App
from awards.model import Dossier
from awards.services.accounts.access import load_principal
from awards.services.dossiers.inbox import _awaiting, inbox
from awards.services.reminders.panel import overdue_lines, reminders_to
from awards.services.reminders.sweep import clock, sweep
from states import Trigger
from tests.support.lifecycle import NOW, draft, drive
from tests.support.web import build_world, make_user

INDEX = "ix_outbox_reminders_to"
# (moves, deadline) per dossier: ties on one day, dossiers without a deadline, four states.
SHAPES: list[tuple[list[Trigger], date | None]] = [
    ([Trigger.submit], date(2025, 11, 10)),
    ([Trigger.submit], None),
    ([Trigger.submit], date(2025, 11, 10)),
    ([Trigger.submit, Trigger.receive], date(2025, 11, 7)),
    ([Trigger.submit, Trigger.receive], None),
    ([Trigger.submit, Trigger.receive], date(2025, 11, 10)),
    ([Trigger.submit, Trigger.receive, Trigger.start_appraisal], date(2025, 11, 7)),
    ([Trigger.submit, Trigger.receive, Trigger.start_appraisal], date(2025, 11, 12)),
    ([Trigger.submit, Trigger.receive, Trigger.start_appraisal, Trigger.mark_eligible], None),
    ([Trigger.submit, Trigger.receive, Trigger.start_appraisal, Trigger.mark_eligible], None),
]


def _world(app: App) -> list[str]:
    build_world(app)
    make_user(app, "minh", "secretariat", "THAN-UYEN", "Tòng Văn Minh", "ThanUyen@tdkt.example")
    codes = []
    for n, (moves, due) in enumerate(SHAPES):
        code = draft(app, "GK_CDCT", person=f"DV{1 + n % 3}")
        drive(app, code, moves)
        with app.uow() as uow:  # shape the deadlines directly: ties and NULLs are the point
            uow.session.execute(update(Dossier).where(Dossier.code == code).values(due_on=due))
            uow.commit()
        codes.append(code)
    return codes


def test_the_per_state_page_is_the_single_query_page(tdkt: App) -> None:
    codes = _world(tdkt)
    me = load_principal(tdkt.uow, 1, NOW.date())
    with tdkt.uow(write=False) as uow:
        listing = uow.listing
        groups = _awaiting(me)
        where = listing.awaiting(groups)
        counts, _ = listing.counts_and_overdue(
            where, {s for *_, st in groups for s in st}, NOW.date()
        )
        assert len(counts) == 4 and sum(counts.values()) == len(codes)
        everything = [x.code for x in listing.lines(where, limit=100, offset=0)]
        assert sorted(everything) == sorted(codes)
        for per_page in (1, 2, 3, 4, 7, 25):
            for offset in range(0, len(codes) + per_page, per_page):
                one = listing.lines(where, limit=per_page, offset=offset)
                union = listing.waiting_lines(where, counts, limit=per_page, offset=offset)
                assert union == one, (per_page, offset)
        assert listing.waiting_lines(where, {}, limit=25, offset=0) == []
    box = inbox(tdkt.uow, me, today=NOW.date(), per_page=3, page=2)
    assert [x.code for x in box.page.items] == everything[3:6] and box.page.total == len(codes)


def _executed(app: App, call: Callable[[], object]) -> tuple[str, Any]:
    """The last statement `call` sent to the database, with its driver parameters."""
    seen: list[tuple[str, Any]] = []

    def keep(conn: Any, cursor: Any, statement: str, parameters: Any, *rest: Any) -> None:
        seen.append((statement, parameters))

    event.listen(app.engine, "before_cursor_execute", keep)
    try:
        call()
    finally:
        event.remove(app.engine, "before_cursor_execute", keep)
    return seen[-1]


def test_the_reminder_panel_reads_its_partial_index(tdkt: App) -> None:
    _world(tdkt)
    today, now = clock(tdkt.settings.tz, NOW.date())
    assert sweep(tdkt.uow, today=today, now=now).written >= 1
    with tdkt.uow(write=False) as uow:
        lines = reminders_to(uow.reminders, 1, limit=10)  # the address differs in case
        assert [x.kind for x in lines] == ["reminder_digest"]
        stmt, params = _executed(tdkt, lambda: reminders_to(uow.reminders, 1, limit=10))
        conn = uow.session.connection()
        if tdkt.engine.dialect.name == "postgresql":
            conn.exec_driver_sql("SET LOCAL enable_seqscan = off")  # a tiny table is read whole
            plan = "\n".join(str(r[0]) for r in conn.exec_driver_sql(f"EXPLAIN {stmt}", params))
        else:
            rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {stmt}", params)
            plan = "\n".join(str(r[-1]) for r in rows)
    assert INDEX in plan, plan


def _selects(app: App, call: Callable[[], object]) -> list[str]:
    """The SELECT statements `call` sent to the database (not BEGIN/COMMIT)."""
    seen: list[str] = []

    def keep(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            seen.append(statement)

    event.listen(app.engine, "before_cursor_execute", keep)
    try:
        call()
    finally:
        event.remove(app.engine, "before_cursor_execute", keep)
    return seen


LATE_DAY = date(2025, 11, 11)  # five of the ten dossiers are past their deadline


def test_one_inbox_render_sends_five_queries_whatever_its_size(tdkt: App) -> None:
    """The state bodies liaised, the counts, the page, its names, the mails: the overdue
    panel is the head of the first page (no query); other pages look it up (two more)."""
    _world(tdkt)
    me = load_principal(tdkt.uow, 1, NOW.date())
    first = _selects(tdkt, lambda: inbox(tdkt.uow, me, today=LATE_DAY))
    assert len(first) == 5, first
    later = _selects(tdkt, lambda: inbox(tdkt.uow, me, today=LATE_DAY, per_page=2, page=2))
    assert len(later) == 7, later
    for _ in range(3):  # more dossiers, the same statements
        drive(tdkt, draft(tdkt, "GK_CDCT", person="DV1"), [Trigger.submit])
    assert len(_selects(tdkt, lambda: inbox(tdkt.uow, me, today=LATE_DAY))) == 5


def test_the_overdue_panel_is_the_same_from_the_first_page_or_its_query(tdkt: App) -> None:
    _world(tdkt)
    me = load_principal(tdkt.uow, 1, NOW.date())
    with tdkt.uow(write=False) as uow:
        groups = _awaiting(me)
        where = uow.listing.awaiting(groups)
        awaited = {s for *_, st in groups for s in st}
        counts, late = uow.listing.counts_and_overdue(where, awaited, LATE_DAY)
        queried = uow.reminders.late_lines(where, counts, LATE_DAY, limit=10)
        assert late == 5 and [x.due_on for x in queried] == sorted(x.due_on for x in queried)
        for per_page in (1, 4, 5, 6, 25):
            for limit in (1, 3, 5, 10):
                head = uow.listing.waiting_lines(where, counts, limit=per_page, offset=0)
                args = (uow.reminders, where, counts, LATE_DAY)
                derived = overdue_lines(
                    *args, overdue=late, first_page=head, per_page=per_page, limit=limit
                )
                assert derived == queried[:limit], (per_page, limit)
    box = inbox(tdkt.uow, me, today=LATE_DAY)
    assert box.reminders is not None
    assert [x.line for x in box.reminders.late] == queried
