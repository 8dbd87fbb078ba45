"""Generated achievement history: ratings, titles, awards and sáng kiến year by year.

The distributions are plausible, not statistics: most people complete their tasks well, about
one in seven of those reaching LĐTT also reaches CSTĐ cơ sở, streaks happen, a few get Bằng khen.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date
from typing import Any

RATINGS = ["hoan_thanh_xuat_sac", "hoan_thanh_tot", "hoan_thanh", "khong_hoan_thanh"]
RATING_WEIGHTS = [20, 60, 17, 3]

Row = dict[str, Any]


def history_rows(
    rng: random.Random,
    people: list[Row],
    person_ids: dict[str, int],
    unit_ids: list[int],
    years: Iterable[int],
) -> tuple[list[Row], list[Row], list[Row]]:
    ratings: list[Row] = []
    recognitions: list[Row] = []
    initiatives: list[Row] = []
    years = list(years)
    for p in people:
        pid = person_ids[p["code"]]
        streak = 0
        for year in years:
            rating = rng.choices(RATINGS, RATING_WEIGHTS)[0]
            ratings.append(_rating(pid, None, year, rating))
            has_initiative = rng.random() < (0.10 if rating == RATINGS[0] else 0.03)
            if has_initiative:
                initiatives.append(_initiative(rng, pid, p["unit_id"], year))
            streak = _titles(rng, recognitions, pid, year, rating, has_initiative, streak)
    for unit_id in unit_ids:
        for year in years:
            rating = rng.choices(RATINGS[:3], [30, 60, 10])[0]
            ratings.append(_rating(None, unit_id, year, rating))
            if rating != "hoan_thanh" and rng.random() < 0.7:
                recognitions.append(_recognition(None, unit_id, year, "TT_LDTT"))
    return ratings, recognitions, initiatives


def _titles(
    rng: random.Random,
    out: list[Row],
    pid: int,
    year: int,
    rating: str,
    has_initiative: bool,
    streak: int,
) -> int:
    """Append the titles of one person-year; returns the new CSTĐCS streak."""
    if rating not in RATINGS[:2] or rng.random() > 0.92:
        return 0
    out.append(_recognition(pid, None, year, "LDTT"))
    if (rating == RATINGS[0] or has_initiative) and rng.random() < 0.55:
        out.append(_recognition(pid, None, year, "CSTDCS"))
        streak += 1
        if streak >= 3 and rng.random() < 0.2:
            out.append(_recognition(pid, None, year, "CSTD_TINH"))
    else:
        streak = 0
    if rating == RATINGS[0] and rng.random() < 0.05:
        out.append(_recognition(pid, None, year, "BK_LDLD"))
    return streak


def _rating(pid: int | None, unit_id: int | None, year: int, rating: str) -> Row:
    return {"person_id": pid, "unit_id": unit_id, "year": year, "rating": rating}


def _recognition(pid: int | None, unit_id: int | None, year: int, code: str) -> Row:
    return {
        "person_id": pid,
        "unit_id": unit_id,
        "year": year,
        "award_code": code,
        "award_type": "regular",
        "decision_no": f"{(year * 7) % 900 + 100}/QĐ-LĐLĐ",
        "decision_date": date(year, 12, 20),
    }


def _initiative(rng: random.Random, pid: int, unit_id: int, year: int) -> Row:
    scope = rng.choices(["co_so", "tinh", "toan_quoc"], [85, 14, 1])[0]
    return {
        "person_id": pid,
        "unit_id": unit_id,
        "year": year,
        "title": f"Sáng kiến cải tiến quy trình công việc năm {year}",
        "scope": scope,
        "value_vnd": rng.choice([0, 5, 20, 50, 90, 160, 250]) * 1_000_000,
        "recognised_on": date(year, 10, 15),
    }
