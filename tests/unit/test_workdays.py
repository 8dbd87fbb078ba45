from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from awards.workdays import (
    DEFAULT_HOLIDAYS_FILE,
    CalendarDataError,
    CalendarMissingError,
    Holiday,
    WorkCalendar,
    default_calendar,
)

CAL = default_calendar()


def test_weekends_are_skipped() -> None:
    assert CAL.is_working_day(date(2024, 6, 14))  # Friday
    assert not CAL.is_working_day(date(2024, 6, 15))  # Saturday
    assert CAL.add_working_days(date(2024, 6, 14), 1) == date(2024, 6, 17)
    assert CAL.add_working_days(date(2024, 6, 15), 0) == date(2024, 6, 17)
    assert CAL.add_working_days(date(2024, 6, 17), 0) == date(2024, 6, 17)


@pytest.mark.parametrize(
    ("first", "last", "next_working"),
    [
        (date(2024, 2, 8), date(2024, 2, 14), date(2024, 2, 15)),
        (date(2025, 1, 25), date(2025, 2, 2), date(2025, 2, 3)),
    ],
)
def test_tet_is_skipped(first: date, last: date, next_working: date) -> None:
    day = first
    while day <= last:
        assert not CAL.is_working_day(day), day
        day += timedelta(days=1)
    assert CAL.add_working_days(first - timedelta(days=1), 1) == next_working


def test_a_span_across_new_year_and_tet() -> None:
    # Saturday 25/01/2025 starts the Tết break (27–31/01 off): day 1 is Monday 03/02.
    assert CAL.add_working_days(date(2025, 1, 25), 5) == date(2025, 2, 7)
    assert CAL.add_working_days(date(2024, 12, 30), 3) == date(2025, 1, 3)  # 01/01 off
    assert CAL.working_days_between(date(2024, 12, 27), date(2025, 2, 7)) == 24  # 2+2+5+5+5, Tết, 5


def test_swapped_days_and_working_saturdays() -> None:
    assert not CAL.is_working_day(date(2024, 4, 29))  # Monday swapped ...
    assert CAL.is_working_day(date(2024, 5, 4))  # ... for Saturday 04/5
    assert not CAL.is_working_day(date(2025, 5, 2))
    assert CAL.is_working_day(date(2025, 4, 26))
    assert CAL.is_working_day(date(2026, 1, 10))
    assert CAL.holiday_name(date(2024, 4, 30)) == "Ngày Chiến thắng"


def test_every_year_has_its_fixed_holidays_and_a_plausible_count() -> None:
    for year in CAL.years:
        for month, day in [(1, 1), (4, 30), (5, 1), (9, 2)]:
            assert not CAL.is_working_day(date(year, month, day))
        first = date(year, 1, 1)
        days = sum(CAL.is_working_day(first + timedelta(days=i)) for i in range(365))
        assert 245 <= days <= 255, (year, days)
    assert CAL.is_provisional(2027) and not CAL.is_provisional(2026)


def test_a_missing_year_raises_naming_year_and_file() -> None:
    with pytest.raises(CalendarMissingError, match="2028") as info:
        CAL.add_working_days(date(2027, 12, 20), 30)
    assert info.value.year == 2028
    assert str(DEFAULT_HOLIDAYS_FILE) in str(info.value)
    with pytest.raises(CalendarMissingError, match="2021"):
        CAL.is_working_day(date(2021, 6, 1))
    with pytest.raises(CalendarMissingError, match="2021"):
        CAL.add_working_days(date(2022, 1, 4), -5)
    with pytest.raises(CalendarMissingError, match="2028"):
        CAL.working_days_between(date(2027, 6, 1), date(2028, 1, 3))


def test_a_gap_between_years_is_never_bridged() -> None:
    cal = WorkCalendar({2024: set(), 2026: set()})
    with pytest.raises(CalendarMissingError, match="2025"):
        cal.add_working_days(date(2024, 12, 30), 5)


def test_between_convention_and_negative_spans() -> None:
    monday, friday = date(2024, 6, 10), date(2024, 6, 14)
    assert CAL.working_days_between(monday, friday) == 4  # Tue..Fri
    assert CAL.working_days_between(friday, monday) == -4
    assert CAL.working_days_between(monday, monday) == 0
    assert CAL.add_working_days(friday, -4) == monday


def test_editing_returns_a_new_calendar() -> None:
    culture_day = date(2026, 11, 24)
    edited = CAL.with_days_off(Holiday(culture_day, "Ngày Văn hóa Việt Nam"))
    assert CAL.is_working_day(culture_day)
    assert not edited.is_working_day(culture_day)
    assert edited.holiday_name(culture_day) == "Ngày Văn hóa Việt Nam"
    assert edited.without_days_off(culture_day).is_working_day(culture_day)
    saturday = date(2026, 11, 28)
    assert edited.with_working_weekends(saturday).is_working_day(saturday)
    added = CAL.with_year(2028, [date(2028, 1, 1)], provisional=True)
    assert added.add_working_days(date(2027, 12, 31), 1) == date(2028, 1, 3)
    with pytest.raises(CalendarMissingError):
        CAL.with_days_off(date(2030, 1, 1))


def test_round_trip_through_the_file_format(tmp_path: Path) -> None:
    import yaml

    path = tmp_path / "holidays.yaml"
    path.write_text(yaml.safe_dump(CAL.to_dict(), allow_unicode=True), encoding="utf-8")
    again = WorkCalendar.from_yaml(path)
    assert again.to_dict() == CAL.to_dict()
    assert again.days_off(2025) == CAL.days_off(2025)


def test_bad_data_is_refused_with_the_reason(tmp_path: Path) -> None:
    with pytest.raises(CalendarDataError, match="weekday"):
        WorkCalendar({2024: set()}, {2024: {date(2024, 5, 6)}})
    with pytest.raises(CalendarDataError, match="under year 2024"):
        WorkCalendar({2024: {date(2025, 1, 1)}})
    path = tmp_path / "bad.yaml"
    path.write_text("years:\n  2024:\n    days_off:\n      - {name: x}\n", encoding="utf-8")
    with pytest.raises(CalendarDataError, match="needs a 'date'"):
        WorkCalendar.from_yaml(path)


DAYS = st.dates(min_value=date(2022, 1, 1), max_value=date(2027, 6, 30))


@given(start=DAYS, n=st.integers(min_value=1, max_value=120))
def test_add_then_between_returns_n(start: date, n: int) -> None:
    end = CAL.add_working_days(start, n)
    assert CAL.is_working_day(end)
    assert CAL.working_days_between(start, end) == n


def _walk(start: date, n: int) -> date:
    """Reference: the slow day-by-day definition of add_working_days for n >= 0."""
    day = start
    if n == 0:
        while not CAL.is_working_day(day):
            day += timedelta(days=1)
        return day
    count = 0
    while count < n:
        day += timedelta(days=1)
        count += CAL.is_working_day(day)
    return day


@given(start=DAYS, n=st.integers(min_value=0, max_value=60))
def test_add_agrees_with_a_day_by_day_walk(start: date, n: int) -> None:
    assert CAL.add_working_days(start, n) == _walk(start, n)


def test_fast_enough_for_100k_dossiers() -> None:
    import time

    begin = time.perf_counter()
    for i in range(100_000):
        CAL.add_working_days(date(2024, 1, 1) + timedelta(days=i % 700), 20 + i % 40)
    assert time.perf_counter() - begin < 2.0
