"""`tdkt prize …` and `tdkt fund …` against a real SQLite database, as an office would type them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from awards.bootstrap import App
from awards.cli import app as cli
from awards.settings import get_settings
from states import Trigger
from tests.integration.lifecycle_fixtures import HOP, build_org, draft, drive


@pytest.fixture
def env(sqlite_tdkt: App, monkeypatch: pytest.MonkeyPatch) -> Iterator[App]:
    monkeypatch.setenv("TDKT_DATA_DIR", str(sqlite_tdkt.settings.data_dir))
    monkeypatch.setenv("TDKT_DATABASE_URL", sqlite_tdkt.settings.effective_database_url)
    get_settings.cache_clear()
    build_org(sqlite_tdkt)
    yield sqlite_tdkt
    get_settings.cache_clear()


def _run(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == code, result.output
    return result.output


def test_an_office_keeps_its_fund_and_prints_the_prize_list(env: App, tmp_path: Path) -> None:
    unit = ["--unit", "THAN-UYEN"]
    out = _run(
        "fund",
        "receipt",
        *unit,
        "--amount",
        "20000000",
        "--memo",
        "Trích lập quỹ 2025",
        "--date",
        "2025-01-10",
    )
    assert "Đã ghi dòng 1 vào sổ quỹ của THAN-UYEN: 20.000.000 đồng, ngày 10/01/2025." in out
    drive(env, draft(env, "GK_CDCT"), [Trigger.submit, *HOP, Trigger.decide])
    _run(
        "fund",
        "spend",
        *unit,
        "--amount",
        "300000",
        "--memo",
        "In giấy khen",
        "--date",
        "22/12/2025",
        "--reference",
        "PC-01",
    )
    ledger = _run("fund", "ledger", *unit, "--year", "2025")
    assert "Chi tiền thưởng" in ledger and "Tồn cuối kỳ: 18.990.000 đồng" in ledger
    listed = _run("prize", "list", "15/QĐ-LĐLĐ", "--out", str(tmp_path))
    xlsx = next(p for p in tmp_path.iterdir() if p.suffix == ".xlsx")
    assert f"Đã ghi {xlsx}" in listed
    assert load_workbook(xlsx).active.title == "Danh sách chi thưởng"
    totals = _run("prize", "totals", "--year", "2025")
    assert "Tổng cộng: 1 khen thưởng, 710.000 đồng." in totals
    report = _run("fund", "report", *unit, "--year", "2025", "--out", str(tmp_path))
    assert report.count("Đã ghi") == 3
    assert "Sổ quỹ của THAN-UYEN nguyên vẹn." in _run("fund", "verify", *unit)


def test_typing_mistakes_get_a_vietnamese_answer_and_nothing_is_written(env: App) -> None:
    bad_date = _run(
        "fund",
        "receipt",
        "--unit",
        "THAN-UYEN",
        "--amount",
        "5",
        "--memo",
        "x",
        "--date",
        "2025-02-30",
        code=2,
    )
    assert "không phải một ngày có thật" in bad_date and "Traceback" not in bad_date
    result = CliRunner().invoke(
        cli, ["fund", "spend", "--unit", "THAN-UYEN", "--amount", "0", "--memo", "x"]
    )
    assert result.exit_code == 1 and "số nguyên dương" in str(result.exception)
    assert "Tồn cuối kỳ: 0 đồng" in _run("fund", "ledger", "--unit", "THAN-UYEN", "--year", "2025")


def test_seats_are_allocated_and_written_from_the_command_line(env: App, tmp_path: Path) -> None:
    out = _run(
        "seats",
        "allocate",
        "--round",
        "TK-2025",
        "--total",
        "50",
        "--guests",
        "10",
        "--as-of",
        "28/02/2025",
    )
    assert "50 đại biểu (10 khách mời, 40 điển hình), số đoàn viên ngày 28/02/2025" in out
    assert "Liên đoàn Lao động huyện Than Uyên" in out and "40 ghế" in out
    shown = _run("seats", "show", "--round", "TK-2025", "--out", str(tmp_path))
    assert shown.count("Đã ghi") == 2
    missing = CliRunner().invoke(cli, ["seats", "show", "--round", "KHONG-CO"])
    assert missing.exit_code == 1 and "Không có đợt thi đua mã 'KHONG-CO'" in str(missing.exception)
