"""The inbox's "Nhắc việc" panel on both backends: overdue dossiers waiting for me, with the
working days late, and the reminders the daily sweep mailed to my address."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import event

from awards.bootstrap import App
from awards.services.accounts.access import load_principal
from awards.services.dossiers.inbox import inbox
from awards.services.reminders.sweep import clock, sweep
from states import Trigger
from tests.support.lifecycle import NOW, draft, drive, overdue_dossier
from tests.support.web import build_world, client_for, login, make_user


def test_overdue_dossiers_and_swept_reminders_show_in_the_inbox(tdkt: App) -> None:
    build_world(tdkt)
    make_user(tdkt, "minh", "secretariat", "THAN-UYEN", "Tòng Văn Minh", "ThanUyen@tdkt.example")
    make_user(tdkt, "hoa", "unit_officer", "CS1", "Lò Thị Hoa", "khac@tdkt.example")
    late = overdue_dossier(tdkt)
    on_time = draft(tdkt, "GK_CDCT", person="DV2")
    drive(tdkt, on_time, [Trigger.submit, Trigger.receive])  # due 28 November
    today, now = clock(tdkt.settings.tz, NOW.date())
    report = sweep(tdkt.uow, today=today, now=now)
    assert report.digests >= 1 and report.written >= 1

    client = client_for(tdkt)
    login(client, "minh")
    page = client.get("/")
    assert page.status_code == 200
    panel = page.text.split('id="nhac-viec"')[1].split("Chờ tôi xử lý")[0]
    assert late in panel and on_time not in panel
    assert "trễ 4 ngày làm việc" in panel  # 29, 30, 31 October and 3 November
    assert "Nhắc việc hằng ngày" in panel
    body = client.get("/api/inbox").json()  # the same panel through the API
    assert [(x["dossier"]["code"], x["working_days_late"]) for x in body["late"]] == [(late, 4)]
    assert "Nhắc việc hằng ngày" in {r["kind_label"] for r in body["reminders"]}

    other = client_for(tdkt)
    login(other, "hoa")
    assert 'id="nhac-viec"' not in other.get("/").text  # not mine: no panel at all


def test_the_panel_is_read_in_a_fixed_number_of_queries(tdkt: App) -> None:
    build_world(tdkt)
    make_user(tdkt, "minh", "secretariat", "THAN-UYEN", "Tòng Văn Minh", "thanuyen@tdkt.example")
    me = load_principal(tdkt.uow, 1, NOW.date())
    codes = [overdue_dossier(tdkt)]
    one = queries(tdkt, lambda: inbox(tdkt.uow, me, today=NOW.date()))
    codes += [overdue_dossier(tdkt) for _ in range(3)]
    box = inbox(tdkt.uow, me, today=NOW.date())
    assert queries(tdkt, lambda: inbox(tdkt.uow, me, today=NOW.date())) == one
    assert box.reminders is not None
    assert [x.line.code for x in box.reminders.late] == codes
    assert {x.days_late for x in box.reminders.late} == {4}
    assert box.reminders.reminders == []  # no sweep ran: nothing mailed yet


def queries(app: App, work: Callable[[], object]) -> int:
    """Statements sent to the database while `work` runs."""
    seen: list[str] = []

    def count(*args: Any) -> None:
        seen.append(str(args[2]))

    event.listen(app.engine, "before_cursor_execute", count)
    try:
        work()
    finally:
        event.remove(app.engine, "before_cursor_execute", count)
    return len(seen)
