"""Use cases run against in-memory fakes of the unit of work (tests/support/fakes.py).

No database: these show that the lifecycle, nomination and round use cases reach storage only
through the repositories hung on the unit of work. The same behaviours are tested end to end, on
SQLite and PostgreSQL, in tests/integration.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from awards.errors import ConflictError, DeadlineError, NotFoundError, ValidationError
from awards.model import Award, OutboxMessage, Person, Round, Unit
from awards.services.lifecycle.audit_chain import event_hash
from awards.services.lifecycle.move import move, move_many
from awards.services.lifecycle.plan import Actor, MoveRequest
from awards.services.mail.stored import message_of
from awards.services.nomination.nominate import Nomination, nominate
from awards.services.rounds.catalogue import NewRound, open_round
from states import Trigger
from tests.support.fakes import (
    FakeDossierRepository,
    FakeOrgRepository,
    FakePeopleRepository,
    FakeRoundRepository,
    FakeUnitOfWork,
    dossier_row,
)

NOW = datetime(2025, 11, 10, 2, 0, tzinfo=UTC)
OFFICER = Actor("Cán bộ công đoàn cơ sở", "unit_officer")
SECRETARY = Actor("Thường trực Hội đồng TĐKT", "secretariat")


def _uow(*rows_state: tuple[str, str]) -> FakeUnitOfWork:
    award = Award(
        code="GK",
        name="Giấy khen",
        form="giay_khen",
        nominee_kinds=["ca_nhan"],
        decided_at_level=3,
        appraised_at_levels=[3],
    )
    rnd = Round(
        id=1,
        code="TK-2025",
        movement_id=1,
        organiser_unit_id=3,
        name="Tổng kết năm 2025",
        year=2025,
        opens_on=date(2025, 1, 1),
        closes_on=date(2025, 12, 31),
        submission_deadline=date(2025, 11, 20),
    )
    units = [
        (Unit(id=1, code="CS1", kind_code="cdcs", email="cs1@example.vn"), "Công đoàn cơ sở 1", 4),
        (Unit(id=2, code="CT1", kind_code="cdct", email="ct1@example.vn"), "Công đoàn cấp trên", 3),
        (Unit(id=3, code="LDLD-LC", kind_code="ldld", email=None), "LĐLĐ tỉnh", 2),
    ]
    rows = [
        dossier_row(code, id=i, state=state, route=(2,))
        for i, (code, state) in enumerate(rows_state, start=1)
    ]
    return FakeUnitOfWork(
        dossiers=FakeDossierRepository(rows),
        rounds=FakeRoundRepository([rnd], [award]),
        org=FakeOrgRepository(units, parents={1: 2, 2: 3}),
        people=FakePeopleRepository(
            [
                Person(
                    id=1,
                    code="DV1",
                    full_name="Nguyễn Thị Hoa",
                    gender="nu",
                    birth_year=1990,
                    unit_id=1,
                )
            ]
        ),
    )


def test_submit_writes_state_audit_and_hop_in_one_commit() -> None:
    uow = _uow(("HS-2025-000001", "draft"))
    out = move(uow, "HS-2025-000001", MoveRequest(Trigger.submit, OFFICER, NOW))
    assert (out.ok, out.source, out.dest) == (True, "draft", "submitted")
    row = uow.dossiers.rows["HS-2025-000001"]
    assert (row.state, row.version, row.audit_seq) == ("submitted", 2, 1)
    (event,) = uow.dossiers.audit
    assert event["from_state"] == "draft" and event["to_state"] == "submitted"
    assert event["hash"] == event_hash("", event) == row.audit_hash
    assert [h["unit_id"] for h in uow.dossiers.hops] == [2]
    assert uow.dossiers.outbox == []  # nobody is told of a submission
    assert uow.commits == 1


def test_receive_defaults_the_deadline_and_tells_the_nominating_unit() -> None:
    uow = _uow(("HS-2025-000001", "submitted"))
    move(uow, "HS-2025-000001", MoveRequest(Trigger.receive, SECRETARY, NOW))
    row = uow.dossiers.rows["HS-2025-000001"]
    assert row.state == "received" and row.due_on is not None and row.due_on > NOW.date()
    (mail,) = uow.dossiers.outbox
    assert mail["kind"] == "dossier_received" and mail["recipient"] == "cs1@example.vn"
    # stored as data (the JSON text the repository writes): rendered as delivery will
    text = message_of(OutboxMessage(**{**mail, "data": json.loads(mail["data"])})).text
    assert "Nguyễn Thị Hoa" in text and "Công đoàn cấp trên" in text
    (receipt,) = uow.dossiers.hop_updates
    assert receipt["appraisal_due_on"] == row.due_on


def test_a_submission_after_the_round_deadline_is_refused_and_nothing_is_written() -> None:
    uow = _uow(("HS-2025-000001", "draft"))
    late = datetime(2025, 11, 21, 2, 0, tzinfo=UTC)
    with pytest.raises(DeadlineError, match="20/11/2025"):
        move(uow, "HS-2025-000001", MoveRequest(Trigger.submit, OFFICER, late))
    assert uow.dossiers.rows["HS-2025-000001"].state == "draft"
    assert uow.dossiers.audit == [] and uow.commits == 0


def test_a_stale_version_is_a_conflict() -> None:
    uow = _uow(("HS-2025-000001", "draft"))
    with pytest.raises(ConflictError, match="phiên bản 1"):
        move(uow, "HS-2025-000001", MoveRequest(Trigger.submit, OFFICER, NOW), expected_version=7)


def test_a_bulk_move_reports_refusals_and_moves_the_rest() -> None:
    uow = _uow(("HS-2025-000001", "draft"), ("HS-2025-000002", "received"))
    codes = ["HS-2025-000001", "HS-2025-000002"]
    first, second = move_many(uow, MoveRequest(Trigger.submit, OFFICER, NOW), codes=codes)
    assert first.ok and first.dest == "submitted"
    assert not second.ok and second.source == "received" and second.allowed
    assert [e["dossier_id"] for e in uow.dossiers.audit] == [1]


def test_open_round_creates_its_movement_once() -> None:
    uow = _uow()
    new = NewRound(
        code="TK-2026",
        name="Tổng kết năm 2026",
        movement_code="LDG",
        movement_name="Lao động giỏi",
        organiser_code="LDLD-LC",
        year=2026,
        opens_on=date(2026, 1, 1),
        closes_on=date(2026, 12, 31),
        submission_deadline=date(2026, 11, 20),
    )
    round_id = open_round(uow, new)
    assert uow.rounds.by_code("TK-2026").id == round_id and uow.committed
    open_round(uow, replace(new, code="SK-2026"))
    assert list(uow.rounds.movements) == ["LDG"]
    with pytest.raises(NotFoundError, match="Không có đợt thi đua mã 'TK-2030'"):
        uow.rounds.by_code("TK-2030")


def test_open_round_refuses_a_deadline_outside_the_round() -> None:
    new = NewRound(
        "X", "X", "M", "M", "LD", 2026, date(2026, 1, 1), date(2026, 6, 30), date(2026, 7, 1)
    )
    with pytest.raises(ValidationError, match="hạn nộp 01/07/2026"):
        open_round(_uow(), new)


def test_nominate_routes_through_the_appraising_levels_and_numbers_the_year() -> None:
    uow = _uow()
    nom = Nomination("TK-2025", "GK", "CS1", person_code="DV1", achievement_summary="Xuất sắc")
    assert nominate(uow, nom, now=NOW) == "HS-2025-000001"
    assert nominate(uow, nom, now=NOW) == "HS-2025-000002"
    first = uow.dossiers.added[0]
    assert (first.route, first.current_unit_id, first.ends_at_state_body) == ([2], 2, False)
    assert (first.person_id, first.due_on) == (1, date(2025, 11, 20))
    assert uow.commits == 2


def test_nominate_refuses_a_unit_with_no_appraising_level_above_it() -> None:
    uow = _uow()
    nom = Nomination("TK-2025", "GK", "CT1", person_code="DV1")
    with pytest.raises(ValidationError, match="không có cấp xét duyệt phù hợp"):
        nominate(uow, nom, now=NOW)
    with pytest.raises(NotFoundError, match="Không có đợt thi đua mã 'TK-1999'"):
        nominate(uow, replace(nom, round_code="TK-1999"), now=NOW)
    assert uow.dossiers.added == [] and uow.commits == 0
