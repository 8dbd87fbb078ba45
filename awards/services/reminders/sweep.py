"""The daily reminder sweep: one digest per person, and overdue notices to the level above.

One query reads every open dossier with the unit that must act on it; two more read the
contacts of those units and of their parents. Items are grouped by mailbox into ONE digest
per recipient, most urgent first, its tone rising at the thresholds of the deadline policy.
Overdue dossiers are also listed, once a day, to the head of the level above the unit that
holds them. Every message is written to the outbox in one transaction under a key unique
per recipient × kind × day, so a second sweep on the same day writes nothing new. Digests are
stored as data (their items as JSON) and rendered at delivery (awards.services.mail.stored).
A unit that has still to make its đăng ký thi đua in an open registration period gets a line in
the same digest (awards.services.registrations.reminders).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, tzinfo
from operator import itemgetter
from typing import Any, cast

from awards.deadline_policy import DeadlineRules, default_rules
from awards.errors import ConfigError
from awards.links import link
from awards.repository import UnitOfWorkFactory
from awards.repository.reminders import Contact, WaitingRow
from awards.services.lifecycle.notices import SENDER
from awards.services.mail.stored import stored_row
from awards.services.registrations.reminders import digest_item, registrations_due
from awards.workdays import CalendarMissingError, WorkCalendar, default_calendar
from states import STATE_LABELS

DIGEST = "reminder_digest"
OVERDUE = "overdue_digest"
_URGENCY = itemgetter("working_days_left", "due_date", "code")  # a digest's most urgent first


def clock(tz: tzinfo, today: date | None = None) -> tuple[date, datetime]:
    """The sweep's day and timestamp: now, or 07:00 local time on a chosen day (demo, tests)."""
    if today is None:
        now = datetime.now(tz)
        return now.date(), now.astimezone(UTC)
    return today, datetime.combine(today, time(7, 0), tz).astimezone(UTC)


@dataclass
class SweepReport:
    today: date
    dossiers: int = 0  # open dossiers with a deadline
    digests: int = 0  # digests due today (written now or by an earlier sweep)
    overdue_notices: int = 0
    written: int = 0  # new outbox rows
    no_address: list[str] = field(default_factory=list)  # units that could not be told


def sweep(
    uow_factory: UnitOfWorkFactory,
    *,
    today: date,
    now: datetime,
    rules: DeadlineRules | None = None,
    calendar: WorkCalendar | None = None,
) -> SweepReport:
    rules, cal = rules or default_rules(), calendar or default_calendar()
    report = SweepReport(today)
    with uow_factory() as uow:
        reminders = uow.reminders
        rows = reminders.open_waiting()
        report.dossiers = len(rows)
        to_register = registrations_due(uow, today)
        wanted = _units_of(rows) | {d.unit_id for d in to_register}
        units = reminders.contacts(wanted, today)
        parents = {u.parent_id for u in units.values() if u.parent_id} - units.keys()
        units |= reminders.contacts(parents, today)
        plan = _Plan(units, reminders.award_names(), _days_left(cal, today), report)
        plan.add_rows(rows)
        for due in to_register:  # đăng ký thi đua still to make, in the same digest
            plan.add_item(due.unit_id, digest_item(due, plan.left(due.due_on)))
        messages = plan.messages(rules, today, now)
        report.written = uow.outbox.add(messages)
        uow.commit()
    return report


def _units_of(rows: Sequence[WaitingRow]) -> set[int]:
    """The units that must act on the rows and the units nominated in them."""
    units = {unit_id for *_, unit_id in rows}
    units.update(nominee for _, _, _, _, nominee, _, _ in rows if nominee)
    return units


def _days_left(cal: WorkCalendar, today: date) -> Any:
    memo: dict[date, int] = {}

    def left(due: date) -> int:
        if due not in memo:
            try:
                memo[due] = cal.working_days_between(today, due)
            except CalendarMissingError as err:
                raise ConfigError(
                    f"Không tính được số ngày làm việc tới hạn {due:%d/%m/%Y}: lịch ngày nghỉ "
                    f"chưa có năm {err.year} ({err.source}). Bổ sung năm đó vào lịch rồi chạy lại."
                ) from err
        return memo[due]

    return left


