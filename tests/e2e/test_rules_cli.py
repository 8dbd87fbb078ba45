"""`tdkt rules check|test|explain|simulate` through Typer's CliRunner, on real databases."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

from openpyxl import load_workbook
from sqlmodel import col, select

from awards.bootstrap import App
from awards.model import Dossier
from awards.services.appraisal.appraise import appraise
from rules import DEFAULT_PACK, load_policy_set
from tests.support.appraisal import Member, add_members, good_cstdcs, to_appraisal
from tests.support.cli import copy_pack, tdkt_cli
from tests.support.lifecycle import NOW


def test_check_accepts_the_default_pack() -> None:
    result = tdkt_cli("rules", "check")
    assert result.exit_code == 0, result.output
    assert "✅ Hợp lệ: 14 chính sách" in result.output


def test_check_lists_every_problem_with_file_line_field_and_form(tmp_path: Path) -> None:
    root = copy_pack(
        tmp_path,
        "cstdcs",
        "title: Chiến sĩ thi đua cơ sở",
        "title: Chiến sĩ thi đua cơ sở\ncolour: red",
        None,
    )
    ldtt = root / "ldtt" / "policy.yaml"
    ldtt.write_text(
        ldtt.read_text(encoding="utf-8").replace("version: 1.0.0", "version: một"), "utf-8"
    )
    result = tdkt_cli("rules", "check", str(root))
    assert result.exit_code == 1
    assert "cstdcs/policy.yaml:4: colour: trường không được phép" in result.output
    assert "cần: một trong: id, version" in result.output
    assert "ldtt/policy.yaml:2: version: sai định dạng" in result.output
    assert "cần: semver MAJOR.MINOR.PATCH" in result.output
    assert "bộ đang áp dụng giữ nguyên" in result.output
    assert load_policy_set().version == load_policy_set(DEFAULT_PACK).version


def test_check_refuses_a_change_without_a_version_bump(tmp_path: Path) -> None:
    root = copy_pack(tmp_path, "cstd-tinh", "min_years: 3}", "min_years: 2}", None)
    result = tdkt_cli("rules", "check", str(root))
    assert result.exit_code == 1
    assert "cstd-tinh@1.0.0 đã thay đổi nhưng chưa tăng version" in result.output


def test_test_runs_every_example(tmp_path: Path) -> None:
    result = tdkt_cli("rules", "test")
    examples = len(load_policy_set().examples)
    assert result.exit_code == 0 and result.output.count("✅ ĐẠT") == examples
    root = copy_pack(tmp_path, "cstd-tinh", "min_years: 3}", "min_years: 2}", "2.0.0")
    result = tdkt_cli("rules", "test", str(root))
    assert result.exit_code == 1
    assert "❌ SAI cstd-tinh/deny/two_consecutive_only" in result.output
    wrong = result.output.count("❌ SAI")
    assert wrong + result.output.count("✅ ĐẠT") == examples
    assert f"{examples - wrong}/{examples} ví dụ đúng." in result.output


def test_explain_keeps_the_pinned_explanation_after_the_policy_changes(
    db: App, tmp_path: Path
) -> None:
    add_members(db, "CS1", [Member(f"L{i}", titles={2025: ["LDTT"]}) for i in range(19)])
    add_members(db, "CS1", [good_cstdcs("P1"), Member("P2", titles={2025: ["LDTT"]})])
    ok, failed = to_appraisal(db, "CSTDCS", ["P1", "P2"])
    pack = tmp_path / "in-force"
    shutil.copytree(DEFAULT_PACK, pack)
    appraise(db.uow, "TK-2025", now=NOW, policy_set=load_policy_set(pack))
    with db.uow() as uow:
        before = uow.session.exec(
            select(Dossier.eligibility).where(col(Dossier.code) == failed)
        ).one()
    # The authors then tighten the policy (new version, new wording) in the pack in force.
    policy = pack / "cstdcs" / "policy.yaml"
    policy.write_text(
        policy.read_text(encoding="utf-8")
        .replace("version: 1.0.0", "version: 2.0.0")
        .replace("Chưa hoàn thành xuất sắc nhiệm vụ", "Không hoàn thành xuất sắc nhiệm vụ"),
        "utf-8",
    )
    assert load_policy_set(pack).get("cstdcs").spec.version == "2.0.0"  # type: ignore[union-attr]
    result = tdkt_cli("rules", "explain", failed)
    assert result.exit_code == 0, result.output
    assert "Chính sách: cstdcs@1.0.0" in result.output and "KHÔNG ĐỦ ĐIỀU KIỆN" in result.output
    assert "❌ xuat-sac-hoac-sang-kien: Chưa hoàn thành xuất sắc nhiệm vụ" in result.output
    assert (
        "Căn cứ: Luật Thi đua, khen thưởng 2022, Điều 21 khoản 2 [V: đã xác minh]" in result.output
    )
    assert "Chỉ tiêu (cstdcs@1.0.0)" not in result.output  # failed the criteria: no quota slot
    with db.uow() as uow:
        after = uow.session.exec(
            select(Dossier.eligibility).where(col(Dossier.code) == failed)
        ).one()
    assert after == before
    good = tdkt_cli("rules", "explain", ok)
    assert "ĐỦ ĐIỀU KIỆN" in good.output and "✅ Trong chỉ tiêu" in good.output
    assert "[V-old: văn bản cũ, cần xác nhận còn hiệu lực]" in good.output
    missing = tdkt_cli("rules", "explain", "HS-KHONG-CO")
    assert missing.exit_code == 1 and "Không có hồ sơ mã 'HS-KHONG-CO'" in missing.output


def past_round(app: App, n: int, seed: int = 11) -> dict[str, set[str]]:
    """A generated CSTĐ tỉnh round: streaks of 0–4 CSTĐCS years, most with a provincial sáng
    kiến. Returns the person codes by (streak, has sáng kiến)."""
    rng, members = random.Random(seed), []
    for i in range(n):
        streak = rng.randint(0, 4)
        titles = {2025 - k: ["LDTT", "CSTDCS"] for k in range(streak)}
        members.append(
            Member(
                f"S{i:03d}",
                titles=titles or {2025: ["LDTT"]},
                initiatives={2025: "tinh"} if rng.random() < 0.8 else {},
                direct=rng.random() < 0.3,
            )
        )
    add_members(app, "CS1", members)
    codes = to_appraisal(app, "CSTD_TINH", [m.code for m in members])
    appraise(app.uow, "TK-2025", now=NOW)
    two_with_initiative = {
        code
        for code, m in zip(codes, members, strict=True)
        if len(m.titles) == 2 and "CSTDCS" in m.titles.get(2024, []) and m.initiatives
    }
    return {"flips": two_with_initiative, "all": set(codes)}


def test_simulate_a_lower_streak_threshold_over_a_past_round(db: App, tmp_path: Path) -> None:
    expected = past_round(db, 40)
    assert expected["flips"]
    draft = copy_pack(tmp_path, "cstd-tinh", "min_years: 3}", "min_years: 2}", "2.0.0")
    book = tmp_path / "mo-phong.xlsx"
    table = tdkt_cli(
        "rules", "simulate", "--policies", str(draft), "--round", "TK-2025", "--xlsx", str(book)
    )
    assert table.exit_code == 0, table.output
    assert f"Đổi kết quả ({len(expected['flips'])}):" in table.output
    assert "Tỷ lệ người lao động trực tiếp được chọn:" in table.output
    result = tdkt_cli(
        "rules", "simulate", "--policies", str(draft), "--round", "TK-2025", "--format", "json"
    )
    data = json.loads(result.output)
    assert data["evaluated"] == 40 and data["draft_version"] != data["current_version"]
    assert {f["dossier_code"] for f in data["flips"]} == expected["flips"]
    assert all(
        f["failed_before"] == ["ba-lan-cstdcs"] and f["eligible_after"] for f in data["flips"]
    )
    assert data["eligible_after"] - data["eligible_before"] == len(expected["flips"])
    sheet = load_workbook(book)["Đổi kết quả"]
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == expected["flips"]
