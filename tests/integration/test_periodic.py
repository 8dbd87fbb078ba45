"""A generated half-year: sơ kết figures match the dossiers' states; the DOCX reads right."""

from __future__ import annotations

import io
import json
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlmodel import col, select

from awards.bootstrap import App
from awards.errors import TransitionNotAllowed, ValidationError
from awards.model import DocumentEvent, Dossier, IssuedReport, OutboxMessage, Person
from awards.reports.periodic import (
    DIRECT_BELOW,
    PeriodReport,
    accounting_sentence,
    award_sentences,
    to_json,
)
from awards.reports.periodic_render import unit_table
from awards.repository.org import unit_by_code
from awards.services.lifecycle.guards import COUNCIL_OUTCOMES
from awards.services.lifecycle.move import move_many
from awards.services.nomination.nominate import Nomination, nominate
from awards.services.reporting.desk import draft_docx
from awards.services.reporting.periodic import (
    build_period_report,
    issue_period_report,
    report_period,
)
from awards.services.reporting.texts import set_report_text
from states import Trigger
from tests.support.cli import cli_runner
from tests.support.forbidden import FORBIDDEN
from tests.support.lifecycle import HOP, build_org, council_decided, req
from tests.support.web import client_for, csrf_of, login, make_user

H1 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
LATER = datetime(2025, 4, 14, 9, 0, tzinfo=UTC)
PERIOD = report_period("so_ket", 2025, 1, "05-31", "11-30")


def _people(app: App) -> None:
    """Ten people in CS1: the first four are direct workers, the last three hold posts."""
    with app.uow() as uow:
        unit = unit_by_code(uow.session, "CS1", date(2025, 1, 1))
        for n in range(10):
            uow.session.add(
                Person(
                    code=f"P{n}",
                    full_name=f"Lò Văn Người{n}",
                    gender="nam",
                    birth_year=1985,
                    unit_id=unit.id,
                    is_direct_worker=n < 4,
                    holds_leadership_post=n >= 7,
                )
            )
        uow.commit()


def _nominate(app: App, award: str, person: str | None = None, unit: str | None = None) -> str:
    return nominate(
        app.uow,
        Nomination(
            "TK-2025",
            award,
            "CS1",
            person_code=person,
            nominee_unit_code=unit,
            achievement_summary="Hoàn thành xuất sắc nhiệm vụ",
        ),
        now=H1,
    )


def _step(app: App, codes: list[str], *triggers: Trigger, **kw: object) -> None:
    for trigger in triggers:
        if trigger in COUNCIL_OUTCOMES:  # what the level's council session decided
            kw = {**kw, "council_session": council_decided(app, codes, COUNCIL_OUTCOMES[trigger])}
        outcomes = move_many(app.uow, req(trigger, now=LATER, **kw), codes=codes)
        assert all(o.ok for o in outcomes), outcomes


@pytest.fixture
def half_year(tdkt: App) -> App:
    build_org(tdkt)
    _people(tdkt)
    gk = [_nominate(tdkt, "GK_CDCT", f"P{n}") for n in range(3)]  # decided by Than Uyên
    ldld = [_nominate(tdkt, "BK_LDLD", f"P{n}") for n in (3, 4, 5)] + [
        _nominate(tdkt, "BK_LDLD", unit="CS1")
    ]
    ubnd = [_nominate(tdkt, "BK_UBND", f"P{n}") for n in (6, 7)] + [
        _nominate(tdkt, "BK_UBND", unit="CS1")
    ]
    tld = [_nominate(tdkt, "BK_TLD", "P8")]
    drafts = [_nominate(tdkt, "GK_CDCT", "P9") for _ in range(2)]
    returned, overdue = _nominate(tdkt, "LDTT", "P9"), _nominate(tdkt, "LDTT", "P8")
    up = ldld + ubnd + tld
    _step(tdkt, gk + up + [returned, overdue], Trigger.submit)
    _step(tdkt, gk + up, *HOP)
    _step(tdkt, gk, Trigger.decide, decision_date=date(2025, 4, 20))
    _step(tdkt, up, Trigger.escalate)
    _step(tdkt, up, *HOP)
    _step(tdkt, ldld, Trigger.decide, decision_date=date(2025, 4, 25))
    _step(tdkt, ubnd + tld, Trigger.escalate)
    _step(tdkt, [returned], Trigger.return_for_changes, due_on=date(2025, 5, 10))
    _step(tdkt, [overdue], Trigger.receive, due_on=date(2025, 5, 20))
    tdkt.__dict__["drafts"] = drafts
    return tdkt


