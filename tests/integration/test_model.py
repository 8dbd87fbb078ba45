"""Model constraints and migrations, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlmodel import col, select

from awards.bootstrap import App
from awards.db import alembic_config
from awards.errors import ValidationError
from awards.model import Dossier, Person, metadata
from awards.repository.org import ancestor_ids, descendant_ids, unit_by_code, units_on
from awards.services.lifecycle.move import move
from awards.services.org.units import NewUnit, add_units, change_unit, load_unit_kinds
from awards.services.rounds.catalogue import load_award_catalogue, open_round
from states import Trigger
from tests.support.lifecycle import build_org, draft, req, year_end_round

TREE = [
    NewUnit("TLD", "Tổng Liên đoàn Lao động Việt Nam", "tld", None),
    NewUnit("LDLD-LC", "Liên đoàn Lao động tỉnh Lai Châu", "ldld_tinh", "TLD"),
    NewUnit("THAN-UYEN", "Liên đoàn Lao động huyện Than Uyên", "ldld_huyen", "LDLD-LC"),
    NewUnit("TAN-UYEN", "Liên đoàn Lao động huyện Tân Uyên", "ldld_huyen", "LDLD-LC"),
    NewUnit("CS1", "Công đoàn Trường Tiểu học Mường Kim", "cdcs", "THAN-UYEN", sector="hcsn"),
]


@pytest.fixture
def org(tdkt: App) -> App:
    load_unit_kinds(tdkt.uow)
    load_award_catalogue(tdkt.uow)
    add_units(tdkt.uow, TREE)
    return tdkt


def test_migrations_create_every_table(tdkt: App) -> None:
    tables = set(inspect(tdkt.engine).get_table_names())
    assert set(metadata.tables) | {"alembic_version"} == tables


def test_migrations_match_the_models(tdkt: App) -> None:
    """A model change without its Alembic revision fails here (columns, types, indexes)."""
    with tdkt.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == [], f"schema drift, write a migration: {diff}"


def test_migrations_have_one_head() -> None:
    heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    assert len(heads) == 1, f"several Alembic heads {heads}: set down_revision to the latest"


def test_unit_codes_are_unique(org: App) -> None:
    with pytest.raises(ValidationError, match="CS1"):
        add_units(org.uow, [NewUnit("CS1", "Trùng mã", "cdcs", "THAN-UYEN")])


def test_tree_queries_follow_effective_dates(org: App) -> None:
    on = date(2024, 1, 1)
    with org.uow() as uow:
        cs1 = unit_by_code(uow.session, "CS1", on)
        province = unit_by_code(uow.session, "LDLD-LC", on)
        chain = ancestor_ids(uow.session, cs1.id, on)
        below = descendant_ids(uow.session, province.id, on)
    assert len(chain) == 4 and chain[0] == cs1.id
    assert cs1.id in below and len(below) == 4
    change_unit(
        org.uow,
        code="CS1",
        valid_from=date(2025, 7, 1),
        parent_code="TAN-UYEN",
        name="Công đoàn Trường Tiểu học Mường Kim (sáp nhập)",
    )
    with org.uow() as uow:
        before = {u.code: u for u in units_on(uow.session, date(2025, 6, 30))}
        after = {u.code: u for u in units_on(uow.session, date(2025, 7, 1))}
    assert before["CS1"].parent_id == before["THAN-UYEN"].id
    assert after["CS1"].parent_id == after["TAN-UYEN"].id
    assert after["CS1"].name.endswith("(sáp nhập)")


def test_overlapping_effective_dates_are_refused(org: App) -> None:
    change_unit(org.uow, code="CS1", valid_from=date(2025, 7, 1), name="Tên mới")
    with pytest.raises(ValidationError, match="nối tiếp|chồng"):
        change_unit(org.uow, code="CS1", valid_from=date(2024, 1, 1), name="Tên cũ hơn")
    with org.uow() as uow:
        names = [u.name for u in units_on(uow.session, date(2026, 1, 1)) if u.code == "CS1"]
    assert names == ["Tên mới"]


def _round(org: App) -> int:
    return open_round(org.uow, year_end_round())


def test_dossier_nominee_must_match_its_kind(org: App) -> None:
    round_id = _round(org)
    with org.uow() as uow:
        unit = unit_by_code(uow.session, "CS1", date(2025, 1, 1))
        person = Person(
            code="DV1", full_name="Lò Văn Sơn", gender="nam", birth_year=1985, unit_id=unit.id
        )
        uow.session.add(person)
        uow.session.flush()
        uow.session.add(
            Dossier(
                code="HS-2025-000001",
                round_id=round_id,
                award_code="LDTT",
                nominee_kind="tap_the",
                person_id=person.id,
                nominating_unit_id=unit.id,
                current_unit_id=unit.id,
            )
        )
        with pytest.raises(ValidationError, match="ràng buộc"):
            uow.commit()
    with org.uow() as uow:
        assert uow.session.get(Person, person.id) is None  # nothing of the transaction stayed


def test_round_deadline_must_fall_inside_the_round(org: App) -> None:
    with pytest.raises(ValidationError, match="hạn nộp"):
        open_round(
            org.uow,
            year_end_round(
                code="X", closes_on=date(2025, 6, 30), submission_deadline=date(2025, 7, 20)
            ),
        )


def test_eligibility_moves_to_its_table_and_back(tdkt: App) -> None:
    """0026_eligibility_table carries the stored explanations both ways."""
    build_org(tdkt)
    code = draft(tdkt, "GK_CDCT")
    record = {"eligible": True, "reasons": [], "flags": ["Đã đối chiếu bản giấy"]}
    move(tdkt.uow, code, req(Trigger.submit), extras={"eligibility": record})
    config = alembic_config(tdkt.engine.url.render_as_string(hide_password=False))
    tdkt.engine.dispose()
    command.downgrade(config, "0023_dossier_versions")
    query = "SELECT eligibility FROM dossier WHERE code = :code"
    with tdkt.engine.connect() as conn:
        stored = conn.execute(text(query), {"code": code}).scalar_one()
    assert (stored if isinstance(stored, dict) else json.loads(stored)) == record
    tdkt.engine.dispose()
    command.upgrade(config, "head")
    with tdkt.uow() as uow:
        (dossier,) = uow.session.exec(select(Dossier).where(col(Dossier.code) == code)).all()
        assert dossier.eligibility == record
