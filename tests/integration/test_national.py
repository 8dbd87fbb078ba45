"""The national population generator at a tiny scale: counts as asked, references consistent."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from awards.bootstrap import App
from bench.national import Sizes, counts, generate

pytestmark = pytest.mark.postgres

SCALE = 0.0002  # 26 CĐCS, 2,200 members, 200 dossiers

CHECKS = {
    "dossier nominated by its nominee's CĐCS": (
        "SELECT count(*) FROM dossier d JOIN person p ON p.id = d.person_id "
        "WHERE p.unit_id <> d.nominating_unit_id"
    ),
    "dossier held by the parent of its CĐCS": (
        "SELECT count(*) FROM dossier d JOIN unit_version v ON v.unit_id = d.nominating_unit_id "
        "WHERE v.parent_id <> d.current_unit_id"
    ),
    "CĐCS under an upper-level union": (
        "SELECT count(*) FROM unit u JOIN unit_version v ON v.unit_id = u.id "
        "JOIN unit p ON p.id = v.parent_id "
        "WHERE u.kind_code = 'cdcs' AND p.kind_code <> 'ldld_huyen'"
    ),
    "round organised by the dossier's province": (
        "SELECT count(*) FROM dossier d JOIN round r ON r.id = d.round_id "
        "JOIN unit_version v ON v.unit_id = d.current_unit_id "
        "WHERE v.parent_id <> r.organiser_unit_id"
    ),
    "one dossier per nominee": ("SELECT count(*) - count(DISTINCT person_id) FROM dossier"),
    "members without a CĐCS": (
        "SELECT count(*) FROM person p JOIN unit u ON u.id = p.unit_id WHERE u.kind_code <> 'cdcs'"
    ),
}


def test_tiny_national_population_is_consistent(tdkt: App) -> None:
    url = tdkt.settings.effective_database_url
    summary = generate(url, SCALE)
    z = Sizes.at(SCALE)
    assert (z.cdcs, z.members, z.dossiers) == (26, 2200, 200)
    assert summary.sizes["members"] == z.members and summary.db_bytes > 0
    total_units = 1 + z.provinces + z.uppers + z.cdcs
    assert counts(url) == {
        "unit": total_units,
        "unit_version": total_units,
        "person": z.members,
        "round": z.provinces,
        "dossier": z.dossiers,
    }
    with tdkt.engine.connect() as conn:
        bad = {name: conn.execute(text(sql)).scalar_one() for name, sql in CHECKS.items()}
        if conn.dialect.name == "sqlite":
            bad["foreign keys"] = len(conn.execute(text("PRAGMA foreign_key_check")).all())
        women = conn.execute(text("SELECT count(*) FROM person WHERE gender = 'nu'")).scalar_one()
        routes = conn.execute(text("SELECT route, current_unit_id FROM dossier")).all()
    assert bad == dict.fromkeys(bad, 0)
    assert 0.5 < women / z.members < 0.56
    # JSON comes back parsed on PostgreSQL, as text on SQLite (raw SQL, no column type).
    parsed = [(r if isinstance(r, list) else json.loads(r), u) for r, u in routes]
    assert len(parsed) == z.dossiers and all(route == [unit] for route, unit in parsed)
