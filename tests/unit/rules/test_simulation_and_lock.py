"""Simulating a changed threshold over a generated batch; the version bump guard."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from rules import DEFAULT_PACK, NomineeFacts, load_policy_set
from rules.simulation import simulate
from rules.version_lock import LOCK_NAME, check_version_lock, read_lock, update_version_lock

PACK = load_policy_set()


def draft_pack(tmp_path: Path, old: str, new: str, version: str | None = "2.0.0") -> Path:
    root = tmp_path / "policies"
    shutil.copytree(DEFAULT_PACK, root)
    policy = root / "cstd-tinh" / "policy.yaml"
    text = policy.read_text(encoding="utf-8").replace(old, new)
    if version:
        text = text.replace("version: 1.0.0", f"version: {version}")
    policy.write_text(text, encoding="utf-8")
    return root


def generated_batch(n: int, seed: int = 7) -> list[NomineeFacts]:
    rng, batch = random.Random(seed), []
    for i in range(n):
        streak = rng.randint(0, 4)
        years = [2025 - k for k in range(streak)]
        history = [{"year": y, "titles": ["LDTT", "CSTDCS"]} for y in years]
        history.append({"year": 2025 - streak - 1 if streak < 4 else 2020, "titles": ["LDTT"]})
        if rng.random() < 0.8:
            history.append({"year": 2019, "initiatives": [{"scope": "tinh"}]})
            history[0] = history[0] | {"initiatives": [{"scope": "tinh"}]}
        facts = {"nominee_kind": "ca_nhan", "round_year": 2025, "award_code": "CSTD_TINH"}
        facts |= {"dossier_code": f"HS-{i:04d}", "history": history}
        facts |= {"is_direct_worker": rng.random() < 0.3, "unit_code": f"U{i % 3}"}
        batch.append(NomineeFacts.model_validate(facts))
    return batch


def test_lowering_the_streak_threshold_flips_exactly_the_two_year_streaks(tmp_path: Path) -> None:
    draft = load_policy_set(draft_pack(tmp_path, "min_years: 3}", "min_years: 2}"))
    batch = generated_batch(300)
    report = simulate(PACK, draft, batch)
    has_initiative = {
        f.dossier_code for f in batch if any(r.initiatives and r.year >= 2023 for r in f.history)
    }
    streak_two = {
        f.dossier_code
        for f in batch
        if {r.year for r in f.history if "CSTDCS" in r.titles} == {2025, 2024}
    }
    assert {f.dossier_code for f in report.flips} == streak_two & has_initiative
    assert all(not f.eligible_before and f.eligible_after for f in report.flips)
    assert all(f.failed_before == ("ba-lan-cstdcs",) for f in report.flips)
    assert report.eligible_after - report.eligible_before == len(report.flips) > 0
    assert report.draft_version != report.current_version
    assert 0 < report.direct_worker_share_before < 1


def test_the_default_pack_matches_its_lock() -> None:
    assert check_version_lock(PACK, read_lock(DEFAULT_PACK / LOCK_NAME)) == []


def test_content_changed_without_a_version_bump_is_reported(tmp_path: Path) -> None:
    root = draft_pack(tmp_path, "min_years: 3}", "min_years: 2}", version=None)
    problems = check_version_lock(load_policy_set(root), read_lock(root / LOCK_NAME))
    assert (
        len(problems) == 1 and "cstd-tinh@1.0.0 đã thay đổi nhưng chưa tăng version" in problems[0]
    )
    assert update_version_lock(load_policy_set(root), root / LOCK_NAME) == problems


def test_a_bumped_version_must_be_recorded_on_purpose(tmp_path: Path) -> None:
    root = draft_pack(tmp_path, "min_years: 3}", "min_years: 2}")
    (problem,) = check_version_lock(load_policy_set(root), read_lock(root / LOCK_NAME))
    assert "cstd-tinh@2.0.0 chưa được ghi" in problem
    assert update_version_lock(load_policy_set(root), root / LOCK_NAME) == []
    assert check_version_lock(load_policy_set(root), read_lock(root / LOCK_NAME)) == []


@pytest.mark.parametrize("edit", ["# a comment\n", "\n\n"])
def test_formatting_and_comments_need_no_bump(tmp_path: Path, edit: str) -> None:
    root = draft_pack(tmp_path, "id: cstd-tinh\n", "id: cstd-tinh\n" + edit, version=None)
    assert check_version_lock(load_policy_set(root), read_lock(root / LOCK_NAME)) == []
