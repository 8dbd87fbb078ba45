"""`tdkt decision …` as an office types it, on both backends: preview, issue, list, show."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import col, func, select

from awards.bootstrap import App
from awards.model import Dossier, IssuedNumber
from tests.support.cli import tdkt_cli
from tests.support.decisions import approved_at_level
from tests.support.documents import docx_text

WHERE = ["--round", "TK-2025", "--level", "THAN-UYEN"]


def _run(*args: str, code: int = 0) -> str:
    result = tdkt_cli(*args)
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.output


def _numbers(app: App) -> int:
    with app.uow(write=False) as uow:
        return int(uow.session.exec(select(func.count()).select_from(IssuedNumber)).one())


def test_preview_then_issue_list_and_show(db: App, tmp_path: Path) -> None:
    codes = approved_at_level(db, with_org=False)
    before = _numbers(db)
    out = _run("decision", "preview", *WHERE, "--out", str(tmp_path / "draft"))
    assert "Dự thảo quyết định: Giấy khen" in out and "3 hồ sơ" in out
    assert _numbers(db) == before  # a preview never takes a number
    out = _run(
        "decision", "issue", *WHERE, "--signer", "Hoàng Thọ Trung", "--date", "20/12/2025",
        "--out", str(tmp_path),
    )  # fmt: skip
    assert "Quyết định số 01/QĐ-LĐLĐ: Giấy khen" in out
    text = docx_text((tmp_path / "quyet-dinh-01-QĐ-LĐLĐ.docx").read_bytes())
    assert "(Kèm theo Quyết định số 01/QĐ-LĐLĐ ngày 20/12/2025" in text
    with db.uow(write=False) as uow:
        states = uow.session.exec(select(Dossier.state).where(col(Dossier.code).in_(codes)))
        assert set(states) == {"awarded"}
    listed = _run("decision", "list", "--level", "THAN-UYEN")
    assert "QĐ-TK-2025-001  Số 01/QĐ-LĐLĐ ngày 20/12/2025" in listed
    shown = _run("decision", "show", "QĐ-TK-2025-001", "--out", str(tmp_path / "qd.docx"))
    assert "Người ký: Hoàng Thọ Trung" in shown and ", ".join(codes) in shown
    assert (tmp_path / "qd.docx").read_bytes() == (
        tmp_path / "quyet-dinh-01-QĐ-LĐLĐ.docx"
    ).read_bytes()


def test_an_issue_with_nothing_to_decide_says_why_and_writes_nothing(db: App) -> None:
    before = _numbers(db)
    out = _run("decision", "issue", *WHERE, "--signer", "Hoàng Thọ Trung", code=1)
    assert "Không có hồ sơ nào của đợt TK-2025" in out
    assert _numbers(db) == before
    out = _run("decision", "show", "QĐ-KHONG-CO", code=1)
    assert "tdkt decision list" in out
