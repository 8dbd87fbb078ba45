"""Organisation changes from a date on, on both backends: add, rename, move, merge, close; the
tree before the date stays as it was, each change is in the organisation's audit trail."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import col, select

from awards.bootstrap import App
from awards.errors import NotFoundError, ValidationError
from awards.model import Dossier, OrgEvent, Person
from awards.repository.org import descendant_ids, unit_by_code, unit_by_id
from awards.services.lifecycle.move import move
from awards.services.org import changes as org
from awards.services.org.units import NewUnit
from states import Trigger
from tests.integration.cli_fixtures import Run, cli_runner
from tests.integration.lifecycle_fixtures import build_org, draft, req

NOW = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)
JAN, JUL, AUG, DEC = date(2025, 1, 1), date(2025, 7, 1), date(2025, 8, 1), date(2025, 12, 1)
BY = "Quản trị LĐLĐ tỉnh"


def _unit(app: App, code: str, on: date) -> tuple[str, str | None]:
    """(name, parent code) of a unit on a day."""
    with app.uow(write=False) as uow:
        row = unit_by_code(uow.session, code, on)
        parent = unit_by_id(uow.session, row.parent_id, on).code if row.parent_id else None
    return row.name, parent


@pytest.fixture
def tree(tdkt: App) -> App:
    build_org(tdkt)
    for unit, on in [
        (NewUnit("TAN-UYEN", "Liên đoàn Lao động huyện Tân Uyên", "ldld_huyen", "LDLD-LC"), JAN),
        (NewUnit("CS2", "Công đoàn Trường THCS Pắc Ta", "cdcs", "TAN-UYEN", sector="hcsn"), JAN),
    ]:
        org.add_unit(tdkt.uow, unit, on=on, actor=BY, now=NOW)
    return tdkt


def test_a_merge_keeps_the_tree_before_its_date(tree: App) -> None:
    org.merge_unit(tree.uow, "TAN-UYEN", "THAN-UYEN", on=JUL, actor=BY, now=NOW)
    assert _unit(tree, "CS2", date(2025, 6, 30)) == ("Công đoàn Trường THCS Pắc Ta", "TAN-UYEN")
    assert _unit(tree, "CS2", JUL) == ("Công đoàn Trường THCS Pắc Ta", "THAN-UYEN")
    assert _unit(tree, "TAN-UYEN", date(2025, 6, 30))[0] == "Liên đoàn Lao động huyện Tân Uyên"
    with pytest.raises(NotFoundError, match="hiệu lực ngày 01/07/2025"):
        _unit(tree, "TAN-UYEN", JUL)
    with tree.uow(write=False) as uow:
        than_uyen = unit_by_code(uow.session, "THAN-UYEN", JUL).id
        cs2 = unit_by_code(uow.session, "CS2", JUL).id
        assert cs2 in descendant_ids(uow.session, than_uyen, JUL)
        assert cs2 not in descendant_ids(uow.session, than_uyen, date(2025, 6, 30))

    history = org.unit_history(tree.uow, "TAN-UYEN")
    assert history.versions == [(JAN, JUL, "Liên đoàn Lao động huyện Tân Uyên", "LDLD-LC")]
    assert [label for _, label, _ in history.events] == ["Thành lập", "Hợp nhất vào đơn vị khác"]
    received = org.unit_history(tree.uow, "THAN-UYEN").events
    assert received == [(JUL, "Nhận đơn vị hợp nhất", BY)]
    with tree.uow(write=False) as uow:
        [merged] = uow.session.exec(select(OrgEvent).where(col(OrgEvent.kind) == "merged"))
    assert merged.detail == {"into": "THAN-UYEN", "units": ["CS2"], "members": 0}


def test_merging_a_unit_with_work_in_progress_is_refused_then_members_follow(tree: App) -> None:
    code = draft(tree, "GK_CDCT")
    with pytest.raises(ValidationError, match=f"còn hồ sơ đang xử lý \\({code}\\)"):
        org.merge_unit(tree.uow, "CS1", "CS2", on=DEC, actor=BY, now=NOW)
    move(tree.uow, code, req(Trigger.withdraw, reason="Đơn vị sáp nhập"))
    assert org.merge_unit(tree.uow, "CS1", "CS2", on=DEC, actor=BY, now=NOW) == 3
    with tree.uow(write=False) as uow:
        people = {p.unit_id for p in uow.session.exec(select(Person))}
        dossier = uow.session.exec(select(Dossier).where(col(Dossier.code) == code)).one()
        cs2 = unit_by_code(uow.session, "CS2", DEC).id
        nominated_by = unit_by_id(uow.session, dossier.nominating_unit_id, date(2025, 11, 3))
    assert people == {cs2}
    # The dossier keeps the unit that nominated it, named as it was on its day.
    assert nominated_by.name == "Công đoàn Trường Tiểu học Mường Kim"


def test_rename_move_close_and_their_refusals(tree: App) -> None:
    org.rename_unit(
        tree.uow, "CS2", "Công đoàn Trường PTDTBT THCS Pắc Ta", on=JUL, actor=BY, now=NOW
    )
    assert _unit(tree, "CS2", date(2025, 6, 30))[0] == "Công đoàn Trường THCS Pắc Ta"
    assert _unit(tree, "CS2", JUL)[0] == "Công đoàn Trường PTDTBT THCS Pắc Ta"
    org.move_unit(tree.uow, "CS2", "THAN-UYEN", on=AUG, actor=BY, now=NOW)
    assert _unit(tree, "CS2", AUG) == ("Công đoàn Trường PTDTBT THCS Pắc Ta", "THAN-UYEN")
    with pytest.raises(ValidationError, match="đang trực thuộc chính đơn vị này"):
        org.move_unit(tree.uow, "THAN-UYEN", "CS1", on=date(2025, 9, 1), actor=BY, now=NOW)
    with pytest.raises(ValidationError, match="đã trực thuộc Liên đoàn Lao động huyện Than Uyên"):
        org.move_unit(tree.uow, "CS2", "THAN-UYEN", on=date(2025, 9, 1), actor=BY, now=NOW)
    with pytest.raises(ValidationError, match="còn đơn vị trực thuộc từ ngày 01/09/2025"):
        org.close_unit(tree.uow, "THAN-UYEN", on=date(2025, 9, 1), actor=BY, now=NOW)
    with pytest.raises(ValidationError, match="còn 3 đoàn viên"):
        org.close_unit(tree.uow, "CS1", on=date(2025, 9, 1), actor=BY, now=NOW)
    org.close_unit(tree.uow, "TAN-UYEN", on=date(2025, 9, 1), actor=BY, now=NOW)
    with pytest.raises(ValidationError, match="Loại đơn vị 'xa' không có"):
        org.add_unit(tree.uow, NewUnit("X", "X", "xa", "LDLD-LC"), on=JUL, actor=BY, now=NOW)
    events = [(on, label) for on, label, _ in org.unit_history(tree.uow, "CS2").events]
    assert events == [(JAN, "Thành lập"), (JUL, "Đổi tên"), (AUG, "Chuyển đơn vị cấp trên")]


@pytest.fixture
def run(tree: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Run]:
    yield from cli_runner(tree, tmp_path, monkeypatch)


def test_org_commands(tree: App, run: Run) -> None:
    out = run(
        "org", "add", "CS3", "--name", "Công đoàn Trạm Y tế Mường Kim", "--kind", "cdcs",
        "--parent", "THAN-UYEN", "--sector", "hcsn", "--from", "01/03/2025",
    )  # fmt: skip
    assert out.strip() == "Đã thành lập Công đoàn Trạm Y tế Mường Kim (CS3) từ ngày 01/03/2025."
    assert run("org", "rename", "CS3", "Công đoàn Trạm Y tế xã Mường Kim", "--from", "2025-07-01")
    assert "CS3 trực thuộc TAN-UYEN" in run(
        "org", "move", "CS3", "--parent", "TAN-UYEN", "--from", "01/08/2025"
    )
    out = run("org", "merge", "TAN-UYEN", "--into", "THAN-UYEN", "--from", "01/09/2025")
    assert out.strip() == "Từ ngày 01/09/2025, TAN-UYEN hợp nhất vào THAN-UYEN; chuyển 0 đoàn viên."
    out = run("org", "history", "CS3")
    assert (
        "từ 01/03/2025 đến hết 30/06/2025: Công đoàn Trạm Y tế Mường Kim (thuộc THAN-UYEN)" in out
    )
    assert "từ 01/09/2025 đến nay: Công đoàn Trạm Y tế xã Mường Kim (thuộc THAN-UYEN)" in out
    assert "01/08/2025 Chuyển đơn vị cấp trên (quản trị)" in out
    assert run("org", "close", "CS3", "--from", "01/10/2025").strip() == (
        "Đã giải thể CS3 từ ngày 01/10/2025."
    )
    err = run("org", "close", "THAN-UYEN", "--from", "2025-10-02", code=1)
    assert (
        "Lỗi: Không giải thể Liên đoàn Lao động huyện Than Uyên được: còn đơn vị trực thuộc" in err
    )
    err = run("org", "rename", "KHONG-CO", "Tên", "--from", "2025-10-02", code=1)
    assert "Lỗi: Không có đơn vị mã 'KHONG-CO' hiệu lực ngày 01/10/2025." in err
    err = run("org", "move", "CS1", "--parent", "TAN-UYEN", "--from", "32/10/2025", code=2)
    assert "không đọc được" in err
