"""`tdkt audit verify --invariants` on a demo-like database: clean, then corrupted behind the
application's back (an approval without a passing tally, an award without its decision, a nominee
outside the nominating unit, a person fact rewritten), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from awards.bootstrap import App
from awards.demo.load import load_demo
from awards.demo.population import PopulationSpec
from awards.demo.round import run_demo_round
from awards.services.audit.invariants import person_fingerprints, verify_invariants
from tests.support.cli import Run, cli_runner

pytestmark = [pytest.mark.slow]  # the demo round takes most of a minute per backend
SMALL = PopulationSpec(cdcs_hcsn=20, cdcs_sxkd=3, members_hcsn=300, members_sxkd=40)


@pytest.fixture
def demo(tdkt: App) -> tuple[App, dict[str, str]]:
    """The demo federation (small population) and its whole round; the person facts' baseline
    taken before the round, which must change none of them."""
    load_demo(tdkt.uow, SMALL)
    baseline = person_fingerprints(tdkt.uow)
    run_demo_round(tdkt.uow)
    return tdkt, baseline


@pytest.fixture
def run(demo: tuple[App, dict[str, str]], monkeypatch: pytest.MonkeyPatch) -> Iterator[Run]:
    app, _ = demo
    yield from cli_runner(app, app.settings.data_dir, monkeypatch)


def _one(app: App, sql: str, **params: Any) -> Any:
    with app.engine.connect() as conn:
        return conn.execute(text(sql), params).first()


def _sql(app: App, sql: str, **params: Any) -> None:
    with app.engine.begin() as conn:
        conn.execute(text(sql), params)


@pytest.mark.postgres
def test_a_clean_demo_passes_and_each_corruption_is_named_with_its_dossier(
    demo: tuple[App, dict[str, str]], run: Run, tmp_path: Path
) -> None:
    """One demo per backend (it takes most of the time): clean first, then corrupted."""
    app, baseline = demo
    report = verify_invariants(app.uow, baseline)
    assert report.ok, [str(p) for p in report.problems[:10]]
    # the round went through the council and decisions: the checks had something to check
    assert report.approvals > 0 and report.awarded > 0 and report.nominees > 0
    assert report.people == len(baseline) > 0
    baseline_file = tmp_path / "mốc.json"
    baseline_file.write_text(json.dumps(baseline), encoding="utf-8")
    assert "Không có vi phạm" in run("audit", "verify", "--invariants")
    approved = _one(
        app,
        "SELECT d.id, d.code FROM dossier d JOIN audit_event e ON e.dossier_id = d.id "
        "WHERE e.trigger = 'approve' ORDER BY d.id",
    )
    awarded = _one(app, "SELECT id, code FROM dossier WHERE state = 'awarded' ORDER BY id DESC")
    nominee = _one(
        app,
        "SELECT d.code FROM dossier d WHERE d.person_id IS NOT NULL AND d.state = 'draft' "
        "ORDER BY d.id",
    ) or _one(app, "SELECT code FROM dossier WHERE person_id IS NOT NULL ORDER BY id DESC")
    assert approved and awarded and nominee
    # approved without a passing tally: the council's item shows no vote at all
    _sql(
        app,
        "UPDATE council_agenda_item SET yes_count = 0, no_count = 0 WHERE dossier_id = :d",
        d=approved[0],
    )
    # awarded without a decision
    _sql(
        app,
        "UPDATE dossier SET decision_no = NULL, decided_by_unit_id = NULL WHERE id = :d",
        d=awarded[0],
    )
    # a nominee from another province's unit
    other = _one(
        app,
        "SELECT p.id FROM person p JOIN dossier d ON d.code = :c "
        "WHERE p.unit_id <> d.nominating_unit_id ORDER BY p.id DESC",
        c=nominee[0],
    )
    _sql(app, "UPDATE dossier SET person_id = :p WHERE code = :c", p=other[0], c=nominee[0])
    # a person fact rewritten with no audit event
    person = _one(app, "SELECT code FROM person ORDER BY id")[0]
    _sql(
        app,
        "UPDATE person SET position = 'Chủ tịch công đoàn', holds_leadership_post = :t "
        "WHERE code = :c",
        t=True,
        c=person,
    )

    problems = [str(p) for p in verify_invariants(app.uow, baseline).problems]
    assert any(p.startswith(approved[1]) and "không đạt" in p for p in problems), problems
    assert any(p.startswith(awarded[1]) and "cấp ra quyết định" in p for p in problems), problems
    assert any(p.startswith(nominee[0]) and "không thuộc đơn vị đề nghị" in p for p in problems)
    assert f"đoàn viên {person}: thông tin" in " ".join(problems)
    out = run("audit", "verify", "--invariants", "--facts-baseline", str(baseline_file), code=1)
    for code in (approved[1], awarded[1], nominee[0], person):
        assert code in out, out
    assert "vi phạm" in out
    # an approval whose council item is gone, a decision recorded at the wrong level
    bare = _one(
        app,
        "SELECT d.id, d.code FROM dossier d JOIN audit_event e ON e.dossier_id = d.id "
        "WHERE e.trigger = 'approve' ORDER BY d.id DESC",
    )
    _sql(app, "DELETE FROM council_vote WHERE item_id IN "
         "(SELECT id FROM council_agenda_item WHERE dossier_id = :d)", d=bare[0])  # fmt: skip
    _sql(app, "DELETE FROM council_ballot WHERE item_id IN "
         "(SELECT id FROM council_agenda_item WHERE dossier_id = :d)", d=bare[0])  # fmt: skip
    _sql(app, "DELETE FROM council_agenda_item WHERE dossier_id = :d", d=bare[0])
    wrong = _one(
        app,
        "SELECT d.id, d.code FROM dossier d JOIN audit_event e ON e.dossier_id = d.id "
        "AND e.seq = d.audit_seq WHERE d.state = 'awarded' AND e.trigger = 'decide' ORDER BY d.id",
    )
    top = _one(app, "SELECT id FROM unit WHERE code = 'TLD'")
    _sql(app, "UPDATE dossier SET decided_by_unit_id = :u WHERE id = :d", u=top[0], d=wrong[0])
    problems = [str(p) for p in verify_invariants(app.uow).problems]
    assert any(p.startswith(bare[1]) and "không có nhóm nào" in p for p in problems), problems
    assert any(p.startswith(wrong[1]) and "không có thẩm quyền" in p for p in problems), problems
