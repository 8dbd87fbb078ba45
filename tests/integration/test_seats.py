"""Exemplar seats of a round's conference: shared by members on a date, with a minimum, stored."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from docx import Document
from sqlmodel import select

from awards.bootstrap import App
from awards.errors import NotFoundError, ValidationError
from awards.model import ExemplarSeat, Person
from awards.repository.org import unit_by_code
from awards.services.lifecycle.plan import Actor
from awards.services.org.units import NewUnit, add_units
from awards.services.seats.allocate import (
    SeatPlan,
    allocate_exemplar_seats,
    seat_table,
    write_seat_documents,
)
from tests.integration.lifecycle_fixtures import build_org, draft

NOW = datetime(2025, 3, 1, tzinfo=UTC)
OFFICE = Actor("Tòng Văn Minh", "secretariat")


@pytest.fixture
def province(tdkt: App) -> App:
    """LĐLĐ Lai Châu with three districts: 3, 60 and 37 members (CĐCS under each)."""
    build_org(tdkt)
    add_units(
        tdkt.uow,
        [
            NewUnit("NAM-NHUN", "Liên đoàn Lao động huyện Nậm Nhùn", "ldld_huyen", "LDLD-LC"),
            NewUnit("TAN-UYEN", "Liên đoàn Lao động huyện Tân Uyên", "ldld_huyen", "LDLD-LC"),
            NewUnit("CS-NN", "Công đoàn Trường THCS Nậm Hàng", "cdcs", "NAM-NHUN", sector="hcsn"),
            NewUnit("CS-TU", "Công đoàn Trường THPT Tân Uyên", "cdcs", "TAN-UYEN", sector="hcsn"),
        ],
    )
    with tdkt.uow() as uow:
        for unit_code, count in (("CS-NN", 60), ("CS-TU", 37)):
            unit = unit_by_code(uow.session, unit_code, date(2025, 1, 1))
            for n in range(count):
                uow.session.add(
                    Person(
                        code=f"{unit_code}-{n}",
                        full_name=f"Đoàn viên {n}",
                        gender="nam",
                        birth_year=1985,
                        unit_id=unit.id,
                    )
                )
        uow.commit()
    return tdkt


def test_seats_follow_members_with_a_minimum_and_can_be_allocated_again(province: App) -> None:
    plan = SeatPlan(total=30, guests=10, minimum=3, members_as_of=date(2025, 2, 28))
    table = allocate_exemplar_seats(province.uow, "TK-2025", plan, OFFICE, NOW)
    got = {line.unit_code: (line.members, line.seats) for line in table.lines}
    # 20 exemplar seats: Than Uyên's share (0,6) is below 3 → 3; 17 shared 60:37 → 11 and 6.
    assert got == {"THAN-UYEN": (3, 3), "NAM-NHUN": (60, 11), "TAN-UYEN": (37, 6)}
    again = allocate_exemplar_seats(
        province.uow, "TK-2025", SeatPlan(200, 40, 2, date(2025, 2, 28)), OFFICE, NOW
    )
    assert sum(line.seats for line in again.lines) == 160
    with province.uow() as uow:
        assert len(uow.session.exec(select(ExemplarSeat)).all()) == 3


def test_the_meters_count_what_each_branch_has_proposed(province: App) -> None:
    allocate_exemplar_seats(
        province.uow, "TK-2025", SeatPlan(30, 10, 3, date(2025, 2, 28)), OFFICE, NOW
    )
    for person in ("DV1", "DV2", "DV3"):
        draft(province, "LDTT", person=person)
    draft(province, "GK_CDCT", unit="CS1")
    lines = {line.unit_code: line for line in seat_table(province.uow, "TK-2025").lines}
    assert (lines["THAN-UYEN"].proposed, lines["THAN-UYEN"].over) == (4, True)
    assert lines["NAM-NHUN"].proposed == 0


def test_impossible_plans_are_refused_and_nothing_changes(province: App) -> None:
    with pytest.raises(ValidationError, match="tối thiểu 10 mỗi đơn vị"):
        allocate_exemplar_seats(
            province.uow, "TK-2025", SeatPlan(30, 10, 10, date(2025, 2, 28)), OFFICE, NOW
        )
    with pytest.raises(ValidationError, match="phải lớn hơn 0"):
        allocate_exemplar_seats(
            province.uow, "TK-2025", SeatPlan(40, 40, 1, date(2025, 2, 28)), OFFICE, NOW
        )
    with pytest.raises(NotFoundError, match="chưa phân bổ"):
        seat_table(province.uow, "TK-2025")


def test_the_allocation_table_as_documents(province: App, tmp_path: Path) -> None:
    allocate_exemplar_seats(
        province.uow, "TK-2025", SeatPlan(200, 40, 2, date(2025, 2, 28)), OFFICE, NOW
    )
    docx, xlsx = write_seat_documents(province.uow, "TK-2025", tmp_path)
    text = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert "gồm 40 đại biểu khách mời và 160 đại biểu điển hình tiên tiến" in text
    cells = [c.text for t in Document(str(docx)).tables for row in t.rows for c in row.cells]
    assert "Liên đoàn Lao động huyện Nậm Nhùn" in cells and "160" in cells
    assert xlsx.suffix == ".xlsx" and xlsx.stat().st_size > 0
