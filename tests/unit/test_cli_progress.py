"""Progress bars of the long commands: drawn on a terminal, nothing at all when piped."""

from __future__ import annotations

import io
import os
import subprocess
import sys

from awards.cli.progress import bar, steps

# What a rich bar leaves in its output: the bar, spinners, cursor movements.
BAR_MARKS = ("━", "\x1b[", "\r", "⠋", "0:00:")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_bar_is_drawn_on_a_terminal() -> None:
    tty = Terminal()
    with bar("Thẩm định", stream=tty) as progress:
        for done in range(0, 101, 25):
            progress(done, 100)
    assert "Thẩm định" in tty.getvalue() and "100/100" in tty.getvalue()
    assert any(mark in tty.getvalue() for mark in BAR_MARKS)


def test_nothing_is_drawn_when_piped() -> None:
    piped = io.StringIO()
    with steps("Trình diễn", 4, stream=piped) as progress:
        for done in range(1, 5):
            progress(done, 4)
    assert piped.getvalue() == ""


def test_a_piped_command_prints_no_progress_characters(tmp_path) -> None:
    """`tdkt mail deliver | cat`: the real command, its stdout and stderr both pipes."""
    env = {**os.environ, "TDKT_DATA_DIR": str(tmp_path), "TDKT_DATABASE_URL": ""}
    subprocess.run(
        [sys.executable, "-m", "awards.cli", "db", "upgrade"],
        env=env,
        check=True,
        capture_output=True,
    )
    done = subprocess.run(
        [sys.executable, "-m", "awards.cli", "mail", "deliver"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.startswith("Đã gửi 0 thư")
    for mark in BAR_MARKS:
        assert mark not in done.stdout + done.stderr, mark
