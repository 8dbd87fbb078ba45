"""docs/ stays true: generated parts current.

Each failure says what to run to bring the page back in step.
"""

from __future__ import annotations

from pathlib import Path

from awards.cli.reference import COMMAND, OUT, reference

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_cli_reference_is_current() -> None:
    assert OUT == DOCS / "cli-reference.md"
    assert read(OUT) == reference(), f"docs/cli-reference.md is stale: run `{COMMAND}`"
