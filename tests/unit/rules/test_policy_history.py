"""Dated policy history: v1 closed beside v2, the lock keeps v1 as released, dates are checked."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from awards.reports.citations import citation
from rules import DEFAULT_PACK, NomineeFacts, PolicySetError, evaluate, load_policy_set
from rules.history import family_history
from rules.version_lock import LOCK_NAME, check_version_lock, read_lock, update_version_lock
from tests.unit.rules.test_loader import GOOD, write_pack

V1: dict[str, Any] = dict(GOOD, version="1.0.0", effective_from="2019-01-01")
V2: dict[str, Any] = dict(GOOD, version="2.0.0", effective_from="2024-01-01")
FACTS = {"nominee_kind": "ca_nhan", "award_code": "LDTT", "dossier_code": "HS-1"}


def released(tmp_path: Path) -> Path:
    """A pack whose only version, v1 (open-ended), is recorded in its lock."""
    root = write_pack(tmp_path / "pack", {"a/policy.2019.yaml": V1})
    assert update_version_lock(load_policy_set(root), root / LOCK_NAME) == []
    return root


def problems(root: Path) -> list[str]:
    with pytest.raises(PolicySetError) as caught:
        load_policy_set(root)
    return [str(p) for p in caught.value.problems]


def test_closing_v1_and_adding_v2_needs_no_rewrite_of_v1(tmp_path: Path) -> None:
    root = released(tmp_path)
    write_pack(
        root, {"a/policy.2019.yaml": dict(V1, effective_to="2023-12-31"), "a/policy.yaml": V2}
    )
    pack = load_policy_set(root)
    # closing v1 is not an edit: only the new version waits to be recorded
    (pending,) = check_version_lock(pack, read_lock(root / LOCK_NAME))
    assert "thu-nghiem@2.0.0 chưa được ghi" in pending
    assert update_version_lock(pack, root / LOCK_NAME) == []
    lock = read_lock(root / LOCK_NAME)
    assert set(lock) == {"thu-nghiem@1.0.0", "thu-nghiem@2.0.0"}
    assert check_version_lock(load_policy_set(root), lock) == []
    # each round is judged by the version in force on its date, and says which
    old = evaluate(pack, NomineeFacts.model_validate(FACTS | {"round_year": 2023}))
    new = evaluate(pack, NomineeFacts.model_validate(FACTS | {"round_year": 2025}))
    assert (old.policy_version, new.policy_version) == ("1.0.0", "2.0.0")
    assert old.policy_label == (
        "Chính sách thu-nghiem phiên bản 1.0.0 (hiệu lực 01/01/2019 – 31/12/2023)"
    )
    assert new.policy_label == "Chính sách thu-nghiem phiên bản 2.0.0 (hiệu lực từ 01/01/2024)"


def test_editing_the_body_of_a_released_version_is_refused(tmp_path: Path) -> None:
    root = released(tmp_path)
    edited = dict(V1, effective_to="2023-12-31", title="Thử nghiệm (sửa)")
    write_pack(root, {"a/policy.2019.yaml": edited, "a/policy.yaml": V2})
    found = check_version_lock(load_policy_set(root), read_lock(root / LOCK_NAME))
    changed = [p for p in found if "thu-nghiem@1.0.0 đã thay đổi nhưng chưa tăng version" in p]
    assert len(changed) == 1 and "policy.2019.yaml" in changed[0]
    assert update_version_lock(load_policy_set(root), root / LOCK_NAME) == changed
    assert set(read_lock(root / LOCK_NAME)) == {"thu-nghiem@1.0.0"}  # nothing recorded


def test_moving_the_start_of_a_released_version_is_an_edit(tmp_path: Path) -> None:
    root = released(tmp_path)
    write_pack(root, {"a/policy.2019.yaml": dict(V1, effective_from="2018-01-01")})
    (problem,) = check_version_lock(load_policy_set(root), read_lock(root / LOCK_NAME))
    assert "chưa tăng version" in problem


def test_an_open_v1_beside_v2_is_an_overlap_located_in_both_files(tmp_path: Path) -> None:
    root = write_pack(tmp_path / "pack", {"a/policy.2019.yaml": V1, "a/policy.yaml": V2})
    (problem,) = problems(root)
    # located at v2's effective_from; names v1's file and the fix
    assert problem.startswith("a/policy.yaml:") or "/a/policy.yaml:" in problem.split(" ")[0]
    assert "effective_from: hai phiên bản có hiệu lực chồng nhau" in problem
    assert "thu-nghiem@1.0.0" in problem and "policy.2019.yaml" in problem
    assert "chưa có effective_to" in problem and "cần: effective_to: 2023-12-31" in problem


def test_a_late_close_is_an_overlap_with_the_line_of_effective_to(tmp_path: Path) -> None:
    late = dict(V1, effective_to="2024-03-31")
    root = write_pack(tmp_path / "pack", {"a/policy.2019.yaml": late, "a/policy.yaml": V2})
    (problem,) = problems(root)
    line = _line_of(root / "a" / "policy.2019.yaml", "effective_to")
    assert f"policy.2019.yaml:{line})" in problem and "còn hiệu lực đến 31/03/2024" in problem


def test_a_gap_between_versions_is_refused(tmp_path: Path) -> None:
    early = dict(V1, effective_to="2023-06-30")
    root = write_pack(tmp_path / "pack", {"a/policy.2019.yaml": early, "a/policy.yaml": V2})
    (problem,) = problems(root)
    assert "khoảng trống giữa hai phiên bản" in problem and "hết hiệu lực 30/06/2023" in problem
    assert "effective_to: 2023-12-31" in problem and "2023-07-01" in problem


def test_a_later_version_needs_a_higher_number(tmp_path: Path) -> None:
    files: dict[str, str | dict[str, Any]] = {
        "a/policy.2019.yaml": dict(V1, version="3.0.0", effective_to="2023-12-31"),
        "a/policy.yaml": V2,
    }
    (problem,) = problems(write_pack(tmp_path / "pack", files))
    assert "version: phiên bản thu-nghiem@2.0.0 có hiệu lực sau thu-nghiem@3.0.0" in problem


def test_two_files_with_one_version_are_refused(tmp_path: Path) -> None:
    files: dict[str, str | dict[str, Any]] = {
        "a/policy.2019.yaml": dict(V1, effective_to="2023-12-31"),
        "a/policy.yaml": dict(V2, version="1.0.0"),
    }
    (problem,) = problems(write_pack(tmp_path / "pack", files))
    assert "hai tệp cùng phiên bản thu-nghiem@1.0.0" in problem


def _line_of(path: Path, key: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, text in enumerate(lines, 1) if text.startswith(f"{key}:"))


def test_the_shipped_pack_judges_2023_under_the_old_regime_and_2025_under_the_current() -> None:
    pack = load_policy_set()
    lock = read_lock(DEFAULT_PACK / LOCK_NAME)
    for family in sorted({p.family for p in pack.policies}):
        old, new = family_history(pack, family, lock)
        assert (old.version, old.period) == ("0.9.0", "01/01/2019 – 31/12/2023"), family
        assert (new.version, new.effective_from) == ("1.0.0", date(2024, 1, 1)), family
        # each version released, with examples of its own, all passing
        for entry in (old, new):
            assert entry.released and entry.examples_passed == entry.examples >= 1, entry.key
        texts = [b.legal_basis for b in old.bases if b.what.startswith("Điều kiện")]
        assert not any(re.search(r"\b2022\b|98/2023|152/2025", t) for t in texts), family


def test_official_documents_cite_the_old_bases_without_tags() -> None:
    for policy in load_policy_set().policies:
        spec = policy.spec
        bases = [r.legal_basis for r in spec.requirements]
        bases += [x.legal_basis for x in (spec.quota, spec.council) if x is not None]
        for basis in bases:
            cited = citation(basis)
            assert cited is None or not re.search(r"\[|V-old|chưa|\bR\b", cited), (basis, cited)
    cited = citation("Khoản 3 Điều 9 NĐ 91/2017/NĐ-CP")
    assert cited == "Khoản 3 Điều 9 Nghị định số 91/2017/NĐ-CP"
