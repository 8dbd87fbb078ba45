"""Kế hoạch of a round, thông báo công khai and objections, báo cáo thành tích (issue 17): each
through the service, the CLI and the screens."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from docx import Document
from sqlmodel import col, select

from awards.bootstrap import App
from awards.errors import FieldInvalid, PermissionDenied, TransitionNotAllowed
from awards.model import DocumentEvent, Person, Recognition, TaskRating
from awards.services.accounts.access import Principal, load_principal
from awards.services.dossiers.objections import (
    objections_of,
    record_objection,
    resolve_objection,
)
from awards.services.lifecycle.move import move
from awards.services.reporting.office_docs import achievement_docx, notice_docx, plan_docx
from awards.services.rounds.admin import NewRound, Phase, open_round
from states import Trigger
from tests.support.cli import cli_runner
from tests.support.lifecycle import HOP, NOW, build_org, draft, drive, req
from tests.support.web import client_for, csrf_of, login, make_user


def _texts(data: bytes) -> list[str]:
    document = Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return [p.text for p in document.paragraphs] + cells


@pytest.fixture
def world(tdkt: App) -> App:
    build_org(tdkt)
    open_round(
        tdkt.uow,
        NewRound(
            code="PD-2026",
            name="Thi đua chào mừng Đại hội Công đoàn tỉnh năm 2026",
            movement_code="LDG-LDST",
            movement_name="Lao động giỏi, Lao động sáng tạo",
            organiser_code="LDLD-LC",
            year=2026,
            opens_on=date(2026, 1, 5),
            closes_on=date(2026, 10, 30),
            submission_deadline=date(2026, 9, 15),
            phases=(
                Phase("Đợt 1: chào mừng Ngày Quốc tế Lao động", date(2026, 1, 5), date(2026, 5, 1)),
                Phase("Đợt 2: chào mừng Đại hội", date(2026, 5, 2), date(2026, 9, 15)),
            ),
            admitted_awards=("BK_LDLD", "GK_CDCT"),
            level_deadlines={4: date(2026, 8, 20), 3: date(2026, 9, 1)},
        ),
        now=NOW,
    )
    return tdkt


def test_the_plan_carries_the_rounds_timetable(world: App) -> None:
    name, data = plan_docx(world.uow, "PD-2026", date(2026, 1, 5), None)
    assert name == "ke-hoach-PD-2026.docx"
    document = Document(io.BytesIO(data))
    text = [p.text for p in document.paragraphs]
    assert "KẾ HOẠCH" in text and "Thi đua chào mừng Đại hội Công đoàn tỉnh năm 2026" in text
    assert "III. THỜI GIAN VÀ TIẾN ĐỘ THỰC HIỆN" in text
    timetable = next(t for t in document.tables if t.rows[0].cells[1].text == "Nội dung")
    rows = [[c.text for c in row.cells] for row in timetable.rows[1:]]
    assert [r[2] for r in rows] == [
        "Từ ngày 05/01/2026",
        "05/01/2026 - 01/05/2026",
        "02/05/2026 - 15/09/2026",
        "Trước ngày 20/08/2026",
        "Trước ngày 01/09/2026",
        "Trước ngày 15/09/2026",
        "Đến ngày 30/10/2026",
    ]
    assert rows[3][1].startswith("Công đoàn cơ sở gửi hồ sơ")
    assert any("hồ sơ gửi sau ngày 15/09/2026" in p for p in text)
    assert any(p.startswith("Số:") and "/KH-" in p for p in _texts(data))  # unnumbered draft


def _in_notice(app: App) -> str:
    code = draft(app, "GT_NDC")
    drive(app, code, [Trigger.submit, *HOP, Trigger.escalate, *HOP, Trigger.escalate, *HOP])
    drive(app, code, [Trigger.open_public_notice], due_on=NOW.date() + timedelta(days=7))
    return code


def test_public_notice_lists_the_nominees_window_and_how_to_object(world: App) -> None:
    code = _in_notice(world)
    name, data = notice_docx(world.uow, "TK-2025", "TLD", NOW.date(), None)
    assert name == "thong-bao-cong-khai-TK-2025-TLD.docx"
    text = " ".join(_texts(data))
    assert "THÔNG BÁO" in text and "Nguyễn Thị Hằng" in text
    assert "Giải thưởng Nguyễn Đức Cảnh" in text
    assert "Từ ngày 03/11/2025 đến hết ngày 10/11/2025 (5 ngày làm việc)." in text
    assert "gửi ý kiến bằng văn bản về Tổng Liên đoàn Lao động Việt Nam" in text
    assert code not in text  # no internal code on an official document
    with pytest.raises(Exception, match="không có hồ sơ nào đang công khai"):
        notice_docx(world.uow, "TK-2025", "LDLD-LC", NOW.date(), None)


def test_an_objection_is_recorded_settled_and_audited(world: App) -> None:
    code = _in_notice(world)
    with pytest.raises(FieldInvalid):
        record_objection(
            world.uow, None, code, author="", content="x", received_on=NOW.date(), now=NOW
        )
    number = record_objection(
        world.uow,
        None,
        code,
        author="Lò Văn Sơn, CĐCS Mường Kim",
        content="Sáng kiến kê khai chưa được công nhận",
        received_on=NOW.date(),
        now=NOW,
    )
    after = NOW + timedelta(days=8)
    with pytest.raises(TransitionNotAllowed):  # an open objection keeps the dossier waiting
        move(world.uow, code, req(Trigger.decide, now=after))
    resolve_objection(world.uow, None, number, outcome="Đã xác minh, sáng kiến đúng", now=NOW)
    with pytest.raises(TransitionNotAllowed, match="đã có kết quả"):
        resolve_objection(world.uow, None, number, outcome="lần hai", now=NOW)
    (line,) = objections_of(world.uow, code)
    assert line.resolved and line.resolution == "Đã xác minh, sáng kiến đúng"
    with world.uow() as uow:
        events = uow.session.exec(
            select(DocumentEvent).where(col(DocumentEvent.subject) == f"objection:{number}")
        ).all()
    assert [e.action for e in events] == ["recorded", "resolved"]
    move(world.uow, code, req(Trigger.decide, now=after))
    with pytest.raises(TransitionNotAllowed, match="Đã khen thưởng"):
        record_objection(
            world.uow, None, code, author="A", content="B", received_on=NOW.date(), now=NOW
        )


def _history(app: App) -> None:
    with app.uow() as uow:
        person = uow.session.exec(select(Person).where(col(Person.code) == "DV1")).one()
        person.position = "Tổ trưởng chuyên môn"
        uow.session.add(person)
        for year, rating in ((2023, "hoan_thanh_tot"), (2024, "hoan_thanh_xuat_sac")):
            uow.session.add(TaskRating(person_id=person.id, year=year, rating=rating))
        uow.session.add(
            Recognition(
                person_id=person.id,
                year=2024,
                award_code="GK_CDCT",
                decision_no="12/QĐ-LĐLĐ",
                decision_date=date(2024, 12, 20),
            )
        )
        uow.commit()


def test_the_achievement_report_is_prefilled_for_a_person_and_a_collective(world: App) -> None:
    _history(world)
    code = draft(world, "BK_LDLD")
    name, data = achievement_docx(world.uow, code, NOW.date(), None)
    assert name == f"bao-cao-thanh-tich-{code}.docx"
    text = _texts(data)
    assert "BÁO CÁO THÀNH TÍCH" in text
    assert "- Họ và tên: Nguyễn Thị Hằng. Giới tính: Nữ." in text
    assert "- Chức vụ (đảng, chính quyền, đoàn thể): Tổ trưởng chuyên môn." in text
    assert "- Đơn vị công tác: Công đoàn Trường Tiểu học Mường Kim." in text
    assert "Hoàn thành xuất sắc nhiệm vụ" in text and "2023" in text
    assert "Số 12/QĐ-LĐLĐ ngày 20/12/2024" in text
    assert "Hoàn thành xuất sắc nhiệm vụ năm 2025" in text  # the dossier's summary
    assert "NGƯỜI BÁO CÁO THÀNH TÍCH" in " ".join(text)
    collective = draft(world, "BK_LDLD", unit="CS1")
    _, data = achievement_docx(world.uow, collective, NOW.date(), None)
    text = _texts(data)
    assert "- Tên tập thể: Công đoàn Trường Tiểu học Mường Kim." in text
    assert "- Trực thuộc: Liên đoàn Lao động huyện Than Uyên." in text


def test_the_cli_writes_the_three_documents_and_records_objections(
    world: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = _in_notice(world)
    run = next(cli_runner(world, tmp_path, monkeypatch))
    out = run("documents", "ke-hoach", "PD-2026", "-o", str(tmp_path / "kh.docx"))
    assert "kh.docx" in out and (tmp_path / "kh.docx").stat().st_size > 5000
    run("documents", "cong-khai", "TK-2025", "--level", "TLD", "-o", str(tmp_path))
    assert (tmp_path / "thong-bao-cong-khai-TK-2025-TLD.docx").exists()
    run("documents", "bao-cao-thanh-tich", code, "-o", str(tmp_path))
    assert (tmp_path / f"bao-cao-thanh-tich-{code}.docx").exists()
    out = run("dossier", "objection", "add", code, "--author", "Lò Văn Sơn", "--content", "Chưa")
    assert f"vào hồ sơ {code}" in out
    number = out.split("ý kiến số ")[1].split()[0]
    run("dossier", "objection", "resolve", number, "--outcome", "Đã xác minh")
    assert "đã xử lý: Đã xác minh" in run("dossier", "objection", "list", code)
    refused = run("dossier", "objection", "resolve", number, "--outcome", "x", code=1)
    assert "đã có kết quả" in refused
    assert "Thư mục mẫu" in run("documents", "templates")
    assert (tmp_path / "mau-van-ban" / "mau-bao-cao.j2").exists()


def test_the_screens_download_and_record_for_their_roles_only(world: App) -> None:
    code = _in_notice(world)
    make_user(world, "tldsec", "secretariat", "TLD")
    make_user(world, "ldldsec", "secretariat", "LDLD-LC")
    make_user(world, "canbo", "unit_officer", "CS1")
    tld = client_for(world)
    login(tld, "tldsec")
    page = tld.get(f"/dossiers/{code}")
    assert "Công khai và ý kiến phản ánh" in page.text and "Ghi ý kiến" in page.text
    form = {"csrf_token": csrf_of(page.text), "author": "Lò Văn Sơn", "content": "Chưa đúng"}
    r = tld.post(f"/dossiers/{code}/objections", data=form, follow_redirects=False)
    assert r.status_code == 303
    page = tld.get(f"/dossiers/{code}")
    assert "Lò Văn Sơn: Chưa đúng" in page.text
    r = tld.post(f"/dossiers/{code}/objections", data={**form, "author": ""})
    assert r.status_code == 422 and "người gửi" in r.text
    notice = tld.get("/reports/public-notice.docx", params={"round": "TK-2025", "level": "TLD"})
    assert notice.status_code == 200 and "Nguyễn Thị Hằng" in " ".join(_texts(notice.content))
    officer = client_for(world)
    login(officer, "canbo")
    form["csrf_token"] = csrf_of(officer.get(f"/dossiers/{code}").text)
    assert officer.post(f"/dossiers/{code}/objections", data=form).status_code == 403
    assert "Ghi ý kiến" not in officer.get(f"/dossiers/{code}").text
    achievement = officer.get(f"/dossiers/{code}/bao-cao-thanh-tich.docx")
    assert achievement.status_code == 200
    assert "BÁO CÁO THÀNH TÍCH" in _texts(achievement.content)
    ldld = client_for(world)
    login(ldld, "ldldsec")
    plan = ldld.get("/rounds/PD-2026/ke-hoach.docx")
    assert plan.status_code == 200 and "KẾ HOẠCH" in _texts(plan.content)
    assert officer.get("/rounds/PD-2026/ke-hoach.docx").status_code == 403
    assert ldld.get("/rounds/PD-2026").status_code == 200
    assert "ke-hoach.docx" in ldld.get("/rounds/PD-2026").text
    with pytest.raises(PermissionDenied):
        record_objection(
            world.uow,
            _principal(world, "ldldsec"),
            code,
            author="A",
            content="B",
            received_on=NOW.date(),
            now=NOW,
        )


def _principal(app: App, username: str) -> Principal:
    with app.uow() as uow:
        user = uow.accounts.user_by_name(username)
        assert user is not None and user.id is not None
    return load_principal(app.uow, user.id, NOW.date())
