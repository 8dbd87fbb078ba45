"""Giấy khen certificates of a real decision: a PDF per awardee and one merged file (CLI)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from awards.bootstrap import App
from awards.cli import app as cli
from awards.errors import NotFoundError
from awards.services.reporting.certificates import write_certificates
from awards.settings import get_settings
from states import Trigger
from tests.documents.forbidden import FORBIDDEN
from tests.documents.pdf import A4_PT, page_images, read_pdf
from tests.integration.lifecycle_fixtures import HOP, build_org, draft, drive


@pytest.fixture
def decided(sqlite_tdkt: App, monkeypatch: pytest.MonkeyPatch) -> Iterator[App]:
    """Giấy khen of LĐLĐ huyện Than Uyên for two people and CS1, decision 15/QĐ-LĐLĐ."""
    build_org(sqlite_tdkt)
    codes = [draft(sqlite_tdkt, "GK_CDCT", person=p) for p in ("DV1", "DV2")]
    codes.append(draft(sqlite_tdkt, "GK_CDCT", unit="CS1"))
    for code in codes:
        drive(sqlite_tdkt, code, [Trigger.submit, *HOP, Trigger.decide])
    monkeypatch.setenv("TDKT_DATA_DIR", str(sqlite_tdkt.settings.data_dir))
    monkeypatch.setenv("TDKT_DATABASE_URL", sqlite_tdkt.settings.effective_database_url)
    get_settings.cache_clear()
    yield sqlite_tdkt
    get_settings.cache_clear()


def test_a_certificate_per_awardee_and_one_merged_file(decided: App, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["documents", "certificates", "15/QĐ-LĐLĐ", "--level", "THAN-UYEN", "--out", str(tmp_path)],
    )
    assert result.exit_code == 0, result.output
    assert "Quyết định số 15/QĐ-LĐLĐ: 3 bản." in result.output
    singles = sorted(tmp_path.glob("15-QĐ-LĐLĐ-HS-*.pdf"))
    merged = read_pdf(tmp_path / "15-QĐ-LĐLĐ-tat-ca.pdf")
    assert len(singles) == 3 and len(merged.pages) == 3
    assert [len(read_pdf(p).pages) for p in singles] == [1, 1, 1]
    width, height = merged.page_size_pt
    assert (round(width), round(height)) == (round(A4_PT[1]), round(A4_PT[0]))  # landscape
    # Embedded serif fonts only, never the last-resort box glyphs of a missing letter.
    assert merged.fonts and all(
        f.startswith(("LiberationSerif", "TimesNewRoman", "DejaVuSerif")) for f in merged.fonts
    ), merged.fonts
    text = " ".join(merged.text.split())
    for phrase in (
        "GIẤY KHEN",
        "BAN THƯỜNG VỤ LIÊN ĐOÀN LAO ĐỘNG HUYỆN THAN UYÊN",
        "Bà Nguyễn Thị Hằng",
        "Công đoàn Trường Tiểu học Mường Kim",
        "Quyết định số 15/QĐ-LĐLĐ ngày 20/12/2025",
        "Hoàng Thọ Trung",
    ):
        assert phrase in text, phrase
    assert FORBIDDEN.findall(merged.text) == []
    assert page_images(merged.path, "giay-khen")


def test_an_unknown_decision_says_how_to_fix(decided: App, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="kiểm tra số quyết định"):
        write_certificates(decided.uow, "99/QĐ-LĐLĐ", "THAN-UYEN", tmp_path)
