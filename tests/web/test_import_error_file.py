"""The rejected rows of an import as a file with an error column (issue 20): downloaded after a
web upload, written by `tdkt import nominations --errors FILE`; on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from awards.bootstrap import App
from awards.services.nomination.tabular import ERROR_LABEL, columns_of
from tests.support.cli import Run, cli_runner
from tests.support.screens import BAD_ROW, GOOD_ROW, nominations_xlsx
from tests.support.web import build_world, client_for, login, make_user


@pytest.fixture
def world(tdkt: App) -> App:
    build_world(tdkt)
    return tdkt


@pytest.fixture
def run(world: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Run]:
    yield from cli_runner(world, tmp_path / "cli-data", monkeypatch)


def cells(data: bytes) -> list[list[str]]:
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def check_rejected(data: bytes) -> None:
    table = cells(data)
    assert table[0] == [c.label for c in columns_of("nominations")] + [ERROR_LABEL]
    (row,) = table[1:]  # only the bad row, as it was typed, with every reason of it
    assert row[:2] == BAD_ROW[:2]
    assert "dòng 3, Mã hình thức: không có hình thức mã 'KHONG_CO'" in row[-1]
    assert "Mã đoàn viên" in row[-1]


@pytest.mark.postgres
def test_the_upload_offers_the_rejected_rows_as_xlsx(world: App) -> None:
    client = client_for(world)
    token = login(client, make_user(world, "hoa", "unit_officer", "CS1"))["X-CSRF-Token"]

    def upload(**extra: str) -> str:
        return client.post(
            "/nominate/upload",
            data={"csrf_token": token, "round_code": "TK-2025", **extra},
            files={"file": ("ds.xlsx", io.BytesIO(nominations_xlsx(GOOD_ROW, BAD_ROW)), "x")},
        ).text

    for page in (upload(), upload(valid_only="true")):  # refused whole, or the good row written
        link = re.search(r'<a href="(/nominate/errors/[\w-]+\.xlsx)" download', page)
        assert link, page
        got = client.get(link.group(1))
        assert got.status_code == 200 and got.headers["content-type"].startswith(
            "application/vnd.openxmlformats"
        )
        check_rejected(got.content)
    # another account cannot read it; a made-up token names nothing
    other = client_for(world)
    login(other, make_user(world, "lan", "unit_officer", "CS1"))
    assert other.get(link.group(1)).status_code == 404
    gone = client.get("/nominate/errors/khong-co-tep-nay-1234.xlsx")
    assert gone.status_code == 404 and "tải tệp lên lại" in gone.text


@pytest.mark.postgres
def test_the_cli_writes_the_error_file(world: App, run: Run, tmp_path: Path) -> None:
    upload = tmp_path / "ds.xlsx"
    upload.write_bytes(nominations_xlsx(GOOD_ROW, BAD_ROW))
    errors = tmp_path / "loi.xlsx"
    refused = run(
        "import", "nominations", str(upload), "--round", "TK-2025", "--errors", str(errors), code=1
    )
    assert "không ghi dòng nào" in refused and str(errors) in refused
    check_rejected(errors.read_bytes())
    errors.unlink()
    out = run(
        "import",
        "nominations",
        str(upload),
        "--round",
        "TK-2025",
        "--valid-only",
        "--errors",
        str(errors),
    )
    assert "Đã ghi 1 dòng; bỏ 1 dòng lỗi." in out and str(errors) in out
    check_rejected(errors.read_bytes())
    # fixed in the error file itself (its "Lỗi" column is ignored), it imports
    book = load_workbook(errors)
    sheet = book.worksheets[0]
    sheet["B2"] = "GK_CDCT"
    sheet["D2"] = "DV2"
    book.save(errors)
    assert "Đã ghi 1 dòng; bỏ 0 dòng lỗi." in run(
        "import", "nominations", str(errors), "--round", "TK-2025"
    )
