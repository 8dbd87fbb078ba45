"""Vietnamese working days: weekends, public holidays and swapped days, from data.

The holidays change every year (Tết, Giỗ Tổ follow the lunar calendar; the Government
announces bridging and swapped days), so they live in `awards/data/holidays.yaml`. A
computation that touches a year with no data raises `CalendarMissingError` instead of
silently counting weekdays: a wrong deadline is worse than a refused one.

Conventions:
- `add_working_days(start, n)`: the n-th working day after `start` (n=0: `start` itself
  if it is a working day, else the next one; n<0: the |n|-th working day before `start`).
- `working_days_between(a, b)`: working days d with a < d <= b (what has elapsed since
  `a` by the end of `b`); negative, -(working days in (b, a]), when b < a. For n >= 1,
  ``working_days_between(a, add_working_days(a, n)) == n``.

Each year is precomputed into a sorted array of working-day ordinals; contiguous years are
joined so a span across New Year (and Tết) is one `bisect`, not a day-by-day loop.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "DEFAULT_HOLIDAYS_FILE",
    "CalendarDataError",
    "CalendarMissingError",
    "Holiday",
    "WorkCalendar",
    "default_calendar",
]

DEFAULT_HOLIDAYS_FILE = Path(__file__).parent / "data" / "holidays.yaml"
_IN_MEMORY = "<in-memory calendar>"


class CalendarMissingError(LookupError):
    """A computation reached a year that has no holiday data."""

    def __init__(self, year: int, source: str) -> None:
        self.year = year
        self.source = source
        super().__init__(
            f"No working-day calendar for {year} in {source}: add the year's days off "
            "(ngày nghỉ lễ, Tết) and working weekends before computing dates in it"
        )


class CalendarDataError(ValueError):
    """The holiday data is malformed (wrong year, a weekday listed as working weekend…)."""


@dataclass(frozen=True)
class Holiday:
    """A dated entry of the calendar with its Vietnamese name."""

    date: date
    name: str = ""


@dataclass(frozen=True)
class _Year:
    days_off: Mapping[date, str]
    working_weekends: Mapping[date, str]
    status: str = "official"


def _as_holidays(entries: Iterable[Holiday | date] | Mapping[date, str]) -> dict[date, str]:
    if isinstance(entries, Mapping):
        return dict(entries)
    out: dict[date, str] = {}
    for entry in entries:
        if isinstance(entry, Holiday):
            out[entry.date] = entry.name
        else:
            out[entry] = ""
    return out


def _check_year(year: int, data: _Year, source: str) -> None:
    for day in [*data.days_off, *data.working_weekends]:
        if day.year != year:
            raise CalendarDataError(f"{source}: {day.isoformat()} is listed under year {year}")
    for day in data.working_weekends:
        if day.weekday() < 5:
            raise CalendarDataError(f"{source}: working weekend {day.isoformat()} is a weekday")
        if day in data.days_off:
            raise CalendarDataError(f"{source}: {day.isoformat()} is both off and working")
    if data.status not in {"official", "provisional"}:
        raise CalendarDataError(f"{source}: year {year} status must be official or provisional")


def _working_ordinals(year: int, data: _Year) -> list[int]:
    first, last = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
    off = {d.toordinal() for d in data.days_off}
    extra = {d.toordinal() for d in data.working_weekends}
    return [
        n
        for n in range(first, last + 1)
        if n in extra or (date.fromordinal(n).weekday() < 5 and n not in off)
    ]


@dataclass(frozen=True)
class _Run:
    """Working days of consecutive covered years, as one sorted array."""

    first_year: int
    last_year: int
    days: list[int] = field(repr=False)


class WorkCalendar:
    """Immutable working-day calendar; the `with_*` methods return edited copies."""

    def __init__(
        self,
        days_off: Mapping[int, Iterable[Holiday | date] | Mapping[date, str]],
        working_weekends: Mapping[int, Iterable[Holiday | date] | Mapping[date, str]] | None = None,
        *,
        provisional: Iterable[int] = (),
        source: str = _IN_MEMORY,
    ) -> None:
        weekends = working_weekends or {}
        unknown = set(weekends) - set(days_off)
        if unknown:
            raise CalendarDataError(f"{source}: working weekends for years without data {unknown}")
        late = set(provisional)
        self._source = source
        self._years = {
            year: _Year(
                _as_holidays(off),
                _as_holidays(weekends.get(year, ())),
                "provisional" if year in late else "official",
            )
            for year, off in days_off.items()
        }
        for year, data in self._years.items():
            _check_year(year, data, source)
        self._runs = self._build_runs()

    @classmethod
    def from_yaml(cls, path: Path | str = DEFAULT_HOLIDAYS_FILE) -> WorkCalendar:
        """Load the calendar file (see the header of awards/data/holidays.yaml)."""
        source = str(path)
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        years = raw.get("years") if isinstance(raw, dict) else None
        if not isinstance(years, dict):
            raise CalendarDataError(f"{source}: expected a mapping 'years: {{2025: ...}}'")
        off = {int(y): _entries(e, "days_off", y, source) for y, e in years.items()}
        weekends = {int(y): _entries(e, "working_weekends", y, source) for y, e in years.items()}
        late = [int(y) for y, e in years.items() if (e or {}).get("status") == "provisional"]
        return cls(off, weekends, provisional=late, source=source)

    def _build_runs(self) -> list[_Run]:
        runs: list[_Run] = []
        for year in sorted(self._years):
            days = _working_ordinals(year, self._years[year])
            if runs and runs[-1].last_year == year - 1:
                runs[-1] = _Run(runs[-1].first_year, year, runs[-1].days + days)
            else:
                runs.append(_Run(year, year, days))
        return runs

    # -- reading ---------------------------------------------------------------------

    @property
    def source(self) -> str:
        return self._source

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(self._years))

    def is_provisional(self, year: int) -> bool:
        return self._year(year).status == "provisional"

    def days_off(self, year: int) -> list[Holiday]:
        return [Holiday(d, n) for d, n in sorted(self._year(year).days_off.items())]

    def working_weekends(self, year: int) -> list[Holiday]:
        return [Holiday(d, n) for d, n in sorted(self._year(year).working_weekends.items())]

    def holiday_name(self, day: date) -> str | None:
        """Vietnamese name of a listed day off (None for ordinary days and weekends)."""
        return self._year(day.year).days_off.get(day)

    def _year(self, year: int) -> _Year:
        try:
            return self._years[year]
        except KeyError:
            raise CalendarMissingError(year, self._source) from None

    def _run(self, year: int) -> _Run:
        for run in self._runs:
            if run.first_year <= year <= run.last_year:
                return run
        raise CalendarMissingError(year, self._source)

    # -- computing -------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        data = self._year(day.year)
        if day in data.working_weekends:
            return True
        return day.weekday() < 5 and day not in data.days_off

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start` (see the module docstring for n <= 0)."""
        run = self._run(start.year)
        ordinal = start.toordinal()
        if n == 0:
            index = bisect.bisect_left(run.days, ordinal)
        elif n > 0:
            index = bisect.bisect_right(run.days, ordinal) + n - 1
        else:
            index = bisect.bisect_left(run.days, ordinal) + n
        if index < 0:
            raise CalendarMissingError(run.first_year - 1, self._source)
        if index >= len(run.days):
            raise CalendarMissingError(run.last_year + 1, self._source)
        return date.fromordinal(run.days[index])

    def working_days_between(self, a: date, b: date) -> int:
        """Working days d with a < d <= b; negative when b < a (module docstring)."""
        if b < a:
            return -self.working_days_between(b, a)
        run = self._run(a.year)
        if b.year > run.last_year:
            raise CalendarMissingError(run.last_year + 1, self._source)
        return bisect.bisect_right(run.days, b.toordinal()) - bisect.bisect_right(
            run.days, a.toordinal()
        )

    # -- editing (administrators) ----------------------------------------------------

    def _with_years(self, years: dict[int, _Year]) -> WorkCalendar:
        return WorkCalendar(
            {y: d.days_off for y, d in years.items()},
            {y: d.working_weekends for y, d in years.items()},
            provisional=[y for y, d in years.items() if d.status == "provisional"],
            source=self._source,
        )

    def with_year(
        self,
        year: int,
        days_off: Iterable[Holiday | date] | Mapping[date, str],
        working_weekends: Iterable[Holiday | date] | Mapping[date, str] = (),
        *,
        provisional: bool = False,
    ) -> WorkCalendar:
        """A copy with `year` added or replaced as a whole."""
        status = "provisional" if provisional else "official"
        new = _Year(_as_holidays(days_off), _as_holidays(working_weekends), status)
        return self._with_years({**self._years, year: new})

    def with_days_off(self, *days: Holiday | date) -> WorkCalendar:
        """A copy with extra days off (their years must already be in the calendar)."""
        years = dict(self._years)
        for day, name in _as_holidays(days).items():
            self._year(day.year)  # an unknown year is an error, not a new one-day year
            years[day.year] = replace(
                years[day.year], days_off={**years[day.year].days_off, day: name}
            )
        return self._with_years(years)

    def without_days_off(self, *days: date) -> WorkCalendar:
        """A copy where `days` are ordinary days again."""
        years = dict(self._years)
        for day in days:
            self._year(day.year)
            kept = {d: n for d, n in years[day.year].days_off.items() if d != day}
            years[day.year] = replace(years[day.year], days_off=kept)
        return self._with_years(years)

    def with_working_weekends(self, *days: Holiday | date) -> WorkCalendar:
        """A copy where the given Saturdays/Sundays are working days (ngày làm bù)."""
        years = dict(self._years)
        for day, name in _as_holidays(days).items():
            self._year(day.year)
            extra = {**years[day.year].working_weekends, day: name}
            years[day.year] = replace(years[day.year], working_weekends=extra)
        return self._with_years(years)

    def to_dict(self) -> dict[str, Any]:
        """The calendar in the file's shape (``yaml.safe_dump`` it to save an edit)."""
        return {"years": {y: _year_dict(self._years[y]) for y in self.years}}


def _year_dict(data: _Year) -> dict[str, Any]:
    def listed(days: Mapping[date, str]) -> list[dict[str, Any]]:
        return [{"date": d, "name": n} for d, n in sorted(days.items())]

    return {
        "status": data.status,
        "days_off": listed(data.days_off),
        "working_weekends": listed(data.working_weekends),
    }


def _entries(year_data: Any, key: str, year: Any, source: str) -> dict[date, str]:
    items = (year_data or {}).get(key) or []
    out: dict[date, str] = {}
    for item in items:
        when = item.get("date") if isinstance(item, dict) else None
        if isinstance(when, str):
            when = date.fromisoformat(when)
        if not isinstance(when, date):
            raise CalendarDataError(f"{source}: {year}.{key}: entry {item!r} needs a 'date'")
        out[when] = str(item.get("name", ""))
    return out


@functools.cache
def default_calendar() -> WorkCalendar:
    """The calendar of awards/data/holidays.yaml, loaded once per process."""
    return WorkCalendar.from_yaml(DEFAULT_HOLIDAYS_FILE)
