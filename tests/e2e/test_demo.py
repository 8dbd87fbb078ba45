"""The demo loads the Lai Châu federation with the seed figures, deterministically."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from awards.bootstrap import App
from awards.cli import app as cli
from awards.demo.load import load_demo
from awards.demo.population import PopulationSpec
from awards.model import Person


def test_demo_population_matches_the_seed_figures(sqlite_tdkt: App) -> None:
    summary = load_demo(sqlite_tdkt.uow)
    assert summary.units_by_kind["Công đoàn cơ sở"] == 778
    assert summary.cdcs_by_sector == {"hcsn": 712, "sxkd": 66}
    assert summary.members == 26_816
    assert summary.women_share == pytest.approx(0.5339, abs=0.0001)
    upper = sum(
        v
        for k, v in summary.units_by_kind.items()
        if k
        not in {
            "Công đoàn cơ sở",
            "Liên đoàn Lao động tỉnh, thành phố",
            "Tổng Liên đoàn Lao động Việt Nam",
        }
    )
    assert upper == 11


def test_same_seed_gives_the_same_people(tmp_path: Path, sqlite_tdkt: App) -> None:
    small = PopulationSpec(cdcs_hcsn=20, cdcs_sxkd=3, members_hcsn=300, members_sxkd=40)
    load_demo(sqlite_tdkt.uow, small)
    with sqlite_tdkt.uow() as uow:
        first = uow.session.execute(select(Person.full_name).order_by(Person.id).limit(50)).all()
    assert len(first) == 50
    from awards.bootstrap import build
    from awards.settings import Settings

    other = build(Settings(data_dir=tmp_path / "b"), migrate=True)
    load_demo(other.uow, small)
    with other.uow() as uow:
        again = uow.session.execute(select(Person.full_name).order_by(Person.id).limit(50)).all()
    other.close()
    assert first == again


def test_cli_demo_run_prints_the_organisation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TDKT_DATA_DIR", str(tmp_path))
    from awards.settings import get_settings

    get_settings.cache_clear()
    result = CliRunner().invoke(cli, ["demo", "run", "--today", "01/12/2025"])
    get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "Công đoàn cơ sở: 778" in result.output
    assert "26.816" in result.output
    assert "Tờ trình lên cấp trên: 12" in result.output  # the rules keep 12 dossiers back
    assert "Không đủ điều kiện: 12" in result.output
    assert "1 × Hồ sơ thiếu thành phần: Biên bản họp Hội đồng." in result.output
    assert "Số 01/TTr-LĐLĐ của LDLD-LC: 6 hồ sơ BK_UBND → UBND-LC" in result.output
    assert (tmp_path / "demo" / "tdkt.db").exists()
    assert "Nhắc việc ngày 01/12/2025" in result.output
    digests = list((tmp_path / "demo" / "mail").glob("reminder_digest_*.eml"))
    message = email.message_from_bytes(digests[0].read_bytes(), policy=email.policy.default)
    assert digests and "hồ sơ cần xử lý" in str(message["Subject"])
    assert "Biên bản họp Hội đồng số 01/BB-HĐTĐKT" in result.output
    assert (tmp_path / "demo" / "bien-ban-PH-LDLD-LC-TK-2025-01.docx").exists()
