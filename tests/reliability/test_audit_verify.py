"""`tdkt audit verify` finds every edited, deleted or inserted audit event and names it."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from awards.bootstrap import App
from awards.services.audit.verify import verify_audit
from states import Trigger
from tests.support.lifecycle import HOP, build_org, draft, drive

CORRUPTS_ON_PURPOSE = True  # no invariant check after these tests (tests/reliability/conftest.py)


@pytest.fixture
def trail(tdkt: App) -> tuple[App, list[str]]:
    build_org(tdkt)
    codes = [draft(tdkt, "GK_CDCT", person=p) for p in ("DV1", "DV2", "DV3")]
    for code in codes:
        drive(tdkt, code, [Trigger.submit, *HOP, Trigger.decide])
    return tdkt, codes


def _sql(app: App, sql: str, **params: object) -> None:
    with app.engine.begin() as conn:
        conn.execute(text(sql), params)


def _report(app: App) -> list[str]:
    return [str(p) for p in verify_audit(app.uow, chunk=2).problems]


def test_a_sound_trail_verifies(trail: tuple[App, list[str]]) -> None:
    app, _ = trail
    report = verify_audit(app.uow, chunk=2)
    assert report.ok and (report.dossiers, report.events) == (3, 21)


def test_an_edited_event_is_named(trail: tuple[App, list[str]]) -> None:
    app, codes = trail
    _sql(
        app,
        "UPDATE audit_event SET actor = 'kẻ giả mạo' WHERE seq = 3 AND dossier_id = "
        "(SELECT id FROM dossier WHERE code = :c)",
        c=codes[1],
    )
    assert _report(app) == [f"{codes[1]}, sự kiện số 3: nội dung đã bị sửa sau khi ghi"]


def test_a_deleted_event_is_named(trail: tuple[App, list[str]]) -> None:
    app, codes = trail
    _sql(
        app,
        "DELETE FROM audit_event WHERE seq = 4 AND dossier_id = "
        "(SELECT id FROM dossier WHERE code = :c)",
        c=codes[0],
    )
    problems = _report(app)
    assert problems[0] == f"{codes[0]}, sự kiện số 5: thiếu sự kiện số 4 (đã bị xóa)"
    assert all(p.startswith(codes[0]) for p in problems)


def test_a_deleted_last_event_is_caught_by_the_dossier_head(trail: tuple[App, list[str]]) -> None:
    app, codes = trail
    _sql(
        app,
        "DELETE FROM audit_event WHERE seq = 7 AND dossier_id = "
        "(SELECT id FROM dossier WHERE code = :c)",
        c=codes[2],
    )
    problems = _report(app)
    assert problems and all(p.startswith(codes[2]) for p in problems)
    assert "dừng ở số 6" in problems[0]


def test_a_state_changed_behind_the_trail_is_caught(trail: tuple[App, list[str]]) -> None:
    app, codes = trail
    _sql(app, "UPDATE dossier SET state = 'draft' WHERE code = :c", c=codes[0])
    assert _report(app) == [f"{codes[0]}: trạng thái 'draft' không khớp nhật ký ('awarded')"]
