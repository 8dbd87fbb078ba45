"""The "Nhắc việc" panel of the inbox: my overdue dossiers and the reminders mailed to me.

At most two queries whatever the size of the inbox: the overdue dossiers among those waiting
for me (the inbox's own filter, first `limit` by deadline; usually the head of the inbox's
first page, then no query at all), and the reminder sweep's outbox rows
(awards.services.reminders.sweep: daily digests and overdue notices) addressed to the account's
e-mail. Working days late are counted on the same calendar the sweep uses.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from awards.repository.listing import DossierLine, Where
from awards.repository.reminders import ReminderRepository
from awards.services.reminders.sweep import DIGEST, OVERDUE
from awards.workdays import CalendarMissingError, WorkCalendar, default_calendar

PANEL_LIMIT = 10  # lines of each list of the panel
KIND_LABEL = {DIGEST: "Nhắc việc hằng ngày", OVERDUE: "Thông báo hồ sơ quá hạn"}


@dataclass(frozen=True)
class LateLine:
    line: DossierLine
    days_late: int | None  # working days; None when the calendar lacks a year


@dataclass(frozen=True)
class ReminderLine:
    kind: str
    subject: str
    created_at: datetime
    status: str

    @property
    def kind_label(self) -> str:
        return KIND_LABEL.get(self.kind, self.kind)


@dataclass(frozen=True)
class ReminderPanel:
    late: list[LateLine]
    reminders: list[ReminderLine]

    @property
    def empty(self) -> bool:
        return not self.late and not self.reminders


def reminder_panel(
    reminders: ReminderRepository,
    late: list[DossierLine],
    user_id: int,
    today: date,
    *,
    limit: int = PANEL_LIMIT,
    calendar: WorkCalendar | None = None,
) -> ReminderPanel:
    """The panel from my overdue lines (`overdue_lines`) and the reminders mailed to me."""
    cal = calendar or default_calendar()
    return ReminderPanel(
        [LateLine(x, _days_late(cal, x.due_on, today)) for x in late[:limit]],
        reminders_to(reminders, user_id, limit=limit),
    )


def overdue_lines(
    reminders: ReminderRepository,
    where: Where,
    states: Iterable[str],
    today: date,
    *,
    overdue: int,
    first_page: Sequence[DossierLine] | None = None,
    per_page: int = 0,
    limit: int = PANEL_LIMIT,
) -> list[DossierLine]:
    """My first `limit` overdue dossiers by deadline among those matching `where` (all in
    `states`), `overdue` being how many there are.

    Overdue dossiers lead the inbox's deadline order, so when `first_page` (page 1 of that
    order, `per_page` lines a page) holds `limit` lines or the whole list, they are its head and
    no query is needed; none overdue needs none either.
    """
    if overdue == 0:
        return []
    if first_page is not None and (len(first_page) >= limit or len(first_page) < per_page):
        return [x for x in first_page[:limit] if x.due_on is not None and x.due_on < today]
    return reminders.late_lines(where, states, today, limit=limit)


def _days_late(cal: WorkCalendar, due: date | None, today: date) -> int | None:
    if due is None:
        return None
    try:
        return cal.working_days_between(due, today)
    except CalendarMissingError:
        return None


def reminders_to(reminders: ReminderRepository, user_id: int, *, limit: int) -> list[ReminderLine]:
    """The sweep's messages to the account's e-mail, newest first (one query)."""
    return [
        ReminderLine(*row)
        for row in reminders.mails_to_user(user_id, [DIGEST, OVERDUE], limit=limit)
    ]
