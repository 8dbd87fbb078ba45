"""The README and docs/ stay true: generated parts current, links and named paths existing.

Each failure says what to run to bring the page back in step.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from awards.cli.reference import COMMAND, OUT, reference
from awards.settings import settings_env_names
from bench.__main__ import END, START, TABLE_DOC, write_table
from states.diagram import mermaid

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
PAGES = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
# A repository path in backticks: it must exist (placeholders such as <data> are not paths).
REPO_PATH = re.compile(
    r"`((?:awards|rules|states|flows|notifications|bench|tests|docs|\.ci)/[\w./-]*[\w/])`"
)


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_readme_quick_start_is_two_commands() -> None:
    quick = read(ROOT / "README.md").split("## Quick start", 1)[1].split("```sh", 1)[1]
    block = quick.split("```", 1)[0].strip()
    commands = [line.split("#")[0].strip() for line in block.splitlines()]
    assert commands == ["make demo", "make test"]


def test_readme_is_short() -> None:
    assert len(read(ROOT / "README.md").splitlines()) <= 150, "move the detail to docs/"


def test_lifecycle_diagram_is_current() -> None:
    diagram = f"```mermaid\n{mermaid().strip()}\n```"
    assert diagram in read(DOCS / "lifecycle.md"), (
        "docs/lifecycle.md: run `tdkt states diagram` and paste it over the mermaid block"
    )


def test_settings_table_has_one_row_per_setting() -> None:
    table = read(DOCS / "operating.md").split("## Settings", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(TDKT_[A-Z_]+)` \|", table, flags=re.MULTILINE)
    assert sorted(rows) == sorted(settings_env_names()), (
        "docs/operating.md: the settings table must list every field of awards.settings.Settings"
    )


def test_cli_reference_is_current() -> None:
    assert OUT == DOCS / "cli-reference.md"
    assert read(OUT) == reference(), f"docs/cli-reference.md is stale: run `{COMMAND}`"


def test_bench_table_markers_are_in_the_performance_page() -> None:
    text = read(TABLE_DOC)
    assert TABLE_DOC == DOCS / "performance.md"
    assert text.count(START) == 1 and text.count(END) == 1 and text.index(START) < text.index(END)


def test_bench_rewrites_only_the_table_between_the_markers(tmp_path: Path) -> None:
    page = tmp_path / "performance.md"
    page.write_text(read(TABLE_DOC), encoding="utf-8")
    write_table(["| benchmark | what |", "|---|---|"], page)
    head, rest = read(TABLE_DOC).split(START, 1)
    tail = rest.split(END, 1)[1]
    assert read(page) == f"{head}{START}\n| benchmark | what |\n|---|---|\n{END}{tail}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_links_and_named_paths_exist(page: Path) -> None:
    text = read(page)
    links = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text)
    missing = [link for link in links if "://" not in link and not (page.parent / link).exists()]
    missing += [p for p in REPO_PATH.findall(text) if not (ROOT / p).exists()]
    assert not missing, f"{page.relative_to(ROOT)} names what does not exist: {missing}"
