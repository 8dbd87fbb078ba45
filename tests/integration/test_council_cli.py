"""`tdkt council …` against a real database: set up, delegate, hold and close a session."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from awards.bootstrap import App
from awards.cli import app as cli
from tests.support.council import eligible
from tests.support.lifecycle import build_org


def test_cli_holds_a_session(
    sqlite_tdkt: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_org(sqlite_tdkt)
    codes = eligible(sqlite_tdkt, "GK_CDCT", ["DV1", "DV2"])
    monkeypatch.setenv("TDKT_DATABASE_URL", sqlite_tdkt.settings.effective_database_url)
    monkeypatch.setenv("TDKT_DATA_DIR", str(tmp_path))
    from awards.settings import get_settings

    get_settings.cache_clear()
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(cli, list(args))
        assert result.exit_code == 0, result.output
        return result.output

    out = run(
        "council",
        "setup",
        "--unit",
        "THAN-UYEN",
        "--name",
        "Hội đồng TĐKT huyện Than Uyên",
        "--place",
        "Than Uyên",
        "--valid-from",
        "2025-01-01",
    )
    assert "Hội đồng số 1" in out
    roles = ["chu_tich", "thu_ky", "uy_vien"]
    for n, role in enumerate(roles):
        run(
            "council",
            "add-member",
            "1",
            f"Thành viên {n}",
            "--role",
            role,
            "--valid-from",
            "2025-01-01",
        )
    run(
        "council",
        "delegate",
        "3",
        "--substitute",
        "Lò Thị Xuân",
        "--valid-from",
        "2025-12-09",
        "--valid-to",
        "2025-12-11",
        "--reason",
        "Đi công tác",
    )
    assert "Lò Thị Xuân" in run("council", "members", "THAN-UYEN", "--on", "2025-12-10")
    out = run("council", "session", "open", "THAN-UYEN", "TK-2025", "--held-on", "2025-12-10")
    code = out.split()[2].rstrip(":")
    assert "GK_CDCT: 2" in out
    run("council", "session", "attend", code, "1")
    run("council", "session", "attend", code, "2")
    run("council", "session", "attend", code, "3", "--presence", "substitute")
    for member in ("1", "2", "3"):
        run("council", "session", "vote", code, member, "yes", "--award", "GK_CDCT")
    second = runner.invoke(
        cli, ["council", "session", "vote", code, "1", "no", "--dossier", codes[0]]
    )
    assert second.exit_code == 1 and "đã biểu quyết hồ sơ" in str(second.exception)
    assert "approved" in run("council", "session", "approve-batch", code, "GK_CDCT")
    out = run("council", "session", "close", code, "--decision-no", "25/QĐ-LĐLĐ", "--signer", "A")
    assert "thông qua 2/2" in out and "awarded" in out
    target = tmp_path / "bb.docx"
    assert "01/BB-HĐTĐKT" in run("council", "session", "minutes", code, str(target))
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "Hội đồng thông qua 2/2 hồ sơ" in text
    shown = run("council", "session", "show", code)
    assert "closed · có mặt 3/3" in shown and "đồng ý 3, không 0" in shown
    get_settings.cache_clear()
