"""Facts built from the database in bulk: right values, and a fixed number of queries per batch."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from sqlalchemy import event
from sqlmodel import col, select

from awards.bootstrap import App
from awards.facts import build_facts
from awards.model import Dossier, Recognition
from awards.repository.bulk import insert_rows
from rules import evaluate, load_policy_set
from tests.support.appraisal import Member, add_members
from tests.support.lifecycle import build_org, draft

PACK = load_policy_set()


@pytest.fixture
def org(tdkt: App) -> App:
    build_org(tdkt)
    return tdkt


def _ids(app: App, codes: list[str]) -> list[int]:
    with app.uow() as uow:
        found = uow.session.exec(select(Dossier.id).where(col(Dossier.code).in_(codes))).all()
    return [i for i in found if i is not None]


@contextmanager
def counting(app: App) -> Iterator[list[str]]:
    """Every query sent to the database while inside (executemany counts once; BEGIN does not)."""
    seen: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not statement.startswith("BEGIN"):
            seen.append(statement)

    event.listen(app.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(app.engine, "before_cursor_execute", count)


def test_facts_carry_history_discipline_unit_and_federation(org: App) -> None:
    streak = {y: ["LDTT", "CSTDCS"] for y in (2023, 2024, 2025)}
    ids = add_members(
        org,
        "CS1",
        [
            Member(
                "P1",
                ratings=dict.fromkeys((2023, 2024, 2025), "hoan_thanh_xuat_sac"),
                titles=streak,
                initiatives={2025: "tinh"},
                direct=True,
            ),
            Member(
                "P2",
                ratings={2025: "hoan_thanh_tot"},
                titles={2025: ["LDTT"]},
                disciplined=(date(2024, 3, 1), date(2025, 3, 1)),
                leader=True,
            ),
        ],
    )
    with org.uow() as uow:
        pid = ids["P1"]
        insert_rows(
            uow.session,
            Recognition,
            [
                {
                    "person_id": pid,
                    "year": 2024,
                    "award_code": "BK_CHUYEN_DE",
                    "award_type": "chuyen_de",
                },
                {"person_id": pid, "year": 2026, "award_code": "BK_LDLD", "award_type": "regular"},
            ],
        )
        uow.commit()
    tinh, ldtt, group = (
        draft(org, "CSTD_TINH", "P1"),
        draft(org, "LDTT", "P2"),
        draft(org, "TT_LDXS", unit="CS1"),
    )
    with org.uow() as uow:
        facts = build_facts(uow.session, _ids(org, [tinh, ldtt, group]))
    p1, p2, cs1 = facts[tinh], facts[ldtt], facts[group]
    assert (p1.unit_code, p1.federation_code, p1.unit_sector) == ("CS1", "LDLD-LC", "hcsn")
    assert p1.is_direct_worker and not p1.holds_leadership_post and p2.holds_leadership_post
    assert [r.year for r in p1.history] == [2025, 2024, 2023]  # 2026 is after the round
    assert (
        p1.history[0].titles == ("LDTT", "CSTDCS") and p1.history[0].initiatives[0].scope == "tinh"
    )
    assert [(a.code, a.type) for a in p1.history[1].awards] == [("BK_CHUYEN_DE", "chuyen_de")]
    assert p1.score == 3 + 2  # three HTXS years, one provincial sáng kiến
    assert p2.discipline[0].end == date(2025, 3, 1)
    assert (cs1.nominee_kind, cs1.members_total, cs1.members_ldtt, cs1.members_cstdcs) == (
        "tap_the",
        5,  # DV1–DV3 of the fixture and P1, P2
        2,
        1,
    )
    assert (cs1.members_completed, cs1.members_disciplined) == (2, 1)
    assert evaluate(PACK, p1).eligible, evaluate(PACK, p1).failed
    # the discipline ended in 2025: that year's achievements do not count, nor does it pass TD03
    assert evaluate(PACK, p2).failed == ["hoan-thanh-tot", "khong-ky-luat"]


def test_the_number_of_queries_does_not_grow_with_the_batch(org: App) -> None:
    members = [
        Member(
            f"Q{i:03d}",
            ratings={2024: "hoan_thanh_tot", 2025: "hoan_thanh_xuat_sac"},
            titles={2025: ["LDTT"]},
            initiatives={2025: "co_so"} if i % 3 == 0 else {},
            disciplined=(date(2020, 1, 1), date(2021, 1, 1)) if i % 7 == 0 else None,
        )
        for i in range(200)
    ]
    add_members(org, "CS1", members)
    first = draft(org, "CSTDCS", "Q000")
    with org.uow() as uow:
        row = uow.session.exec(select(Dossier).where(col(Dossier.code) == first)).one()
        template = row.model_dump(exclude={"id", "code", "person_id"})
        pids = dict(
            uow.session.exec(select(Recognition.person_id, Recognition.person_id).distinct()).all()
        )
        rows = [
            template | {"code": f"HS-X-{n:04d}", "person_id": pid}
            for n, pid in enumerate(sorted(p for p in pids if p is not None))
        ]
        insert_rows(uow.session, Dossier, rows)
        uow.commit()
    one, many = _ids(org, [first]), _ids(org, [r["code"] for r in rows])
    assert len(many) == 200
    with org.uow() as uow:
        with counting(org) as small:
            assert len(build_facts(uow.session, one)) == 1
        with counting(org) as big:
            found = build_facts(uow.session, many)
    assert len(found) == 200 and len(small) == len(big) <= 12, (len(small), len(big))
    assert sum(bool(f.discipline) for f in found.values()) == len(range(0, 200, 7))
