"""The Mermaid diagram is drawn from the table: every move appears, and the text is stable."""

import os
import subprocess
import sys
from pathlib import Path

from states import TERMINAL_STATES, TRANSITIONS, DossierState
from states.diagram import edge_label, mermaid


def test_every_transition_is_drawn() -> None:
    lines = mermaid().splitlines()
    for move in TRANSITIONS:
        assert f"    {move.source} --> {move.dest}: {edge_label(move)}" in lines, move
    edges = [line for line in lines if "-->" in line and "[*]" not in line]
    assert len(edges) == len(TRANSITIONS)


def test_start_end_and_state_labels() -> None:
    text = mermaid()
    assert text.startswith('stateDiagram-v2\n    state "Nháp" as draft\n')
    assert "    [*] --> draft\n" in text
    ends = {line.split()[0] for line in text.splitlines() if line.endswith("--> [*]")}
    assert ends == {str(s) for s in TERMINAL_STATES}
    assert all(f'state "{s.label}" as {s}' in text for s in DossierState)


def test_edges_carry_vietnamese_verbs_and_guards() -> None:
    text = mermaid()
    assert (
        "    approved --> awarded: quyết định khen thưởng [có thẩm quyền & đã xong công khai]"
        in text
    )
    assert "    on_hold --> eligible: tiếp tục\n" in text


def test_output_is_stable() -> None:
    # Another process with another hash seed: no set or dict ordering may leak into the text.
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONIOENCODING": "utf-8"}
    code = "from states.diagram import mermaid; print(mermaid(), end='')"
    root = Path(__file__).parents[3]
    other = subprocess.run(
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, check=True
    )
    assert other.stdout.decode("utf-8") == mermaid()
    assert mermaid().count("\n") == 1 + len(DossierState) + 1 + len(TRANSITIONS) + len(
        TERMINAL_STATES
    )
