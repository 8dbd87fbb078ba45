"""`tdkt rules check|test|release|history|explain|simulate` through Typer's CliRunner, on real
databases."""

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
    assert "✅ Hợp lệ: 28 chính sách" in result.output


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


def test_history_lists_each_version_with_its_dates_and_bases() -> None:
    result = tdkt_cli("rules", "history", "cstdcs")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("Lịch sử chính sách cstdcs: 2 phiên bản")
    old = "Phiên bản 0.9.0 · hiệu lực 01/01/2019 – 31/12/2023 · Chiến sĩ thi đua cơ sở (cá nhân)"
    new = "Phiên bản 1.0.0 · hiệu lực từ 01/01/2024 · Chiến sĩ thi đua cơ sở (cá nhân)"
    assert old in out and new in out and out.index(old) < out.index(new)
    assert "cstdcs/policy.2019.yaml · đã ban hành · ví dụ 2/2 đúng" in out
    assert (
        "Chỉ tiêu: Khoản 3 Điều 9 NĐ 91/2017/NĐ-CP [V-old: văn bản cũ, cần xác nhận còn hiệu lực]"
        in out
    )
    assert (
        "Điều kiện dat-ldtt: Luật Thi đua, khen thưởng 2022, Điều 21 khoản 1 [V: đã xác minh]"
        in out
    )
    missing = tdkt_cli("rules", "history", "khong-co")
    assert missing.exit_code == 1 and "Không có nhóm chính sách 'khong-co'" in missing.output


def test_a_rule_author_closes_a_version_and_adds_the_next_one(tmp_path: Path) -> None:
    """The way docs/rule-authors.md describes: v1 keeps its file and body, gains effective_to;
    v2 in a new file from the next day; check, test, release; v1's body stays locked."""
    root = tmp_path / "pack"
    shutil.copytree(DEFAULT_PACK, root)
    folder = root / "ldtt"
    current = (folder / "policy.yaml").read_text(encoding="utf-8")
    (folder / "policy.2024.yaml").write_text(
        current.replace(
            "effective_from: 2024-01-01\n", "effective_from: 2024-01-01\neffective_to: 2026-06-30\n"
        ),
        "utf-8",
    )
    (folder / "policy.yaml").write_text(
        current.replace("version: 1.0.0", "version: 2.0.0").replace(
            "effective_from: 2024-01-01", "effective_from: 2026-07-01"
        ),
        "utf-8",
    )
    pending = tdkt_cli("rules", "check", str(root))
    assert pending.exit_code == 1 and "ldtt@2.0.0 chưa được ghi" in pending.output
    assert "ldtt@1.0.0" not in pending.output  # closing v1 is not an edit
    assert "tdkt rules release" in pending.output
    released = tdkt_cli("rules", "release", str(root))
    assert released.exit_code == 0 and "1 phiên bản mới: ldtt@2.0.0" in released.output
    assert tdkt_cli("rules", "check", str(root)).exit_code == 0
    history = tdkt_cli("rules", "history", "ldtt", "--pack", str(root)).output
    assert "Phiên bản 1.0.0 · hiệu lực 01/01/2024 – 30/06/2026" in history
    assert "Phiên bản 2.0.0 · hiệu lực từ 01/07/2026" in history
    v1 = folder / "policy.2024.yaml"
    v1.write_text(
        v1.read_text(encoding="utf-8").replace(
            "min_rating: hoan_thanh_tot", "min_rating: hoan_thanh_xuat_sac"
        ),
        "utf-8",
    )
    edited = tdkt_cli("rules", "check", str(root))
    assert edited.exit_code == 1
    assert (
        "ldtt/policy.2024.yaml: nội dung ldtt@1.0.0 đã thay đổi nhưng chưa tăng version"
        in edited.output
    )
    assert tdkt_cli("rules", "release", str(root)).exit_code == 1
    overlap = tdkt_cli("rules", "check", str(_overlapping(root)))
    assert overlap.exit_code == 1
    assert (
        "ldtt/policy.yaml:" in overlap.output
        and "hai phiên bản có hiệu lực chồng nhau" in overlap.output
    )
    assert (
        "policy.2024.yaml:" in overlap.output and "cần: effective_to: 2026-06-30" in overlap.output
    )


def _overlapping(root: Path) -> Path:
    v1 = root / "ldtt" / "policy.2024.yaml"
    v1.write_text(
        v1.read_text(encoding="utf-8")
        .replace("min_rating: hoan_thanh_xuat_sac", "min_rating: hoan_thanh_tot")
        .replace("effective_to: 2026-06-30", "effective_to: 2026-12-31"),
        "utf-8",
    )
    return root


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
        before = (
            uow.session.exec(select(Dossier).where(col(Dossier.code) == failed)).one().eligibility
        )
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
    assert (
        "Chính sách cstdcs phiên bản 1.0.0 (hiệu lực" in result.output
        and "KHÔNG ĐỦ ĐIỀU KIỆN" in result.output
    )
    assert "❌ xuat-sac-hoac-sang-kien: Chưa hoàn thành xuất sắc nhiệm vụ" in result.output
    assert (
        "Căn cứ: Luật Thi đua, khen thưởng 2022, Điều 21 khoản 2 [V: đã xác minh]" in result.output
    )
    assert "Chỉ tiêu (cstdcs@1.0.0)" not in result.output  # failed the criteria: no quota slot
    with db.uow() as uow:
        after = (
            uow.session.exec(select(Dossier).where(col(Dossier.code) == failed)).one().eligibility
        )
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
