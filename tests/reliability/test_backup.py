"""`tdkt backup` / `tdkt restore` on the embedded SQLite database, through the CLI."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import col, select
from typer.testing import CliRunner, Result

from awards.bootstrap import App
from awards.cli import app as cli
from awards.model import Dossier
from awards.settings import get_settings
from states import Trigger
from tests.support.lifecycle import HOP, build_org, draft, drive


@pytest.fixture
def live(sqlite_tdkt: App, monkeypatch: pytest.MonkeyPatch) -> Iterator[App]:
    monkeypatch.setenv("TDKT_DATA_DIR", str(sqlite_tdkt.settings.data_dir))
    monkeypatch.setenv("TDKT_DATABASE_URL", sqlite_tdkt.settings.effective_database_url)
    get_settings.cache_clear()
    build_org(sqlite_tdkt)
    yield sqlite_tdkt
    get_settings.cache_clear()


def _run(*args: str) -> Result:
    """The CLI in-process; an AwardsError surfaces as result.exception (main() prints it)."""
    return CliRunner().invoke(cli, list(args))


def _states(app: App) -> dict[str, str]:
    with app.uow() as uow:
        rows = uow.session.exec(select(Dossier.code, Dossier.state).order_by(col(Dossier.id)))
        return dict(rows.all())


def test_restore_brings_back_the_backed_up_state(live: App, tmp_path: Path) -> None:
    code = draft(live, "GK_CDCT")
    drive(live, code, [Trigger.submit, *HOP])
    backed_up = _states(live)
    result = _run("backup", str(tmp_path / "bk" / "tdkt-1.db"))
    assert result.exit_code == 0, result.output
    assert "Đã sao lưu 1 hồ sơ, 6 sự kiện" in result.output

    drive(live, code, [Trigger.decide])  # work after the backup is lost by the restore
    draft(live, "GK_CDCT", person="DV2")
    assert _states(live) != backed_up

    result = _run("restore", str(tmp_path / "bk" / "tdkt-1.db"))
    assert result.exit_code == 0, result.output
    assert "toàn vẹn" in result.output
    assert _states(live) == backed_up
    assert _run("audit", "verify").exit_code == 0


def test_backup_never_overwrites(live: App, tmp_path: Path) -> None:
    target = tmp_path / "tdkt.db.bak"
    assert _run("backup", str(target)).exit_code == 0
    result = _run("backup", str(target))
    assert result.exit_code == 1 and "đã có" in str(result.exception)


@pytest.mark.parametrize("content", [b"", b"not a database at all" * 100])
def test_a_bad_file_is_refused_and_the_live_data_stays(
    live: App, tmp_path: Path, content: bytes
) -> None:
    draft(live, "GK_CDCT")
    before = _states(live)
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    result = _run("restore", str(bad))
    assert result.exit_code == 1
    assert "không phải bản sao lưu CSDL tdkt hợp lệ" in str(result.exception)
    assert _states(live) == before
