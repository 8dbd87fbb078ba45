"""Dates on the command line (issue 20): both ways of writing, Vietnamese errors, no traceback."""

from __future__ import annotations

from datetime import date

from typer.testing import CliRunner

from awards.cli import app as cli
from awards.cli.dates import parse_day


def test_both_ways_of_writing_a_day() -> None:
    assert parse_day("31/12/2025", "--due") == date(2025, 12, 31)
    assert parse_day("2025-12-31", "--due") == date(2025, 12, 31)
    assert parse_day(" 3/3/2023 ", "--issued-on") == date(2023, 3, 3)


def test_an_impossible_or_foreign_date_says_what_is_wrong() -> None:
    runner = CliRunner()
    for typed, says in (
        ("2025-02-30", "--due: ngày 30 không có trong tháng 2/2025 (tháng này có 28 ngày)."),
        ("31/13/2025", "--due: '31/13/2025' có tháng 13, không có tháng này (1–12)."),
        ("ngày mai", "--due: 'ngày mai' không phải ngày; viết dd/mm/yyyy (ví dụ 31/12/2025)."),
    ):
        result = runner.invoke(
            cli, ["dossier", "move", "HS-2025-000001", "receive", "--due", typed]
        )
        assert result.exit_code == 2, result.output
        assert f"Lỗi: {says}" in result.output
        assert (
            "Traceback" not in result.output
            and result.exception is None
            or isinstance(result.exception, SystemExit)
        )
