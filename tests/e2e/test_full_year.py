"""A district federation's whole year 2025 on a chosen clock, as its office runs it.

Registration in January → sơ kết in June → the year-end round with an extension → cluster
scoring → the council session (quorum, votes) → the decision with its prize money → the fund
report → tổng kết and the year check in December. The CLI is used wherever one exists (with
the day it is typed on); the moves a unit makes on its dossiers go through the services with
the same clock. The figures reconcile: `tdkt year check` reports nothing, and the documents
carry the numbers of the year.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from awards.bootstrap import App
from awards.cli import app as cli
from awards.errors import ValidationError
from awards.services.appraisal.appraise import appraise
from awards.services.lifecycle.move import move_many
from awards.services.nomination.nominate import Nomination, nominate
from awards.services.nomination.tabular import write_rows
from awards.services.org.units import add_units
from states import Trigger
from tests.support.appraisal import Member, add_members, attach
from tests.support.clusters import ASSESSED, DISTRICTS
from tests.support.lifecycle import req

pytestmark = pytest.mark.slow
ROUND = "NAM-2025"
DECISION = "30/QĐ-LĐLĐ"
GOOD = {2025: "hoan_thanh_tot"}


def _run(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == code, (result.output, result.exception)
    return result.output


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)


def _docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _nominate(app: App, person: str, day: date) -> str:
    return nominate(
        app.uow,
        Nomination(ROUND, "GK_CDCT", "CS1", person_code=person, achievement_summary="Thành tích"),
        now=_at(day),
    )


def test_a_district_federations_year_reconciles(db: App, tmp_path: Path) -> None:
    add_units(db.uow, DISTRICTS)
    add_members(db, "CS1", [Member(f"M{i}", ratings=GOOD) for i in range(1, 7)])

    # January: Than Uyên opens its round, registration required, period 02/01–31/03
    _run(
        "round",
        "open",
        ROUND,
        "--name",
        "Phong trào thi đua năm 2025 của LĐLĐ huyện Than Uyên",
        "--organiser",
        "THAN-UYEN",
        "--deadline",
        "20/11/2025",
        "--award",
        "GK_CDCT",
        "--phase",
        "Đăng ký thi đua:02/01/2025:31/03/2025",
        "--registration",
    )
    fund_in = ["--amount", "20000000", "--memo", "Trích lập quỹ 2025", "--date", "10/01/2025"]
    _run("fund", "receipt", "--unit", "THAN-UYEN", *fund_in)
    template = tmp_path / "mau.xlsx"
    _run("template", "registrations", str(template))
    filled = tmp_path / "dang-ky-cs1.xlsx"
    rows = [["CS1", "GK_CDCT", "Cá nhân", f"M{i}", ""] for i in (1, 2, 3)]
    filled.write_bytes(write_rows("registrations", rows, "xlsx"))
    out = _run("registration", "import", str(filled), "--round", ROUND, "--today", "15/01/2025")
    assert "Đã ghi 3 dòng; bỏ 0 dòng lỗi." in out
    out = _run(
        "registration", "add", "--round", ROUND, "--unit", "CS1", "--award", "GK_CDCT",
        "--person", "M4", "--person", "M5", "--today", "20/01/2025",
    )  # fmt: skip
    assert "Đã đăng ký 2 mục (GK_CDCT, đợt NAM-2025)" in out
    late = _run(
        "registration", "add", "--round", ROUND, "--unit", "CS1", "--award", "GK_CDCT",
        "--person", "M6", "--today", "01/04/2025", code=1,
    )  # fmt: skip
    assert "Đã hết hạn đăng ký thi đua của đợt NAM-2025 (hạn 31/03/2025)" in late
    listed = _run("registration", "list", "--round", ROUND)
    ids = {m[2]: m[1] for m in re.finditer(r"^\s*(\d+)\s.*\((M\d)\)", listed, re.MULTILINE)}
    assert set(ids) == {"M1", "M2", "M3", "M4", "M5"}

    # June: M3 moves away (withdrawn); sơ kết 6 tháng
    _run(
        "registration", "withdraw", ids["M3"], "--reason", "Chuyển công tác",
        "--today", "16/06/2025",
    )  # fmt: skip
    so_ket = _run(
        "report", "so-ket", "--level", "THAN-UYEN", "--year", "2025", "--half", "1",
        "--issued-on", "30/06/2025", "-f", "json",
    )  # fmt: skip
    half = json.loads(so_ket)
    assert (half["title"], half["dossier_total"]) == (
        "Công tác thi đua, khen thưởng 6 tháng đầu năm 2025",
        0,  # registered in January, nothing proposed yet
    )

    # November: the unit is late; the organiser extends its deadline, then it submits
    nominated = {p: _nominate(db, p, date(2025, 11, 24)) for p in ("M1", "M2", "M4")}
    with pytest.raises(ValidationError, match="chỉ xét các danh hiệu đã đăng ký thi đua"):
        _nominate(db, "M6", date(2025, 11, 24))  # never registered (too late in April)
    with pytest.raises(ValidationError, match="hoặc đã rút đăng ký"):
        _nominate(db, "M3", date(2025, 11, 24))  # withdrawn in June
    out = _run(
        "round", "extend", ROUND, "--unit", "CS1", "--until", "28/11/2025",
        "--reason", "Mưa lũ chia cắt", "--today", "21/11/2025",
    )  # fmt: skip
    assert "28/11/2025" in out
    codes = list(nominated.values())
    attach(db, codes)
    for trigger, day in (
        (Trigger.submit, 25),
        (Trigger.receive, 26),
        (Trigger.start_appraisal, 26),
    ):
        extra = {"due_on": date(2025, 12, 12)} if trigger is Trigger.receive else {}
        outcomes = move_many(
            db.uow, req(trigger, now=_at(date(2025, 11, day)), **extra), codes=codes
        )
        assert all(o.ok for o in outcomes), outcomes
    report = appraise(db.uow, ROUND, now=_at(date(2025, 12, 1)), unit_code="THAN-UYEN")
    assert sorted(report.eligible) == sorted(codes)

    # the khối of the district federations scores its members
    _run(
        "cluster", "add", "KHOI-HUYEN", "--name", "Khối thi đua LĐLĐ các huyện phía Tây",
        "--lead", "THAN-UYEN", "--compact", "khoi-ldld-huyen",
        "--member", "TAN-UYEN", "--member", "NAM-NHUN",
    )  # fmt: skip
    for unit, raw in ASSESSED.items():
        points = [f"{k}={v}" for k, v in raw.items()]
        _run("cluster", "assess", "KHOI-HUYEN", "--unit", unit, "--year", "2025", *points)
    ranking = _run("cluster", "rank", "KHOI-HUYEN", "--year", "2025")
    ranked = [line for line in ranking.splitlines() if "điểm (trừ" in line]
    assert ["Tân Uyên" in ranked[0], "Nậm Nhùn" in ranked[1], "Than Uyên" in ranked[2]] == [
        True,
        True,
        True,
    ]  # 127, then 126 with fewer deductions, then 126
    _run("cluster", "rollup", "--year", "2025", "--chart", str(tmp_path / "khoi.png"))
    assert (tmp_path / "khoi.png").read_bytes()[:4] == b"\x89PNG"

    # December: the council (4 members, 3 present: quorum 2/3) votes, M4 is voted down
    _run(
        "council", "setup", "--unit", "THAN-UYEN", "--name", "Hội đồng TĐKT huyện Than Uyên",
        "--place", "Than Uyên", "--valid-from", "2025-01-01",
    )  # fmt: skip
    for n, role in enumerate(["chu_tich", "thu_ky", "uy_vien", "uy_vien"]):
        _run(
            "council", "add-member", "1", f"Thành viên {n}", "--role", role,
            "--valid-from", "2025-01-01",
        )  # fmt: skip
    opened = _run("council", "session", "open", "THAN-UYEN", ROUND, "--held-on", "2025-12-10")
    session = opened.split()[2].rstrip(":")
    for member in ("1", "2", "3"):
        _run("council", "session", "attend", session, member)
    _run("council", "session", "attend", session, "4", "--presence", "absent")
    for member, choice in (("1", "yes"), ("2", "yes"), ("3", "no")):
        _run("council", "session", "vote", session, member, choice, "--dossier", nominated["M1"])
        _run("council", "session", "vote", session, member, choice, "--dossier", nominated["M2"])
        _run("council", "session", "vote", session, member, "no", "--dossier", nominated["M4"])
    closed = _run(
        "council", "session", "close", session, "--decision-no", DECISION,
        "--signer", "Hoàng Thọ Trung", "--decision-date", "15/12/2025",
    )  # fmt: skip
    assert "thông qua 2/3" in closed
    assert "có mặt 3/4" in _run("council", "session", "show", session)

    # the decision's prize list and the fund: 2 × 710.000 = 1.420.000 paid from 20.000.000
    _run("prize", "list", DECISION, "--out", str(tmp_path / "prizes"))
    prize_docx = next((tmp_path / "prizes").glob("*.docx"))
    text = _docx_text(prize_docx)
    assert "Đoàn viên M1" in text and "Đoàn viên M2" in text and "Đoàn viên M4" not in text
    assert "710.000" in text and "1.420.000" in text
    ledger = _run("fund", "ledger", "--unit", "THAN-UYEN", "--year", "2025")
    assert f"Chi tiền thưởng theo Quyết định số {DECISION}" in ledger
    assert "Tồn cuối kỳ: 18.580.000 đồng" in ledger
    _run("fund", "report", "--unit", "THAN-UYEN", "--year", "2025", "--out", str(tmp_path / "fund"))
    fund_text = _docx_text(next((tmp_path / "fund").glob("*.docx")))
    assert "20.000.000" in fund_text and "1.420.000" in fund_text and "18.580.000" in fund_text

    # M4, voted down, did not achieve its title; M5 was never proposed: the year check finds
    # its registration open until the office records it as not achieved
    findings = _run("year", "check", "2025", "--level", "THAN-UYEN", code=1)
    assert "1 điểm không khớp" in findings and "Đoàn viên M5" in findings
    assert f"tdkt registration not-achieved {ids['M5']}" in findings
    _run(
        "registration", "not-achieved", ids["M5"], "--reason",
        "Xếp loại hoàn thành nhiệm vụ", "--today", "20/12/2025",
    )  # fmt: skip
    clean = _run("year", "check", "2025", "--level", "THAN-UYEN")
    assert "Năm 2025 của THAN-UYEN: không có điểm nào không khớp." in clean

    # registered vs achieved: 4 registered (M3 withdrawn), 2 achieved, 2 not achieved
    out = _run(
        "registration", "report", "--round", ROUND, "--level", "THAN-UYEN",
        "--out", str(tmp_path / "dang-ky"),
    )  # fmt: skip
    total = next(line for line in out.splitlines() if "Tổng cộng" in line)
    assert "đăng ký    4  đạt    2  không đạt   2" in total and "tỷ lệ đạt 50%" in total
    sheet = load_workbook(next((tmp_path / "dang-ky").glob("*.xlsx")))["Theo danh hiệu"]
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert values[0][1:] == [
        "Giấy khen của Công đoàn cấp trên trực tiếp cơ sở", 4, 2, 2, 0, 0, 1, "50%",
    ]  # fmt: skip

    # tổng kết năm (the report policy's year runs to 30/11): the three proposals of Mường Kim,
    # under appraisal on that day
    tong_ket = _run(
        "report", "tong-ket", "--level", "THAN-UYEN", "--year", "2025",
        "--issued-on", "28/12/2025", "-f", "json",
    )  # fmt: skip
    year = json.loads(tong_ket)
    assert (year["title"], year["end"], year["dossier_total"]) == (
        "Công tác thi đua, khen thưởng năm 2025",
        "2025-11-30",
        3,
    )
    assert year["by_state"] == [["under_appraisal", "Đang thẩm định", 3]]
    (unit,) = year["units"]
    assert (unit["unit_name"], unit["proposed"], unit["proposed_people"]) == (
        "Công đoàn Trường Tiểu học Mường Kim",
        3,
        3,
    )
