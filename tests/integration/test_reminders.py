"""The reminder sweep writes one digest per person and overdue notices, once a day (both DBs)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event
from sqlmodel import col, select

from awards.bootstrap import App
from awards.model import OutboxMessage
from awards.services.mail.outbox import pending
from awards.services.reminders.sweep import clock, sweep
from notifications import context_from_data
from tests.support.reminders import (
    HEAD,
    OFFICER,
    SECRETARIAT,
    SWEEP_DAY,
    build_reminder_round,
)


@pytest.fixture
def round_(tdkt: App) -> tuple[App, dict[str, str]]:
    return tdkt, build_reminder_round(tdkt)


def _reminders(app: App) -> dict[str, OutboxMessage]:
    with app.uow() as uow:
        rows = uow.session.exec(
            select(OutboxMessage).where(
                col(OutboxMessage.kind).in_(["reminder_digest", "overdue_digest"])
            )
        ).all()
    return {f"{r.kind}:{r.recipient}": r for r in rows}


def test_one_digest_per_person_most_urgent_first(round_: tuple[App, dict[str, str]]) -> None:
    app, codes = round_
    day, now = clock(app.settings.tz, SWEEP_DAY)
    report = sweep(app.uow, today=day, now=now)
    assert (report.dossiers, report.digests, report.overdue_notices) == (5, 2, 1)
    assert report.written == 3 and report.no_address == []
    stored = _reminders(app)  # digests as data: the items as JSON, the subject, no bodies yet
    assert {(m.body_text, m.body_html) for m in stored.values()} == {("", "")}
    data = stored[f"reminder_digest:{SECRETARIAT}"].data
    assert data is not None
    table = data["items"]  # one table: the keys once, a row of values per item
    assert table["v"][0][table["$rows"].index("due_date")] == "2025-11-06"
    assert table["$dates"] == ["due_date"]
    items = context_from_data(data)["items"]
    assert [i["code"] for i in items] == [codes[name] for name in "BCA"]
    assert items[0]["due_date"] == date(2025, 11, 6)
    assert stored[f"reminder_digest:{SECRETARIAT}"].subject.startswith("[TĐKT] 3 hồ sơ")
    pending(app.uow)  # the first step of every delivery renders them and fixes the bodies
    mails = _reminders(app)
    assert set(mails) == {
        f"reminder_digest:{SECRETARIAT}",
        f"reminder_digest:{OFFICER}",
        f"overdue_digest:{HEAD}",
    }
    secretariat = mails[f"reminder_digest:{SECRETARIAT}"]
    text = secretariat.body_text
    order = [text.index(codes[name]) for name in "BCA"]
    assert order == sorted(order), "overdue, then due today, then 5 days left"
    assert "ĐÃ QUÁ HẠN (1)" in text and "HẾT HẠN HÔM NAY (1)" in text
    assert "quá hạn 2 ngày làm việc" in text and "còn 5 ngày làm việc" in text
    assert "Đến ngày 10 tháng 11 năm 2025, có 3 hồ sơ" in text
    assert "<strong>3</strong> hồ sơ" in secretariat.body_html
    officer = mails[f"reminder_digest:{OFFICER}"].body_text
    assert officer.index(codes["D"]) < officer.index(codes["E"])
    assert "Bị trả lại" in officer and "Nháp" in officer and "còn 8 ngày làm việc" in officer
    overdue = mails[f"overdue_digest:{HEAD}"]
    assert codes["B"] in overdue.body_text and codes["A"] not in overdue.body_text
    assert "Liên đoàn Lao động huyện Than Uyên" in overdue.body_text
    assert overdue.key == f"overdue_digest:{HEAD}:2025-11-10"


def test_a_second_sweep_on_the_same_day_writes_nothing(round_: tuple[App, dict[str, str]]) -> None:
    app, _ = round_
    day, now = clock(app.settings.tz, SWEEP_DAY)
    assert sweep(app.uow, today=day, now=now).written == 3
    again = sweep(app.uow, today=day, now=now + timedelta(hours=3))
    assert again.digests == 2 and again.written == 0
    assert len(_reminders(app)) == 3
    nxt, later = clock(app.settings.tz, SWEEP_DAY + timedelta(days=1))
    assert sweep(app.uow, today=nxt, now=later).written == 3  # a new day, new digests


def test_nobody_is_mailed_while_every_deadline_is_far(round_: tuple[App, dict[str, str]]) -> None:
    app, _ = round_
    early = SWEEP_DAY - timedelta(days=14)  # Monday 27/10: the nearest (B) is 8 days away
    report = sweep(app.uow, today=early, now=datetime(2025, 10, 27, 0, 0, tzinfo=UTC))
    assert report.dossiers == 5 and report.written == 0


def test_the_sweep_reads_in_a_fixed_number_of_queries(round_: tuple[App, dict[str, str]]) -> None:
    app, _ = round_
    statements: list[str] = []

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    event.listen(app.engine, "before_cursor_execute", count)
    try:
        day, now = clock(app.settings.tz, SWEEP_DAY)
        sweep(app.uow, today=day, now=now)
    finally:
        event.remove(app.engine, "before_cursor_execute", count)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    inserts = [s for s in statements if s.lstrip().upper().startswith("INSERT")]
    # open dossiers, contacts of acting units, contacts of their parents, award names, and the
    # rounds (a registration period open today would add the tree and its registrations)
    assert len(selects) == 5 and len(inserts) == 1
