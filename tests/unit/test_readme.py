"""The README's lifecycle diagram is the one generated from the transition table."""

from pathlib import Path

from states.diagram import mermaid

ROOT = Path(__file__).resolve().parents[2]


def test_readme_diagram_is_current() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"```mermaid\n{mermaid().strip()}\n```" in readme, "run `tdkt states diagram` and paste"


def test_readme_quick_start_is_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in quick.strip().splitlines()]
    assert commands == ["make demo", "make test"]
