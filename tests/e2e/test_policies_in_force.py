"""The pack in force (TDKT_POLICIES_DIR): released by `tdkt rules release`, applied by
`tdkt dossier appraise`, and refused with every problem named when it is broken or edited."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import col, select

from awards.bootstrap import App, build
from awards.errors import ConfigError
from awards.model import Dossier, Unit
from awards.settings import get_settings
from tests.support.appraisal import Member, add_members, good_cstdcs, to_appraisal
from tests.support.cli import copy_pack, tdkt_cli

OLD = "Chưa hoàn thành xuất sắc nhiệm vụ và chưa có sáng kiến"
NEW = "Không hoàn thành xuất sắc nhiệm vụ và không có sáng kiến"


def _use(monkeypatch: pytest.MonkeyPatch, pack: Path) -> None:
    monkeypatch.setenv("TDKT_POLICIES_DIR", str(pack))
    get_settings.cache_clear()


def test_release_records_new_versions_only_when_every_example_passes(tmp_path: Path) -> None:
    stricter = copy_pack(tmp_path / "a", "cstd-tinh", "min_years: 3}", "min_years: 2}", "2.0.0")
    refused = tdkt_cli("rules", "release", str(stricter))
    assert refused.exit_code == 1 and "❌ SAI cstd-tinh/deny/two_consecutive_only" in refused.output
    assert "cstd-tinh@2.0.0" not in (stricter / "versions.lock").read_text(encoding="utf-8")
    reworded = copy_pack(tmp_path / "b", "cstdcs", OLD, NEW, "1.0.1")
    assert tdkt_cli("rules", "check", str(reworded)).exit_code == 1  # not recorded yet
    released = tdkt_cli("rules", "release", str(reworded))
    assert released.exit_code == 0, released.output
    assert "Đã ban hành 1 phiên bản mới: cstdcs@1.0.1" in released.output
    assert tdkt_cli("rules", "check", str(reworded)).exit_code == 0


def test_appraisal_applies_the_pack_in_force(
    db: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_members(db, "CS1", [Member(f"L{i}", titles={2025: ["LDTT"]}) for i in range(19)])
    add_members(db, "CS1", [good_cstdcs("P1"), Member("P2", titles={2025: ["LDTT"]})])
    ok, failed = to_appraisal(db, "CSTDCS", ["P1", "P2"])
    pack = copy_pack(tmp_path, "cstdcs", OLD, NEW, "1.0.1")
    assert tdkt_cli("rules", "release", str(pack)).exit_code == 0
    _use(monkeypatch, pack)
    with db.uow() as uow:
        unit = uow.session.exec(
            select(Unit.code)
            .join(Dossier, col(Dossier.current_unit_id) == col(Unit.id))
            .where(col(Dossier.code) == ok)
        ).one()
    result = tdkt_cli("dossier", "appraise", "--round", "TK-2025", "--unit", unit)
    assert result.exit_code == 0, result.output
    assert f"✓ {ok}" in result.output and f"✗ {failed} — {NEW}" in result.output
    assert "Chính sách cstdcs phiên bản 1.0.1 (hiệu lực từ 01/01/2024)" in result.output
    with db.uow() as uow:
        stored = {d.code: d.eligibility for d in uow.session.exec(select(Dossier))}
    assert stored[failed]["policy_id"] == "cstdcs"  # type: ignore[index]
    assert stored[failed]["policy_version"] == "1.0.1"  # type: ignore[index]
    again = tdkt_cli("dossier", "appraise", "--round", "TK-2025", "--unit", unit)
    assert "Không có hồ sơ nào đang thẩm định" in again.output


def _refused(monkeypatch: pytest.MonkeyPatch, pack: Path, match: str) -> None:
    _use(monkeypatch, pack)
    app = build()
    try:
        with pytest.raises(ConfigError, match=match):
            _ = app.policies
    finally:
        app.close()


def test_a_broken_or_edited_pack_in_force_is_refused_by_name(
    db: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edited = copy_pack(tmp_path / "edited", "cstdcs", OLD, NEW, None)  # no version bump
    _refused(monkeypatch, edited, "cstdcs@1.0.0 đã thay đổi nhưng chưa tăng version")
    broken = copy_pack(tmp_path / "broken", "cstdcs", "version: 1.0.0", "version: [", None)
    _refused(monkeypatch, broken, "cstdcs/policy.yaml:4: YAML không hợp lệ")
