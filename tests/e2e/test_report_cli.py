"""The report, documents, import and template commands against a real SQLite database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from awards.bootstrap import App
from awards.cli import app as cli
from awards.services.org.units import DATA, add_units, read_units_csv
from awards.settings import get_settings
from tests.support.escalation import escalated_to_ubnd
from tests.support.lifecycle import build_org


@pytest.fixture
def env(sqlite_tdkt: App, monkeypatch: pytest.MonkeyPatch) -> Iterator[App]:
    monkeypatch.setenv("TDKT_DATA_DIR", str(sqlite_tdkt.settings.data_dir))
    monkeypatch.setenv("TDKT_DATABASE_URL", sqlite_tdkt.settings.effective_database_url)
    monkeypatch.setenv("TDKT_REPORT_RECIPIENTS", "a@ldld.example, b@ldld.example")
    get_settings.cache_clear()
    yield sqlite_tdkt
    get_settings.cache_clear()


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_so_ket_json_and_issued_files(env: App, tmp_path: Path) -> None:
    build_org(env)
    figures = json.loads(
        _run(
            "report",
            "so-ket",
            "--level",
            "LDLD-LC",
            "--year",
            "2025",
            "--half",
            "1",
            "--format",
            "json",
        )
    )
    assert figures["start"] == "2025-01-01" and figures["end"] == "2025-05-31"
    out = _run(
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
        "--out",
        str(tmp_path),
    )
    assert "Báo cáo số 01/BC-LĐLĐ; 2 thư chờ gửi." in out
    doc = Document(str(tmp_path / "bao-cao-so-ket-LDLD-LC-2025-1.docx"))
    assert doc.tables[0].cell(1, 0).paragraphs[0].text == "Số: 01/BC-LĐLĐ"  # under the issuer
    tong_ket = (
        "report",
        "tong-ket",
        "--level",
        "LDLD-LC",
        "--year",
        "2025",
        "--out",
        str(tmp_path),
    )
    assert "Báo cáo số 02/BC-LĐLĐ" in _run(*tong_ket, "--issued-on", "05/12/2025")
    assert "Báo cáo số 02/BC-LĐLĐ" in _run(*tong_ket, "--issued-on", "20/12/2025")  # same year
    # Re-issued on 06/01/2026 it is a 2026 document: the 2026 register starts again at 01, and
    # the next 2026 document (a sơ kết dated 08/06/2026) takes 02, never the same number.
    assert "Báo cáo số 01/BC-LĐLĐ" in _run(*tong_ket, "--issued-on", "06/01/2026")
    so_ket_2026 = ["report", "so-ket", "--level", "LDLD-LC", "--year", "2026", "--half", "1"]
    out = _run(*so_ket_2026, "--issued-on", "08/06/2026", "--out", str(tmp_path))
    assert "Báo cáo số 02/BC-LĐLĐ" in out


def test_programme_commands(env: App, tmp_path: Path) -> None:
    from awards.services.org.units import load_unit_kinds

    load_unit_kinds(env.uow)
    add_units(env.uow, read_units_csv(DATA / "laichau-units.csv"))
    _run("report", "load-programme")
    template = tmp_path / "sk.csv"
    _run("template", "records", str(template))
    template.write_text(
        template.read_text(encoding="utf-8-sig") + "THAN-UYEN,01/02/2022,TU-1,Cải tiến,,\n",
        encoding="utf-8",
    )
    assert "Đã ghi 1 dòng" in _run(
        "import", "records", str(template), "--programme", "MOT-TRIEU-SK"
    )
    table = _run("report", "programme", "MOT-TRIEU-SK", "--on", "10/11/2022")
    (than_uyen,) = [line for line in table.splitlines() if "Than Uyên" in line]
    assert than_uyen.split()[-3:] == ["240", "1", "0%"]
    _run("report", "programme", "MOT-TRIEU-SK", "-f", "xlsx", "-o", str(tmp_path / "b.xlsx"))
    assert (tmp_path / "b.xlsx").stat().st_size > 0


def test_a_bad_import_exits_with_the_reasons(env: App, tmp_path: Path) -> None:
    build_org(env)
    bad = tmp_path / "dn.csv"
    _run("template", "nominations", str(bad))
    bad.write_text(
        bad.read_text(encoding="utf-8-sig") + "CS9,GK_CDCT,ca_nhan,DV1,,,,,X\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["import", "nominations", str(bad), "--round", "TK-2025"])
    assert result.exit_code != 0
    assert "dòng 2, cột “Mã đơn vị đề nghị”: không có đơn vị mã 'CS9'" in result.output


def test_documents_to_trinh(env: App, tmp_path: Path) -> None:
    escalated_to_ubnd(env)
    out = _run("documents", "to-trinh", "TK-2025", "--unit", "LDLD-LC", "--out", str(tmp_path))
    assert "/TTr-LĐLĐ" in out and len(list(tmp_path.glob("*.docx"))) == 3