def test_counts_match_the_dossiers_states(half_year: App) -> None:
    report = build_period_report(
        half_year.uow, level_code="LDLD-LC", kind="so_ket", year=2025, half=1, period=PERIOD
    )
    with half_year.uow() as uow:
        states = Counter(uow.session.exec(select(col(Dossier.state))).all())
    assert {s: n for s, _, n in report.by_state} == dict(states)
    assert {s: n for s, _, n in report.by_state} == {
        "awarded": 7,
        "awaiting_decision": 3,  # at UBND tỉnh
        "submitted": 1,  # at the Tổng Liên đoàn
        "draft": 2,
        "returned": 1,
        "received": 1,
    }
    sentences = to_json(report)["sentences"]
    assert sentences == [
        "LĐLĐ tỉnh trình Tổng Liên đoàn tặng Bằng khen cho 01 cá nhân",
        "LĐLĐ tỉnh trình UBND tỉnh tặng Bằng khen cho 01 tập thể, 02 cá nhân",
        "LĐLĐ tỉnh tặng Bằng khen cho 01 tập thể, 03 cá nhân",
    ]
    assert {s: n for s, _, n in report.overdue_by_state} == {"returned": 1, "received": 1}
    (than_uyen,) = report.units
    assert (than_uyen.proposed, than_uyen.proposed_people) == (13, 11)
    assert (than_uyen.awarded, than_uyen.awarded_people, than_uyen.awarded_direct) == (7, 6, 4)
    assert than_uyen.awarded_non_leader == 6 and DIRECT_BELOW not in than_uyen.flags


def test_states_are_those_at_the_end_of_the_period(half_year: App) -> None:
    def by_state() -> dict[str, int]:
        report = build_period_report(
            half_year.uow, level_code="LDLD-LC", kind="so_ket", year=2025, half=1, period=PERIOD
        )
        return {s: n for s, _, n in report.by_state}

    before = by_state()
    drafts = half_year.__dict__["drafts"]
    after_end = datetime(2025, 6, 10, 9, 0, tzinfo=UTC)  # the period ended on 31/05
    assert all(
        o.ok for o in move_many(half_year.uow, req(Trigger.submit, now=after_end), codes=drafts)
    )
    assert by_state() == before and before["draft"] == 2


def test_the_level_below_sees_its_own_decisions(half_year: App) -> None:
    report = build_period_report(
        half_year.uow, level_code="THAN-UYEN", kind="so_ket", year=2025, half=1, period=PERIOD
    )
    assert to_json(report)["sentences"] == [
        "LĐLĐ huyện trình LĐLĐ tỉnh tặng Bằng khen cho 02 tập thể, 06 cá nhân",
        "LĐLĐ huyện tặng Giấy khen cho 03 cá nhân",
    ]


def test_issued_report_docx_number_and_mail(half_year: App, tmp_path: Path) -> None:
    report = build_period_report(
        half_year.uow, level_code="LDLD-LC", kind="so_ket", year=2025, half=1, period=PERIOD
    )
    issued = issue_period_report(
        half_year.uow,
        report,
        level_code="LDLD-LC",
        folder=tmp_path,
        issued_on=date(2025, 6, 3),
        recipients=["vanphong@ldld.example", "ubnd@laichau.example"],
        now=LATER,
    )
    assert issued.document_no == "01/BC-LĐLĐ" and issued.emails == 2
    doc = Document(io.BytesIO(issued.files[0].read_bytes()))
    rows = doc.tables[0].rows  # issuer | motto, then "Số:" | place-date (rules carry no text)
    left = [p.text for r in rows for p in r.cells[0].paragraphs if p.text]
    right = [p.text for r in rows for p in r.cells[1].paragraphs if p.text]
    assert left == [
        "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM",
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU",
        "Số: 01/BC-LĐLĐ",
    ]
    assert right[-1] == "Lai Châu, ngày 03 tháng 6 năm 2025"
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BÁO CÁO" in text and "6 tháng đầu năm 2025" in text
    assert "LĐLĐ tỉnh trình UBND tỉnh tặng Bằng khen cho 01 tập thể, 02 cá nhân" in text
    sheet = load_workbook(issued.files[1])["Trạng thái hồ sơ"]
    # The 2 drafts are not proposals yet: the official table leaves them out (the JSON keeps them).
    assert [sheet.cell(r, 3).value for r in range(5, 11)] == [1, 1, 1, 3, 7, "=SUM(C5:C9)"]
    assert FORBIDDEN.findall("\n".join([text, *(str(c.value) for r in sheet for c in r)])) == []
    page = issued.files[2].read_text(encoding="utf-8")  # a whole page, not a fragment
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert '<html lang="vi">' in page and "<table" in page
    figures = json.loads(issued.files[4].read_text(encoding="utf-8"))
    assert figures["dossier_total"] == 15
    again = issue_period_report(
        half_year.uow,
        report,
        level_code="LDLD-LC",
        folder=tmp_path,
        issued_on=date(2025, 6, 3),
        recipients=["vanphong@ldld.example"],
        now=LATER,
    )
    assert again.document_no == "01/BC-LĐLĐ" and again.emails == 0
    with half_year.uow() as uow:
        assert len(uow.session.exec(select(IssuedReport)).all()) == 1
        mails = uow.session.exec(
            select(OutboxMessage).where(col(OutboxMessage.kind) == "report_ready")
        ).all()
    assert len(mails) == 2 and "01/BC-LĐLĐ" in mails[0].subject


