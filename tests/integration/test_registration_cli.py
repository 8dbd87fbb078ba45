"""`tdkt registration …` and the nomination guard through the CLI, both backends: the period set
by the organiser, a refusal in Vietnamese without a traceback, the list of one unit, and an
import of nominations refusing an unregistered nominee of a round that requires registration."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from awards.bootstrap import App
from awards.services.nomination.tabular import write_rows
from tests.support.cli import Run, cli_runner
from tests.support.lifecycle import build_org
from tests.support.registrations import mark_required


@pytest.fixture
def run(tdkt: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Run]:
    build_org(tdkt)
    yield from cli_runner(tdkt, tmp_path, monkeypatch)


def test_the_period_the_list_and_a_refusal(run: Run) -> None:
    out = run(
        "registration", "period", "--round", "TK-2025", "--from", "02/01/2025",
        "--to", "31/03/2025", "--today", "02/01/2025",
    )  # fmt: skip
    assert "nhận đăng ký thi đua từ 02/01/2025 đến 31/03/2025" in out
    shown = run("round", "show", "TK-2025")
    assert "Đặt thời hạn đăng ký thi đua" in shown and "registration_period" not in shown
    add = ["registration", "add", "--round", "TK-2025", "--unit", "CS1", "--award", "LDTT"]
    assert "Đã đăng ký 2 mục" in run(
        *add, "--person", "DV1", "--person", "DV2", "--today", "10/01/2025"
    )
    refused = run(*add, "--person", "DV1", "--today", "10/01/2025", code=1)
    assert "DV1 đã đăng ký Lao động tiên tiến" in refused and "Traceback" not in refused
    outside = run(
        "registration", "period", "--round", "TK-2025", "--from", "01/03/2026",
        "--to", "31/03/2026", code=1,
    )  # fmt: skip
    assert "phải nằm trong thời gian của đợt 01/01/2025–31/12/2025" in outside
    listed = run("registration", "list", "--round", "TK-2025", "--unit", "CS1")
    assert "Đợt TK-2025: 2 đăng ký" in listed and "Nguyễn Thị Hằng (DV1)" in listed
    assert "Đã đăng ký; kết quả: Chưa đề nghị" in listed
    none = run("registration", "list", "--round", "TK-2025", "--unit", "TLD")
    assert "Đợt TK-2025: 2 đăng ký" in none  # TLD is above CS1


def test_an_import_of_nominations_refuses_the_unregistered(
    run: Run, tdkt: App, tmp_path: Path
) -> None:
    mark_required(tdkt)
    add = ["registration", "add", "--round", "TK-2025", "--unit", "CS1", "--award", "GK_CDCT"]
    run(*add, "--person", "DV1", "--today", "10/01/2025")
    path = tmp_path / "de-nghi.xlsx"
    rows = [
        ["CS1", "GK_CDCT", "Cá nhân", person, "", "", "không", "không", "Hoàn thành tốt nhiệm vụ"]
        for person in ("DV1", "DV2")
    ]
    path.write_bytes(write_rows("nominations", rows, "xlsx"))
    refused = run("import", "nominations", str(path), "--round", "TK-2025", "--valid-only")
    assert "Đã ghi 1 dòng; bỏ 1 dòng lỗi." in refused
    assert "dòng 3, cột “Mã đoàn viên”: Đợt TK-2025 chỉ xét các danh hiệu đã đăng ký" in refused
