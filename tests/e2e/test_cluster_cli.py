"""`tdkt cluster …` against a real SQLite database: a khối set up, scored, ranked and proposed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from awards.bootstrap import App
from awards.cli import app as cli
from awards.errors import ValidationError
from awards.services.org.units import add_units
from awards.settings import get_settings
from tests.integration.cluster_fixtures import ASSESSED, DISTRICTS
from tests.integration.lifecycle_fixtures import build_org


@pytest.fixture
def env(sqlite_tdkt: App, monkeypatch: pytest.MonkeyPatch) -> Iterator[App]:
    monkeypatch.setenv("TDKT_DATA_DIR", str(sqlite_tdkt.settings.data_dir))
    monkeypatch.setenv("TDKT_DATABASE_URL", sqlite_tdkt.settings.effective_database_url)
    get_settings.cache_clear()
    build_org(sqlite_tdkt)
    add_units(sqlite_tdkt.uow, DISTRICTS)
    yield sqlite_tdkt
    get_settings.cache_clear()


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def test_an_office_runs_its_khoi_from_the_command_line(env: App, tmp_path: Path) -> None:
    out = _run(
        "cluster",
        "add",
        "KHOI-HUYEN",
        "--name",
        "Khối thi đua LĐLĐ các huyện phía Tây",
        "--lead",
        "THAN-UYEN",
        "--compact",
        "khoi-ldld-huyen",
    )
    assert "Đã lập Khối thi đua LĐLĐ các huyện phía Tây (KHOI-HUYEN)" in out
    out = _run("cluster", "members", "KHOI-HUYEN", "--add", "TAN-UYEN", "--add", "NAM-NHUN")
    assert "KHOI-HUYEN: 3 thành viên" in out and "Liên đoàn Lao động huyện Nậm Nhùn" in out
    out = _run(
        "cluster",
        "score",
        "KHOI-HUYEN",
        "--unit",
        "TAN-UYEN",
        "--year",
        "2025",
        "phat_trien_doan_vien=40",
        "cham_lo_doi_song=29,5",
    )
    assert "Đã ghi 2 điểm tự chấm của TAN-UYEN." in out
    for unit, raw in ASSESSED.items():
        items = [f"{k}={v}" for k, v in raw.items()]
        _run("cluster", "assess", "KHOI-HUYEN", "--unit", unit, "--year", "2025", *items)
    out = _run("cluster", "rank", "KHOI-HUYEN", "--year", "2025")
    assert "1. Liên đoàn Lao động huyện Tân Uyên" in out
    assert (
        "127 điểm (trừ 0, tự chấm 109,5)  → đề nghị Cờ thi đua của Liên đoàn Lao động tỉnh" in out
    )
    assert "3. Liên đoàn Lao động huyện Than Uyên" in out and "126 điểm (trừ 1)" in out
    out = _run("cluster", "propose", "KHOI-HUYEN", "--year", "2025", "--round", "TK-2025")
    assert (
        "Hạng 1: TAN-UYEN, Cờ thi đua của Liên đoàn Lao động tỉnh: hồ sơ HS-2025-000001 (đã lập)"
        in out
    )
    assert out.count("(đã lập)") == 3
    chart = tmp_path / "cum-khoi.png"
    out = _run("cluster", "rollup", "--year", "2025", "--chart", str(chart))
    assert (
        "Khối thi đua LĐLĐ các huyện phía Tây: 3 thành viên, 1 đã tự chấm, 3 đã được chấm, "
        "dẫn đầu Liên đoàn Lao động huyện Tân Uyên (127 điểm)" in out
    )
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and chart.stat().st_size > 10_000


def test_points_not_written_as_a_number_are_refused(env: App) -> None:
    _run(
        "cluster",
        "add",
        "KHOI-HUYEN",
        "--name",
        "Khối",
        "--lead",
        "THAN-UYEN",
        "--compact",
        "khoi-ldld-huyen",
    )
    result = CliRunner().invoke(
        cli, ["cluster", "score", "KHOI-HUYEN", "--unit", "THAN-UYEN", "--year", "2025", "x=ba"]
    )
    assert isinstance(result.exception, ValidationError)
    assert "Điểm «ba» của tiêu chí x không phải là một số." in str(result.exception)