class _Plan:
    """Items grouped by mailbox: digests for whoever must act, overdue lists for heads."""

    def __init__(
        self, units: dict[int, Contact], awards: dict[str, str], left: Any, report: SweepReport
    ) -> None:
        self.units, self.awards, self.left, self.report = units, awards, left, report
        self.digests: dict[str, list[dict[str, Any]]] = {}
        self.overdue: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.names: dict[str, str] = {}
        self.missing: set[str] = set()

    def add_rows(self, rows: Sequence[WaitingRow]) -> None:
        """Every open dossier in one pass: a line in the digest of the unit that must act on it,
        and in the overdue list of the head above that unit when it is late."""
        units, awards, left = self.units, self.awards, self.left
        labels = cast(dict[str, str], STATE_LABELS)  # StrEnum keys: the row's str finds them
        unit_names = {unit_id: unit.name for unit_id, unit in units.items()}
        # Per acting unit, once: its contact and its digest's list (None: no mailbox).
        acting: dict[int, tuple[Contact | None, list[dict[str, Any]] | None]] = {}
        for code, state, due, award, nominee_unit, person, unit_id in rows:
            found = acting.get(unit_id)
            if found is None:
                found = acting[unit_id] = self._acting(unit_id)
            unit, digest = found
            days = left(due)
            item = {
                "code": code,
                "nominee_name": person or unit_names.get(nominee_unit or 0, ""),
                "award_name": awards.get(award, award),
                "state_label": labels[state],
                "due_date": due,
                "working_days_left": days,
            }
            if digest is not None:
                digest.append(item)
            if days < 0 and unit is not None:
                self._escalate(unit, item, -days)

    def _acting(self, unit_id: int) -> tuple[Contact | None, list[dict[str, Any]] | None]:
        unit = self.units.get(unit_id)
        if unit is None or not unit.email:
            self.missing.add(unit.name if unit else f"đơn vị #{unit_id}")
            return unit, None
        return unit, self._digest(unit)

    def _digest(self, unit: Contact) -> list[dict[str, Any]]:
        """The items of the digest to the unit's mailbox (assumed set)."""
        email = str(unit.email)
        items = self.digests.get(email)
        if items is None:
            items = self.digests[email] = []
            self.names.setdefault(email, unit.name)
        return items

    def add_item(self, unit_id: int, item: dict[str, Any]) -> None:
        """A line that is not a dossier (a registration still to make) for a unit's mailbox."""
        digest = self._acting(unit_id)[1]
        if digest is not None:
            digest.append(item)

    def _escalate(self, unit: Contact, item: dict[str, Any], overdue: int) -> None:
        parent = self.units.get(unit.parent_id or 0)
        if parent is None or not parent.head_email:
            self.missing.add(f"người đứng đầu cấp trên của {unit.name}")
            return
        entry = {**item, "responsible_unit": unit.name, "days_overdue": overdue}
        del entry["working_days_left"]
        self.overdue[parent.head_email].append(entry)
        self.names.setdefault(parent.head_email, f"đồng chí Chủ tịch {parent.name}")

    def messages(self, rules: DeadlineRules, today: date, now: datetime) -> list[dict[str, Any]]:
        out = []
        for email, items in self.digests.items():
            items.sort(key=_URGENCY)
            if items[0]["working_days_left"] > rules.notify_within:
                continue  # nothing near its deadline: no mail today
            for rank, item in enumerate(items):
                item["urgency"] = rank
            context = {"tone_thresholds": rules.thresholds, "items": items, "link": link("home")}
            out.append(self._message(DIGEST, email, today, now, context))
        for email, items in self.overdue.items():
            items.sort(key=lambda i: (-i["days_overdue"], i["code"]))
            out.append(
                self._message(OVERDUE, email, today, now, {"items": items, "link": link("home")})
            )
        self.report.digests = len(out) - len(self.overdue)
        self.report.overdue_notices = len(self.overdue)
        self.report.no_address = sorted(self.missing)
        return out

    def _message(
        self, kind: str, email: str, today: date, now: datetime, context: dict[str, Any]
    ) -> dict[str, Any]:
        who = {"recipient_name": self.names[email], "sender_name": SENDER, "date": today}
        return stored_row(f"{kind}:{email}:{today.isoformat()}", kind, email, context | who, now)
