"""The names rules, states, flows and notifications also exist on PyPI: ours must win."""

import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", ["rules", "states", "flows", "notifications", "awards"])
def test_package_resolves_inside_the_repository(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__file__ is not None
    assert Path(module.__file__).resolve().parent == ROOT / name


def test_seed_units_csv_is_the_shared_one() -> None:
    shared = ROOT.parent / "shared" / "data" / "laichau-units.csv"
    if not shared.exists():
        pytest.skip("../shared is not beside the project")
    ours = ROOT / "awards" / "data" / "laichau-units.csv"
    assert ours.read_bytes() == shared.read_bytes()
