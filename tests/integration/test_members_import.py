"""`tdkt members import` on both backends: members added, facts updated, moved and rated in one
transaction, each change in the member's trail (person_event) by the account that made it, an
officer held to their subtree, every wrong row named."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import col, select

from awards.bootstrap import App
from awards.errors import ImportFileError, PermissionDenied
from awards.model import Person, PersonEvent, TaskRating
from awards.services.org import changes as org
from awards.services.org.members import import_members_as, principal_named
from tests.support.cli import Run, cli_runner
from tests.support.web import build_world, make_user

NOW = datetime(2025, 11, 3, 9, 0, tzinfo=UTC)
HEADER = (
    "Mã đoàn viên,Họ và tên,Giới tính,Năm sinh,Mã đơn vị,Chức vụ,Lao động trực tiếp,"
    "Giữ chức vụ lãnh đạo,Thư điện tử,Năm xếp loại,Xếp loại\n"
)


@pytest.fixture
def world(tdkt: App) -> App:
    build_world(tdkt)  # CS1 (DV1..DV3) under THAN-UYEN; CS2 under TAN-UYEN
    make_user(tdkt, "hoa", "unit_officer", "CS1", name="Lò Thị Hoa")
    make_user(tdkt, "quan-tri", "admin", "LDLD-LC", name="Vàng Văn Quản")
    make_user(tdkt, "to-chuc", "rule_author", "LDLD-LC", name="Người soạn")
    return tdkt


def _csv(tmp_path: Path, *lines: str, name: str = "doan-vien.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def _trail(app: App, code: str) -> list[tuple[str, str, dict[str, object]]]:
    with app.uow(write=False) as uow:
        rows = uow.session.exec(
            select(PersonEvent.kind, PersonEvent.actor, PersonEvent.detail)
            .join(Person, col(Person.id) == col(PersonEvent.person_id))
            .where(col(Person.code) == code)
            .order_by(col(PersonEvent.id))
        )
        return [(str(k), str(a), dict(d)) for k, a, d in rows]


def _person(app: App, code: str) -> Person:
    with app.uow(write=False) as uow:
        return uow.session.exec(select(Person).where(col(Person.code) == code)).one()


def test_an_officer_adds_updates_and_rates_members_of_their_unit(
    world: App, tmp_path: Path
) -> None:
    hoa = principal_named(world.uow, "hoa", NOW.date())
    path = _csv(
        tmp_path,
        "DV1,,,,,Tổ trưởng công đoàn,có,không,hang@tdkt.example,2025,Hoàn thành xuất sắc nhiệm vụ",
        "DV9,Lường Thị Mai,Nữ,1992,CS1,Giáo viên,có,không,,2025,hoàn thành tốt nhiệm vụ",
        "DV2,,,,,,,,,,",
    )
    dry = import_members_as(world.uow, hoa, path, now=NOW, dry_run=True)
    assert dry.dry_run and _trail(world, "DV1") == []
    done = import_members_as(world.uow, hoa, path, now=NOW)
    assert [(c.row, c.code, c.what) for c in done.changes] == [
        (2, "DV1", "Cập nhật thông tin"),
        (2, "DV1", "Xếp loại"),
        (3, "DV9", "Thêm đoàn viên"),
        (3, "DV9", "Xếp loại"),
    ]
    assert done.unchanged == 1
    assert done.changes[0].detail == (
        "chức vụ: — → Tổ trưởng công đoàn; lao động trực tiếp: không → có; "
        "thư điện tử: — → hang@tdkt.example"
    )
    dv1 = _person(world, "DV1")
    assert (dv1.position, dv1.is_direct_worker, dv1.holds_leadership_post) == (
        "Tổ trưởng công đoàn",
        True,
        False,
    )
    trail = _trail(world, "DV1")
    assert [(k, a) for k, a, _ in trail] == [("updated", "Lò Thị Hoa"), ("rated", "Lò Thị Hoa")]
    assert trail[0][2]["position"] == ["", "Tổ trưởng công đoàn"]
    assert trail[1][2] == {"year": 2025, "rating": [None, "hoan_thanh_xuat_sac"]}
    assert [k for k, _, _ in _trail(world, "DV9")] == ["added", "rated"]
    with world.uow(write=False) as uow:
        ratings = {
            r.rating
            for r in uow.session.exec(select(TaskRating).where(col(TaskRating.year) == 2025))
        }
    assert ratings == {"hoan_thanh_xuat_sac", "hoan_thanh_tot"}
    # The same file again: nothing changes, nothing is written to the trail.
    again = import_members_as(world.uow, hoa, path, now=NOW)
    assert again.changes == [] and again.unchanged == 3
    assert len(_trail(world, "DV1")) == 2


def test_scope_and_row_problems_refuse_the_whole_file(world: App, tmp_path: Path) -> None:
    hoa = principal_named(world.uow, "hoa", NOW.date())
    with world.uow() as uow:  # a member of the foreign CĐCS
        cs2 = uow.org.unit_id("CS2")
        assert cs2 is not None
        uow.session.add(
            Person(code="PT1", full_name="Giàng A Tủa", gender="nam", birth_year=1990, unit_id=cs2)
        )
        uow.commit()
    path = _csv(
        tmp_path,
        "DV1,,,,CS2,,,,,,",  # moved out of the officer's reach
        "PT1,,,,,Chủ tịch công đoàn,,,,,",  # a member of another unit
        "DV10,Lò Văn Tú,nam,1880,CS1,,có lẽ,,thu@,2025,",  # birth year, flag, mail, rating
        "DV11,,,,,,,,,,",  # a new member without facts
        "DV3,,,,,,,,,2025,Xuất sắc",
    )
    with pytest.raises(ImportFileError) as caught:
        import_members_as(world.uow, hoa, path, now=NOW)
    problems = caught.value.problems
    assert (2, "Mã đơn vị", "đơn vị 'CS2' không thuộc phạm vi bạn quản lý") in problems
    assert (3, "Mã đoàn viên", "đoàn viên 'PT1' không thuộc đơn vị bạn quản lý") in problems
    assert (4, "Năm sinh", "'1880' phải là năm, từ 1900 đến 2011") in problems
    assert (4, "Lao động trực tiếp", "ghi 'có' hoặc 'không'") in problems
    assert any(p[:2] == (4, "Thư điện tử") and "ten@donvi.vn" in p[2] for p in problems)
    assert (4, "Xếp loại", "ghi cả Năm xếp loại và Xếp loại, hoặc để trống cả hai") in problems
    assert {p[1] for p in problems if p[0] == 5} == {
        "Họ và tên",
        "Giới tính",
        "Năm sinh",
        "Mã đơn vị",
    }
    assert any(p[:2] == (6, "Xếp loại") and "Hoàn thành tốt nhiệm vụ" in p[2] for p in problems)
    assert _trail(world, "DV1") == [] and _person(world, "DV1").unit_id != cs2
    # The federation's administrator moves the member: both units are below LĐLĐ tỉnh.
    admin = principal_named(world.uow, "quan-tri", NOW.date())
    done = import_members_as(world.uow, admin, _csv(tmp_path, "DV1,,,,CS2,,,,,,"), now=NOW)
    assert [(c.what, c.detail) for c in done.changes] == [("Chuyển sinh hoạt", "CS1 → CS2")]
    assert _trail(world, "DV1") == [("moved", "Vàng Văn Quản", {"unit": ["CS1", "CS2"]})]
    with pytest.raises(PermissionDenied, match="quản lý đoàn viên"):
        import_members_as(
            world.uow, principal_named(world.uow, "to-chuc", NOW.date()), path, now=NOW
        )


def test_a_merge_writes_each_moved_members_trail(world: App) -> None:
    org.merge_unit(world.uow, "CS1", "CS2", on=date(2025, 12, 1), actor="Quản trị", now=NOW)
    assert _trail(world, "DV2") == [
        ("moved", "Quản trị", {"unit": ["CS1", "CS2"], "merged_on": "2025-12-01"})
    ]


@pytest.fixture
def run(world: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Run]:
    yield from cli_runner(world, tmp_path, monkeypatch)


def test_members_commands(world: App, run: Run, tmp_path: Path) -> None:
    template = tmp_path / "mau.csv"
    assert "Đã ghi mẫu danh sách đoàn viên" in run("members", "template", str(template))
    assert template.read_text(encoding="utf-8-sig").startswith("Mã đoàn viên,Họ và tên,")
    path = _csv(tmp_path, "DV2,,,,,Phó chủ tịch,,có,,,")
    out = run("members", "import", str(path), "--as", "hoa", "--dry-run")
    assert out.splitlines()[0] == "Chạy thử, chưa ghi gì: 1 thay đổi; 0 đoàn viên không đổi."
    out = run("members", "import", str(path), "--as", "hoa")
    assert (
        "dòng 2, DV2: Cập nhật thông tin: chức vụ: — → Phó chủ tịch; "
        "giữ chức vụ lãnh đạo: không → có" in out
    )
    history = run("members", "history", "DV2")
    assert "Cập nhật thông tin (Lò Thị Hoa): chức vụ: — → Phó chủ tịch" in history
    err = run("members", "import", str(_csv(tmp_path, "DV2,,,,CS2,,,,,,")), "--as", "hoa", code=1)
    assert "dòng 2, cột “Mã đơn vị”: đơn vị 'CS2' không thuộc phạm vi bạn quản lý" in err
    err = run("members", "import", str(path), "--as", "khong-co", code=1)
    assert "Không có tài khoản 'khong-co'" in err


def test_a_large_file_is_written_in_bulk_with_every_event(world: App, tmp_path: Path) -> None:
    admin = principal_named(world.uow, "quan-tri", NOW.date())
    rows = [
        f"M{i:05d},Lò Văn {i},Nam,1990,CS1,Giáo viên,,,,2025,Hoàn thành nhiệm vụ"
        for i in range(3000)
    ]
    done = import_members_as(world.uow, admin, _csv(tmp_path, *rows), now=NOW)
    assert len(done.changes) == 6000
    again = [
        r.replace("Giáo viên", "Kế toán").replace("Hoàn thành nhiệm vụ", "Hoàn thành tốt nhiệm vụ")
        for r in rows
    ]
    done = import_members_as(world.uow, admin, _csv(tmp_path, *again), now=NOW)
    assert {c.what for c in done.changes} == {"Cập nhật thông tin", "Xếp loại"}
    with world.uow(write=False) as uow:
        kinds = list(uow.session.exec(select(PersonEvent.kind)))
        ratings = set(uow.session.exec(select(TaskRating.rating)))
        positions = set(
            uow.session.exec(select(Person.position).where(col(Person.code).like("M%")))
        )
    assert sorted(set(kinds)) == ["added", "rated", "updated"] and len(kinds) == 12000
    assert ratings == {"hoan_thanh_tot"} and positions == {"Kế toán"}
    assert _trail(world, "M00042")[-1][2] == {
        "year": 2025,
        "rating": ["hoan_thanh", "hoan_thanh_tot"],
    }
