"""The organisation and members screens on both backends: search, browse, found, rename, move,
merge and close with a date (merge and close confirmed), imports with their row problems and
dry runs, templates; each change audited by the signed-in account; refused outside its reach."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlmodel import col, select

from awards.bootstrap import App
from awards.model import OrgEvent, Person, PersonEvent, Unit
from tests.support.web import build_world, client_for, login, make_user

UNITS = (
    "Mã đơn vị,Tên đơn vị,Mã đơn vị cấp trên,Loại đơn vị,Khu vực,Ngày hiệu lực\n"
    "CS7,Công đoàn Trường Mầm non Mường Kim,THAN-UYEN,Công đoàn cơ sở,HCSN,01/07/2025\n"
    "CS8,Công đoàn Trạm Y tế Mường Kim,THAN-UYEN,cdcs,HCSN,01/07/2025\n"
)


def _org_events(app: App) -> list[tuple[str, str, str]]:
    with app.uow(write=False) as uow:
        rows = uow.session.exec(
            select(Unit.code, OrgEvent.kind, OrgEvent.actor)
            .join(Unit, col(Unit.id) == col(OrgEvent.unit_id))
            .order_by(col(OrgEvent.id))
        )
        return [(str(c), str(k), str(a)) for c, k, a in rows]


def _upload(name: str, text: str) -> dict[str, tuple[str, io.BytesIO, str]]:
    return {"file": (name, io.BytesIO(text.encode("utf-8")), "text/csv")}


def test_an_administrator_changes_the_tree_from_the_screen(tdkt: App) -> None:
    build_world(tdkt)
    make_user(tdkt, "quan-tri", "admin", "LDLD-LC", name="Vàng Văn Quản")
    client = client_for(tdkt)
    h = login(client, "quan-tri")

    page = client.get("/org")
    assert page.status_code == 200 and '<a href="/org">Tổ chức</a>' in page.text
    assert "Liên đoàn Lao động tỉnh Lai Châu" in page.text
    found = client.get("/org", params={"q": "mường kim"}).text
    assert "Công đoàn Trường Tiểu học Mường Kim" in found and "Tân Uyên" not in found
    assert "CS1" in client.get("/org", params={"q": "cs1"}).text
    district = client.get("/org", params={"unit": "THAN-UYEN"}).text
    assert '<a href="/org?unit=CS1&amp;on=2025-11-03">Công đoàn Trường Tiểu học Mường Kim</a>' in (
        district
    )

    added = client.post(
        "/org/units",
        headers=h,
        data={
            "code": "CS5",
            "name": "Công đoàn Trường THCS Mường Kim",
            "kind": "cdcs",
            "parent": "THAN-UYEN",
            "sector": "hcsn",
            "place": "xã Mường Kim",
            "valid_from": "2025-07-01",
        },
    )
    assert added.status_code == 200
    assert "Đã thành lập Công đoàn Trường THCS Mường Kim (CS5) từ ngày 01/07/2025." in added.text
    assert "xã Mường Kim" in added.text
    renamed = client.post(
        "/org/units/CS5/rename",
        headers=h,
        data={"name": "Công đoàn Trường PTDTBT THCS Mường Kim", "valid_from": "01/08/2025"},
    )
    assert "Từ ngày 01/08/2025, CS5 mang tên Công đoàn Trường PTDTBT THCS Mường Kim." in (
        renamed.text
    )
    moved = client.post(
        "/org/units/CS5/move", headers=h, data={"parent": "TAN-UYEN", "valid_from": "2025-09-01"}
    )
    assert "CS5 trực thuộc TAN-UYEN" in moved.text
    unconfirmed = client.post(
        "/org/units/CS5/merge", headers=h, data={"into": "CS2", "valid_from": "2025-10-01"}
    )
    assert unconfirmed.status_code == 422 and "Đánh dấu ô xác nhận để hợp nhất" in unconfirmed.text
    merged = client.post(
        "/org/units/CS5/merge",
        headers=h,
        data={"into": "CS2", "valid_from": "2025-10-01", "confirm": "true"},
    )
    assert "CS5 hợp nhất vào CS2; chuyển 0 đoàn viên" in merged.text
    history = client.get("/org", params={"unit": "CS5", "on": "2025-08-15"}).text
    assert "Công đoàn Trường PTDTBT THCS Mường Kim" in history and "Hợp nhất vào đơn vị khác" in (
        history
    )
    busy = client.post(
        "/org/units/THAN-UYEN/close",
        headers=h,
        data={"valid_from": "2025-12-01", "confirm": "true"},
    )
    assert busy.status_code == 422 and "còn đơn vị trực thuộc" in busy.text
    assert [e for e in _org_events(tdkt) if e[0] in ("CS5", "CS2")] == [
        ("CS5", "added", "Vàng Văn Quản"),
        ("CS5", "renamed", "Vàng Văn Quản"),
        ("CS5", "moved", "Vàng Văn Quản"),
        ("CS5", "merged", "Vàng Văn Quản"),
        ("CS2", "received", "Vàng Văn Quản"),
    ]

    template = client.get("/org/template.xlsx")
    assert template.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(template.content))["Đơn vị"]
    assert sheet["A1"].value == "Mã đơn vị" and sheet["H1"].value == "Ngày hiệu lực"
    dry = client.post(
        "/org/import", headers=h, data={"dry_run": "true"}, files=_upload("don-vi.csv", UNITS)
    )
    assert dry.status_code == 200 and "Chạy thử, chưa ghi gì: 2 thay đổi" in dry.text
    assert "CS7" not in str(_org_events(tdkt))
    done = client.post("/org/import", headers=h, files=_upload("don-vi.csv", UNITS))
    assert "Đã ghi: 2 thay đổi; 0 đơn vị không đổi." in done.text
    assert "Công đoàn Trạm Y tế Mường Kim (Công đoàn cơ sở, thuộc THAN-UYEN)" in done.text
    assert ("CS8", "added", "Vàng Văn Quản") in _org_events(tdkt)
    wrong = UNITS.replace("CS7,", "CS9,").replace("CS8,Công đoàn Trạm Y tế Mường Kim", "CS10,")
    refused = client.post("/org/import", headers=h, files=_upload("don-vi.csv", wrong))
    assert refused.status_code == 422
    assert "<td>3</td><td>Tên đơn vị</td><td>bắt buộc với đơn vị mới</td>" in refused.text
    assert "CS9" not in str(_org_events(tdkt))
    bad_type = client.post(
        "/org/import", headers=h, files={"file": ("a.pdf", io.BytesIO(b"%PDF"), "application/pdf")}
    )
    assert bad_type.status_code == 422 and "chỉ nhận tệp .xlsx hoặc .csv" in bad_type.text


def test_the_screens_refuse_outside_their_reach(tdkt: App) -> None:
    build_world(tdkt)
    make_user(tdkt, "db-admin", "admin", "LDLD-DB", name="Quản trị Điện Biên")
    make_user(tdkt, "hoa", "unit_officer", "CS1", name="Lò Thị Hoa")
    foreign = client_for(tdkt)
    h = login(foreign, "db-admin")
    assert "Lai Châu" not in foreign.get("/org", params={"q": "Lai"}).text
    refused = foreign.get("/org", params={"unit": "THAN-UYEN"})
    assert refused.status_code == 403 and "không có quyền quản lý tổ chức" in refused.text
    add = foreign.post(
        "/org/units",
        headers=h,
        data={
            "code": "X1",
            "name": "X",
            "kind": "cdcs",
            "parent": "THAN-UYEN",
            "valid_from": "2025-07-01",
        },
    )
    assert add.status_code == 403
    officer = client_for(tdkt)
    login(officer, "hoa")
    assert officer.get("/org").status_code == 403
    assert '<a href="/org">Tổ chức</a>' not in officer.get("/").text
    assert _org_events(tdkt) == []


def test_an_officer_keeps_the_members_of_their_unit(tdkt: App) -> None:
    build_world(tdkt)
    make_user(tdkt, "hoa", "unit_officer", "CS1", name="Lò Thị Hoa")
    client = client_for(tdkt)
    h = login(client, "hoa")
    listed = client.get("/org/members", params={"q": "lò"})
    assert listed.status_code == 200 and '<a href="/org/members">Đoàn viên</a>' in listed.text
    assert "Lò Văn Sơn" in listed.text and "Nguyễn Thị Hằng" not in listed.text
    saved = client.post(
        "/org/members/DV2",
        headers=h,
        data={
            "position": "Tổ trưởng",
            "leader": "có",
            "year": "2025",
            "rating": "Hoàn thành tốt nhiệm vụ",
        },
    )
    assert saved.status_code == 200
    assert "Cập nhật thông tin: chức vụ: — → Tổ trưởng; giữ chức vụ lãnh đạo: không → có" in (
        saved.text
    )
    assert "Xếp loại · Lò Thị Hoa: năm 2025: — → hoàn thành tốt nhiệm vụ" in saved.text
    wrong = client.post("/org/members/DV2", headers=h, data={"year": "2025"})
    assert wrong.status_code == 422 and "ghi cả Năm xếp loại và Xếp loại" in wrong.text
    away = client.post("/org/members/DV2", headers=h, data={"unit": "CS2"})
    assert away.status_code == 403
    members = (
        "Mã đoàn viên,Họ và tên,Giới tính,Năm sinh,Mã đơn vị,Chức vụ\n"
        "DV20,Quàng Thị Xuân,Nữ,1995,CS1,Kế toán\n"
        "DV3,,,,,Bảo vệ\n"
    )
    dry = client.post(
        "/org/members/import",
        headers=h,
        data={"dry_run": "true"},
        files=_upload("doan-vien.csv", members),
    )
    assert "Chạy thử, chưa ghi gì: 2 thay đổi; 0 đoàn viên không đổi." in dry.text
    done = client.post("/org/members/import", headers=h, files=_upload("doan-vien.csv", members))
    assert "Đã ghi: 2 thay đổi" in done.text and "Quàng Thị Xuân, CS1" in done.text
    refused = client.post(
        "/org/members/import",
        headers=h,
        files=_upload("doan-vien.csv", members.replace("CS1,Kế toán", "CS2,Kế toán")),
    )
    assert refused.status_code == 422 and "không thuộc phạm vi bạn quản lý" in refused.text
    template = client.get("/org/members/template.csv")
    assert template.text.lstrip("\ufeff").startswith("Mã đoàn viên,Họ và tên,Giới tính")
    with tdkt.uow(write=False) as uow:
        trail = uow.session.exec(
            select(Person.code, PersonEvent.kind, PersonEvent.actor)
            .join(Person, col(Person.id) == col(PersonEvent.person_id))
            .order_by(col(PersonEvent.id))
        ).all()
    assert [tuple(t) for t in trail] == [
        ("DV2", "updated", "Lò Thị Hoa"),
        ("DV2", "rated", "Lò Thị Hoa"),
        ("DV20", "added", "Lò Thị Hoa"),
        ("DV3", "updated", "Lò Thị Hoa"),
    ]


def test_control_characters_are_refused_before_any_lookup(tdkt: App) -> None:
    build_world(tdkt)
    make_user(tdkt, "quan-tri", "admin", "LDLD-LC", name="Vàng Văn Quản")
    make_user(tdkt, "hoa", "unit_officer", "CS1", name="Lò Thị Hoa")
    client = client_for(tdkt)
    h = login(client, "quan-tri")
    assert client.get("/org", params={"q": "Than\x00"}).status_code == 422
    assert client.get("/org", params={"unit": "CS1\x00"}).status_code == 422
    added = client.post(
        "/org/units",
        headers=h,
        data={
            "code": "X\x00",
            "name": "X",
            "kind": "cdcs",
            "parent": "THAN-UYEN",
            "valid_from": "2025-07-01",
        },
    )
    assert added.status_code == 422 and "ký tự điều khiển U+0000" in added.text
    moved = client.post(
        "/org/units/CS1/move", headers=h, data={"parent": "TAN\x00", "valid_from": "2025-07-01"}
    )
    assert moved.status_code == 422
    officer = client_for(tdkt)
    oh = login(officer, "hoa")
    assert officer.get("/org/members", params={"q": "\x00"}).status_code == 422
    saved = officer.post("/org/members/DV1", headers=oh, data={"unit": "CS\x00"})
    assert saved.status_code == 422