def _report(app: App) -> PeriodReport:
    return build_period_report(
        app.uow, level_code="LDLD-LC", kind="so_ket", year=2025, half=1, period=PERIOD
    )


def test_the_text_accounts_for_every_award_in_the_unit_table(half_year: App) -> None:
    """Than Uyên's 7 awards: 4 Bằng khen decided here, 3 Giấy khen decided by the district."""
    report = _report(half_year)
    (than_uyen,) = report.units
    assert than_uyen.awarded == 7
    assert sum(t.total for t in report.tiers) == than_uyen.awarded
    assert accounting_sentence(report) == (
        "Tổng số tập thể, cá nhân của các đơn vị được khen thưởng trong kỳ là 7 (cột “Được khen "
        "thưởng” của bảng kết quả theo đơn vị), gồm: 4 do LĐLĐ tỉnh quyết định (Bằng khen: 01 "
        "tập thể, 03 cá nhân); 3 do công đoàn cấp dưới quyết định (Giấy khen: 03 cá nhân)."
    )
    # The figures the sentence cites are the unit table's column and the decided sentence.
    assert unit_table(report)[1][0][5] == 7
    assert "LĐLĐ tỉnh tặng Bằng khen cho 01 tập thể, 03 cá nhân" in award_sentences(report)


SECTIONS = {
    "tinh_hinh_chung": "Phong trào CNVCLĐ nhận được sự quan tâm của Tỉnh ủy.\nKhó khăn: giá cả.",
    "uu_diem": "Các phong trào thi đua được triển khai sâu rộng.",
    "ton_tai": "Một số đơn vị gửi hồ sơ chậm.",
    "nguyen_nhan": "Cán bộ làm công tác thi đua kiêm nhiệm.",
    "phuong_huong": "Tiếp tục đẩy mạnh phong trào thi đua yêu nước.",
    "kien_nghi": "Đề nghị Tổng Liên đoàn tăng chỉ tiêu # {{ không phải mã }}.",
}


def test_the_issued_report_has_every_section_the_secretariat_wrote(
    half_year: App, tmp_path: Path
) -> None:
    for section, text in SECTIONS.items():
        set_report_text(
            half_year.uow,
            level_code="LDLD-LC",
            kind="so_ket",
            period=PERIOD,
            section=section,
            text=text,
            actor="minh",
            now=LATER,
        )
    issued = issue_period_report(
        half_year.uow,
        _report(half_year),
        level_code="LDLD-LC",
        folder=tmp_path,
        issued_on=date(2025, 6, 3),
        recipients=[],
        now=LATER,
    )
    doc = Document(io.BytesIO(issued.files[0].read_bytes()))
    paragraphs = [p.text for p in doc.paragraphs]
    headings = [
        "I. TÌNH HÌNH CHUNG",
        "II. KẾT QUẢ THỰC HIỆN",
        "III. ĐÁNH GIÁ CHUNG",
        "1. Ưu điểm",
        "2. Tồn tại, hạn chế",
        "3. Nguyên nhân",
        "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2025",
        "V. KIẾN NGHỊ, ĐỀ XUẤT",
    ]
    assert [h for h in headings if h in paragraphs] == headings
    for text in SECTIONS.values():
        for line in text.splitlines():
            assert line in paragraphs  # typed text prints as typed, never run as a template
    assert accounting_sentence(_report(half_year)) in paragraphs
    assert len(doc.inline_shapes) == 1  # the chart, embedded
    assert doc.inline_shapes[0].width > 0
    # Once issued, the sections are closed; the audit keeps every write.
    with pytest.raises(TransitionNotAllowed, match="đã ban hành"):
        set_report_text(
            half_year.uow,
            level_code="LDLD-LC",
            kind="so_ket",
            period=PERIOD,
            section="uu_diem",
            text="sửa sau khi ban hành",
            actor="minh",
            now=LATER,
        )
    with half_year.uow() as uow:
        events = uow.session.exec(select(DocumentEvent)).all()
    assert len(events) == len(SECTIONS) and {e.actor for e in events} == {"minh"}


