"""`tdkt org import`: the organisation file a federation keeps, on both backends. Each change is
an org_event; a file with any wrong row writes nothing and names every row, column and fix; a
dry run lists the changes and writes nothing; the seed CSV loads as it is."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel import col, func, select

from awards.bootstrap import App
from awards.data import DATA_DIR
from awards.errors import ImportFileError
from awards.model import OrgEvent, Unit
from awards.repository.org import unit_by_code, unit_by_id
from awards.services.org import changes as org
from awards.services.org.imports import import_units
from awards.services.org.units import NewUnit, load_unit_kinds
from tests.support.cli import Run, cli_runner
from tests.support.lifecycle import build_org

NOW = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)
JUL = date(2025, 7, 1)
BY = "Quản trị LĐLĐ tỉnh"
HEADER = (
    "Mã đơn vị,Tên đơn vị,Mã đơn vị cấp trên,Loại đơn vị,Khu vực,Địa bàn,Hộp thư văn phòng,"
    "Ngày hiệu lực,Hợp nhất vào (mã),Giải thể\n"
)


@pytest.fixture
def tree(tdkt: App) -> App:
    build_org(tdkt)
    for unit in [
        NewUnit("TAN-UYEN", "Liên đoàn Lao động huyện Tân Uyên", "ldld_huyen", "LDLD-LC"),
        NewUnit("CS2", "Công đoàn Trường THCS Pắc Ta", "cdcs", "TAN-UYEN", sector="hcsn"),
        NewUnit("CS3", "Công đoàn Trạm Y tế Pắc Ta", "cdcs", "TAN-UYEN", sector="hcsn"),
    ]:
        org.add_unit(tdkt.uow, unit, on=date(2025, 1, 1), actor=BY, now=NOW)
    return tdkt


def _csv(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "to-chuc.csv"
    path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def _events(app: App) -> list[tuple[str, str, date]]:
    with app.uow(write=False) as uow:
        rows = uow.session.exec(
            select(Unit.code, OrgEvent.kind, OrgEvent.effective_on)
            .join(Unit, col(Unit.id) == col(OrgEvent.unit_id))
            .where(col(OrgEvent.actor) == "Nhập tệp")
            .order_by(col(OrgEvent.id))
        )
        return [(str(c), str(k), d) for c, k, d in rows]


def _on(app: App, code: str, day: date) -> tuple[str, str | None]:
    with app.uow(write=False) as uow:
        row = unit_by_code(uow.session, code, day)
        parent = unit_by_id(uow.session, row.parent_id, day).code if row.parent_id else None
    return row.name, parent


# The 2025 reorganisation in one file: a new commune-level union founded under Than Uyên
# (its own unit listed before it), a rename, a move, Tân Uyên merged into Than Uyên.
REORG = (
    "CS4,Công đoàn Trường Mầm non Pắc Ta,CS-NEW,Công đoàn cơ sở,HCSN,xã Pắc Ta,,,,",
    "CS-NEW,Công đoàn xã Mường Kim,THAN-UYEN,cdcs,hcsn,xã Mường Kim,mk@tdkt.example,,,",
    "CS1,Công đoàn Trường Tiểu học Mường Kim số 1,THAN-UYEN,,,,,,,",
    "CS3,Công đoàn Trạm Y tế Pắc Ta,THAN-UYEN,,,xã Pắc Ta,,,,",
    "TAN-UYEN,,,,,,,01/08/2025,THAN-UYEN,",
)


def test_a_file_of_changes_applies_each_with_its_event(tree: App, tmp_path: Path) -> None:
    path = _csv(tmp_path, *REORG)
    dry = import_units(tree.uow, path, actor="Nhập tệp", now=NOW, default_day=JUL, dry_run=True)
    assert dry.dry_run and _events(tree) == []
    with pytest.raises(Exception, match="hiệu lực"):
        _on(tree, "CS-NEW", JUL)  # the dry run wrote nothing

    done = import_units(tree.uow, path, actor="Nhập tệp", now=NOW, default_day=JUL)
    listed = [(c.row, c.code, c.what) for c in done.changes]
    assert listed == [(r, c, w) for r, c, w in [(c.row, c.code, c.what) for c in dry.changes]]
    assert listed == [
        (2, "CS4", "Thành lập"),
        (3, "CS-NEW", "Thành lập"),
        (4, "CS1", "Đổi tên"),
        (5, "CS3", "Chuyển đơn vị cấp trên"),
        (5, "CS3", "Sửa thông tin"),
        (6, "TAN-UYEN", "Hợp nhất"),
    ]
    assert done.changes[1].detail == ("Công đoàn xã Mường Kim (Công đoàn cơ sở, thuộc THAN-UYEN)")
    assert done.changes[-1].detail == "vào THAN-UYEN, chuyển 0 đoàn viên"
    assert _on(tree, "CS4", JUL) == ("Công đoàn Trường Mầm non Pắc Ta", "CS-NEW")
    assert _on(tree, "CS1", date(2025, 6, 30))[0] == "Công đoàn Trường Tiểu học Mường Kim"
    assert _on(tree, "CS1", JUL)[0] == "Công đoàn Trường Tiểu học Mường Kim số 1"
    assert _on(tree, "CS3", JUL)[1] == "THAN-UYEN"
    assert _on(tree, "CS2", date(2025, 8, 1))[1] == "THAN-UYEN"  # came with the merge
    assert _events(tree) == [
        ("CS-NEW", "added", JUL),
        ("CS4", "added", JUL),
        ("CS1", "renamed", JUL),
        ("CS3", "moved", JUL),
        ("CS3", "updated", JUL),
        ("TAN-UYEN", "merged", date(2025, 8, 1)),
        ("THAN-UYEN", "received", date(2025, 8, 1)),
    ]
    with tree.uow(write=False) as uow:
        cs4 = uow.session.exec(select(Unit).where(col(Unit.code) == "CS4")).one()
    assert (cs4.sector, cs4.place) == ("hcsn", "xã Pắc Ta")
    # The same file again changes nothing (each row already says how the unit is).
    again = import_units(tree.uow, _csv(tmp_path, *REORG[:4]), actor="x", now=NOW, default_day=JUL)
    assert again.changes == [] and again.unchanged == 4


def test_every_wrong_row_is_named_and_nothing_is_written(tree: App, tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "CS9,,THAN-UYEN,cdcs,,,,,,",  # a new unit without its name
        "CS10,Công đoàn X,KHONG-CO,cdcs,,,,,,",  # unknown parent
        "CS11,Công đoàn Y,THAN-UYEN,xa,,,,,,",  # unknown kind
        "CS12,Công đoàn Z,THAN-UYEN,cdcs,nhà nước,,,32/13/2025,,",  # sector, day
        "CS1,,,,,,,,,có",  # closing a unit that has members: refused when applied
        "CS13,Công đoàn W,THAN-UYEN,cdcs,,,,,,",  # right, but not written
    )
    with pytest.raises(ImportFileError) as caught:
        import_units(tree.uow, path, actor="Nhập tệp", now=NOW, default_day=JUL)
    problems = caught.value.problems
    assert (2, "Tên đơn vị", "bắt buộc với đơn vị mới") in problems
    assert (3, "Mã đơn vị cấp trên", "không có đơn vị mã 'KHONG-CO' (trong CSDL hay tệp)") in (
        problems
    )
    assert any(p[:2] == (4, "Loại đơn vị") and "Công đoàn cơ sở" in p[2] for p in problems)
    assert (5, "Khu vực", "ghi HCSN hoặc SXKD") in problems
    assert (5, "Ngày hiệu lực", "'32/13/2025' không phải ngày dd/mm/yyyy") in problems
    assert "không ghi thay đổi nào" in caught.value.message
    assert _events(tree) == []
    # Once the cells are right, the refusal of the change itself is a row problem too.
    with pytest.raises(ImportFileError) as caught:
        import_units(
            tree.uow,
            _csv(tmp_path, "CS13,Công đoàn W,THAN-UYEN,cdcs,,,,,,", "CS1,,,,,,,,,có"),
            actor="Nhập tệp",
            now=NOW,
            default_day=JUL,
        )
    assert caught.value.problems == [(3, "Giải thể", caught.value.problems[0][2])]
    assert "còn 3 đoàn viên" in caught.value.problems[0][2]
    with pytest.raises(ImportFileError, match="Ngày hiệu lực"):
        import_units(tree.uow, _csv(tmp_path, "CS13,W,THAN-UYEN,cdcs,,,,,,"), actor="x", now=NOW)
    assert _events(tree) == []


def test_an_officer_changes_only_their_subtree(tree: App, tmp_path: Path) -> None:
    with tree.uow(write=False) as uow:
        than_uyen = unit_by_code(uow.session, "THAN-UYEN", JUL).id
        reach = {than_uyen, unit_by_code(uow.session, "CS1", JUL).id}
    path = _csv(
        tmp_path,
        "CS20,Công đoàn Trường THCS Mường Kim,THAN-UYEN,cdcs,hcsn,,,,,",
        "CS21,Công đoàn mới,CS20,cdcs,hcsn,,,,,",
        "CS2,Công đoàn Trường PTDTBT THCS Pắc Ta,,,,,,,,",
    )
    with pytest.raises(ImportFileError) as caught:
        import_units(tree.uow, path, actor="x", now=NOW, default_day=JUL, allowed_units=reach)
    assert caught.value.problems == [
        (4, "Mã đơn vị", "bạn không được thay đổi tổ chức của đơn vị 'CS2'")
    ]
    done = import_units(
        tree.uow,
        _csv(tmp_path, *path.read_text(encoding="utf-8").splitlines()[1:3]),
        actor="x",
        now=NOW,
        default_day=JUL,
        allowed_units=reach,
    )
    assert [c.code for c in done.changes] == ["CS20", "CS21"]


@pytest.fixture
def run(tdkt: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Run]:
    yield from cli_runner(tdkt, tmp_path, monkeypatch)


def test_the_seed_csv_and_the_xlsx_template_through_the_cli(
    tdkt: App, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_unit_kinds(tdkt.uow)
    org.add_unit(
        tdkt.uow,
        NewUnit("TLD", "Tổng Liên đoàn Lao động Việt Nam", "tld", None),
        on=date(2000, 1, 1),
        actor=BY,
        now=NOW,
    )
    out = run("org", "import", str(DATA_DIR / "laichau-units.csv"), "--from", "01/01/2023")
    assert out.splitlines()[0] == "Đã ghi: 12 thay đổi; 0 đơn vị không đổi."
    assert "dòng 2, LDLD-LC, từ 01/01/2023: Thành lập: Liên đoàn Lao động tỉnh Lai Châu" in out
    with tdkt.uow(write=False) as uow:
        added = uow.session.exec(
            select(func.count()).select_from(OrgEvent).where(col(OrgEvent.kind) == "added")
        ).one()
    assert added == 13  # TLĐ and the seed's twelve

    template = tmp_path / "mau-to-chuc.xlsx"
    assert "Đã ghi mẫu" in run("org", "template", str(template))
    wb = load_workbook(template)
    sheet = wb["Đơn vị"]
    assert [c.value for c in sheet[1]][:4] == [
        "Mã đơn vị",
        "Tên đơn vị",
        "Mã đơn vị cấp trên",
        "Loại đơn vị",
    ]
    assert wb["Hướng dẫn"]["A2"].value == "Mã đơn vị"
    sheet.append(["CS100", "Công đoàn Trường Tiểu học Than Uyên", "THAN-UYEN", "cdcs", "HCSN"])
    sheet.append(["CS101", "Công đoàn Bệnh viện Than Uyên", "THAN-UYEN", "cdcs", "HCSN"])
    sheet.append(["CS102", "Công đoàn Công ty Thủy điện", "THAN-UYEN", "cdcs", "SXKD"])
    wb.save(template)
    dry = run("org", "import", str(template), "--from", "2025-07-01", "--dry-run")
    assert dry.splitlines()[0] == "Chạy thử, chưa ghi gì: 3 thay đổi; 0 đơn vị không đổi."
    monkeypatch.setenv("TDKT_ORG_IMPORT_MAX_ROWS", "2")
    from awards.settings import get_settings

    get_settings.cache_clear()
    err = run("org", "import", str(template), "--from", "2025-07-01", code=1)
    assert "dòng 1, cột “(cả tệp)”: quá 2 dòng dữ liệu, giới hạn của một lần nhập" in err
    monkeypatch.delenv("TDKT_ORG_IMPORT_MAX_ROWS")
    get_settings.cache_clear()
    err = run("org", "import", str(template), code=1)
    assert "Lỗi: tệp có 3 lỗi, không ghi gì." in err
    assert "dòng 2, cột “Ngày hiệu lực”: bắt buộc" in err
    out = run("org", "import", str(template), "--from", "01/07/2025", "--by", "Lò Văn Quản")
    assert "dòng 4, CS102, từ 01/07/2025: Thành lập: Công đoàn Công ty Thủy điện" in out
    assert "Thành lập (Lò Văn Quản)" in run("org", "history", "CS102")
