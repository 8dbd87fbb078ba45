"""`tdkt round …` on both backends: open, list, show, extend, deadlines, close, and its errors."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import col, select

from awards.bootstrap import App
from awards.model import OutboxMessage, Round, RoundEvent
from tests.integration.cli_fixtures import Run, cli_runner
from tests.integration.lifecycle_fixtures import build_org, draft


@pytest.fixture
def run(tdkt: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Run]:
    build_org(tdkt)
    yield from cli_runner(tdkt, tmp_path, monkeypatch)


def test_round_commands(tdkt: App, run: Run) -> None:
    out = run(
        "round", "open", "CD-2026",
        "--name", "Thi đua chuyên đề Chuyển đổi số 2026",
        "--organiser", "LDLD-LC",
        "--deadline", "20/11/2026",
        "--movement", "CDS",
        "--movement-name", "Chuyển đổi số",
        "--level-deadline", "4=2026-11-10",
        "--phase", "Đăng ký thi đua:01/01/2026:31/03/2026",
        "--award", "GK_CDCT",
        "--registration",
        "--by", "Tòng Văn Minh",
    )  # fmt: skip
    assert out.strip() == (
        "Đã mở đợt CD-2026: Thi đua chuyên đề Chuyển đổi số 2026 (01/01/2026–31/12/2026), "
        "hạn nộp 20/11/2026."
    )
    listed = run("round", "list", "--today", "2026-11-21")
    assert (
        "CD-2026 · Thi đua chuyên đề Chuyển đổi số 2026 · Liên đoàn Lao động tỉnh Lai Châu"
        in listed
    )
    assert "hạn nộp 20/11/2026 · đã quá hạn nộp · 0 hồ sơ" in listed
    assert "TK-2025" in listed

    shown = run("round", "show", "CD-2026")
    for line in (
        "Phong trào: Chuyển đổi số",
        "Hạn nộp: 20/11/2026",
        "riêng công đoàn cơ sở: 10/11/2026",
        "Đăng ký thi đua: bắt buộc",
        "Hình thức nhận: Giấy khen của Công đoàn cấp trên trực tiếp cơ sở",
        "Giai đoạn Đăng ký thi đua: 01/01/2026–31/03/2026",
        "Tòng Văn Minh: Mở đợt",
    ):
        assert line in shown

    code = draft(tdkt, "GK_CDCT")  # CS1 has an unsent dossier: it is told of the extension
    out = run(
        "round", "extend", "TK-2025", "--unit", "CS1", "--until", "28/11/2025",
        "--reason", "Mưa lũ", "--today", "21/11/2025", "--by", "Tòng Văn Minh",
    )  # fmt: skip
    assert "Đã gia hạn đợt TK-2025 cho đơn vị CS1 đến 28/11/2025" in out
    assert "Thư báo gia hạn vào hàng gửi cho 1 đơn vị." in out
    assert "Gia hạn cho Công đoàn Trường Tiểu học Mường Kim đến 28/11/2025: Mưa lũ" in run(
        "round", "show", "TK-2025"
    )
    shown = run("dossier", "show", code)
    assert "Đơn vị được gia hạn nộp đến hết 28/11/2025 (hạn cũ 20/11/2025): Mưa lũ" in shown
    out = run(
        "round", "deadlines", "TK-2025", "--deadline", "2025-11-25", "--reason", "Công văn 12",
        "--today", "2025-11-21",
    )  # fmt: skip
    assert out.strip() == "Đợt TK-2025: hạn nộp 25/11/2025, kết thúc 31/12/2025."
    assert run("round", "close", "TK-2025", "--on", "30/11/2025").strip() == (
        "Đã đóng đợt TK-2025: nhận hồ sơ đến hết 30/11/2025."
    )
    assert "Đã đóng: nhận hồ sơ đến hết 30/11/2025" in run("round", "show", "TK-2025")

    with tdkt.uow(write=False) as uow:
        rnd = uow.session.exec(select(Round).where(col(Round.code) == "TK-2025")).one()
        kinds = [
            e.kind
            for e in uow.session.exec(
                select(RoundEvent)
                .where(col(RoundEvent.round_id) == rnd.id)
                .order_by(col(RoundEvent.id))
            )
        ]
        mails = list(
            uow.session.exec(
                select(OutboxMessage).where(col(OutboxMessage.kind) == "round_extended")
            )
        )
    assert kinds == ["opened", "extended", "deadlines_changed", "closed"]
    assert rnd.closed_on == date(2025, 11, 30) and rnd.submission_deadline == date(2025, 11, 25)
    assert [m.recipient for m in mails] == ["cs1@tdkt.example"]


def test_round_errors_are_messages(run: Run) -> None:
    err = run("round", "show", "KHONG-CO", code=1)
    assert "Lỗi: Không có đợt thi đua mã 'KHONG-CO'; các đợt hiện có: TK-2025." in err
    err = run(
        "round", "extend", "TK-2025", "--all", "--until", "31/02/2025", "--reason", "x", code=2
    )
    assert "'31/02/2025' không đọc được; viết dạng dd/mm/yyyy" in err
    err = run(
        "round", "extend", "TK-2025", "--all", "--until", "01/11/2025", "--reason", "Mưa lũ",
        "--today", "2025-11-21",
    code=1)  # fmt: skip
    assert "Lỗi: Ngày gia hạn 01/11/2025 phải sau hôm nay (21/11/2025)." in err
    err = run("round", "extend", "TK-2025", "--until", "28/11/2025", "--reason", "x", code=2)
    assert "chọn đúng một trong --unit MÃ hoặc --all" in err
    err = run(
        "round", "open", "TK-2025", "--name", "Trùng", "--organiser", "LDLD-LC",
        "--deadline", "2025-11-20",
    code=1)  # fmt: skip
    assert "Lỗi: Đã có đợt mã 'TK-2025'; chọn mã khác." in err
    err = run(
        "round", "open", "X", "--name", "X", "--organiser", "LDLD-LC", "--deadline", "2025-11-20",
        "--level-deadline", "co-so=2025-11-10",
    code=2)  # fmt: skip
    assert "CẤP=NGÀY" in err
    assert "Traceback" not in err
