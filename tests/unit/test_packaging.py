"""The names rules, states, flows and notifications also exist on PyPI: ours must win."""

import hashlib
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", ["rules", "states", "flows", "notifications", "awards"])
def test_package_resolves_inside_the_repository(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__file__ is not None
    assert Path(module.__file__).resolve().parent == ROOT / name


SEED_CSV_SHA256 = "628f13068cc2dc7957d1712ddaaf79cbaf6eb3146ba8ba9c05ec612d14152bb7"


def test_vendored_seed_units_csv_is_unchanged() -> None:
    """The copy in awards/data is the shared seed file, byte for byte (checked by hash, and
    against ../shared itself when it sits beside the project, as in CI)."""
    ours = (ROOT / "awards" / "data" / "laichau-units.csv").read_bytes()
    assert hashlib.sha256(ours).hexdigest() == SEED_CSV_SHA256
    shared = ROOT.parent / "shared" / "data" / "laichau-units.csv"
    if shared.exists():
        assert ours == shared.read_bytes()
