"""The rules benchmark's entry point works and its hand-written peer agrees with the engine."""

from __future__ import annotations

from bench.rules_bench import run


def test_bench_run_agrees_with_the_handwritten_predicates() -> None:
    result = run(quick=True, n=260, runs=1)
    assert result["n"] == 260 and result["mismatches_engine_vs_handwritten"] == 0
    assert result["mismatches_cel_vs_engine"] == 0
    assert set(result["ratios"]) >= {"engine_vs_handwritten", "explained_vs_handwritten"}