def test_an_unknown_section_or_a_broken_template_is_named(half_year: App, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="Mục 'tinh_hinh' không có"):
        set_report_text(
            half_year.uow,
            level_code="LDLD-LC",
            kind="so_ket",
            period=PERIOD,
            section="tinh_hinh",
            text="x",
            actor="minh",
            now=LATER,
        )
    folder = tmp_path / "mau-van-ban"
    folder.mkdir()
    (folder / "mau-bao-cao.j2").write_text("# I. MỞ ĐẦU\n{{ khong_co }}\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="Mẫu văn bản .*mau-bao-cao.j2' có lỗi"):
        draft_docx(half_year.uow, _report(half_year), "LDLD-LC", date(2025, 6, 3), tmp_path)
    (folder / "mau-bao-cao.j2").write_text(
        "# I. MẪU CỦA LIÊN ĐOÀN\n{{ doi_chieu }}\n[[muc: uu_diem]]\n", encoding="utf-8"
    )
    data = draft_docx(half_year.uow, _report(half_year), "LDLD-LC", date(2025, 6, 3), tmp_path)
    text = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    assert "I. MẪU CỦA LIÊN ĐOÀN" in text and "II. KẾT QUẢ THỰC HIỆN" not in text


def test_report_text_through_the_cli_and_the_screen(
    half_year: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = next(cli_runner(half_year, tmp_path, monkeypatch))
    args = ("--level", "LDLD-LC", "--kind", "so_ket", "--year", "2025", "--half", "1")
    out = run("report", "text", "set", "uu_diem", "Ưu điểm từ dòng lệnh.", *args)
    assert "Đã ghi mục uu_diem" in out
    assert "Ưu điểm từ dòng lệnh." in run("report", "text", "show", *args)
    refused = run("report", "text", "set", "khong_co", "x", *args, code=1)
    assert "Mục 'khong_co' không có" in refused
    make_user(half_year, "minh", "secretariat", "LDLD-LC")
    make_user(half_year, "canbo", "unit_officer", "LDLD-LC")
    client = client_for(half_year)
    login(client, "minh")
    query = "level=LDLD-LC&kind=so_ket&year=2025&half=1"
    page = client.get(f"/reports?{query}")
    assert page.status_code == 200 and "Ưu điểm từ dòng lệnh." in page.text
    form = {
        "csrf_token": csrf_of(page.text),
        "level": "LDLD-LC",
        "kind": "so_ket",
        "year": "2025",
        "half": "1",
        "section": "ton_tai",
    }
    r = client.post(
        "/reports/text", data={**form, "text": "Tồn tại từ màn hình."}, follow_redirects=False
    )
    assert r.status_code == 303
    assert "Tồn tại từ màn hình." in client.get(f"/reports?{query}").text
    docx = client.get(f"/reports/download.docx?{query}")
    paragraphs = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert "Tồn tại từ màn hình." in paragraphs and "Ưu điểm từ dòng lệnh." in paragraphs
    other = client_for(half_year)  # a unit officer may not write the level's report
    login(other, "canbo")
    token = csrf_of(other.get("/reports").text)
    r = other.post("/reports/text", data={**form, "csrf_token": token, "text": "không được"})
    assert r.status_code == 403


def test_sections_close_on_issue_through_every_route(
    half_year: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = next(cli_runner(half_year, tmp_path, monkeypatch))
    args = ("--level", "LDLD-LC", "--kind", "so_ket", "--year", "2025", "--half", "1")
    run("report", "text", "set", "kien_nghi", "Kiến nghị trước khi ban hành.", *args)
    out = run(
        "report",
        "so-ket",
        "--level",
        "LDLD-LC",
        "--year",
        "2025",
        "--half",
        "1",
        "--issued-on",
        "03/06/2025",
        "-o",
        str(tmp_path / "bc"),
    )
    assert "Báo cáo số 01/BC-LĐLĐ" in out
    issued = Document(str(next((tmp_path / "bc").glob("*.docx"))))
    assert "Kiến nghị trước khi ban hành." in [p.text for p in issued.paragraphs]
    refused = run("report", "text", "set", "kien_nghi", "sửa sau", *args, code=1)
    assert "đã ban hành (số 01/BC-LĐLĐ)" in refused
    make_user(half_year, "minh", "secretariat", "LDLD-LC")
    client = client_for(half_year)
    login(client, "minh")
    page = client.get("/reports?level=LDLD-LC&kind=so_ket&year=2025&half=1")
    assert "readonly" in page.text and "Lưu mục" not in page.text
    form = {
        "csrf_token": csrf_of(page.text),
        "level": "LDLD-LC",
        "kind": "so_ket",
        "year": "2025",
        "half": "1",
        "section": "kien_nghi",
        "text": "sửa sau",
    }
    r = client.post("/reports/text", data=form)
    assert r.status_code == 409 and "đã ban hành" in r.text
