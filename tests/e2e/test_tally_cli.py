"""`tdkt council session tellers` and `… tally` on both backends."""

from __future__ import annotations

from pathlib import Path

from awards.bootstrap import App
from awards.services.council import close_session, vote
from tests.support.cli import tdkt_cli
from tests.support.council import NOW, SECRETARY, attend, council, eligible, session
from tests.support.documents import docx_text


def test_tellers_then_the_tally_file(db: App, tmp_path: Path) -> None:
    members = council(db)
    codes = eligible(db, "CSTD_TINH", ["DV1"])
    code = session(db)
    attend(db, code, members)
    for m in members:
        vote(db.uow, code, m, "yes", SECRETARY, NOW, dossier_codes=codes)
    early = tdkt_cli("council", "session", "tally", code, str(tmp_path / "x.docx"))
    assert early.exit_code == 1 and "không có biên bản kiểm phiếu" in early.output
    done = tdkt_cli(
        "council", "session", "tellers", code, "--name", "Lò Thị Mai", "--name", "Tòng Văn Bình"
    )
    assert done.exit_code == 0, done.output
    assert "(Trưởng ban: Lò Thị Mai)" in done.output
    close_session(db.uow, code, SECRETARY, NOW)
    out = tmp_path / "kiem-phieu.docx"
    result = tdkt_cli("council", "session", "tally", code, str(out))
    assert result.exit_code == 0, result.output
    assert "1. Lò Thị Mai, Trưởng ban;" in docx_text(out.read_bytes())
    late = tdkt_cli("council", "session", "tellers", code, "--name", "Ai Đó")
    assert late.exit_code == 1 and "đã kết thúc" in late.output
