"""One nominee in a 2023 round and a 2025 round: each judged by the policy version of its date.

On SQLite and PostgreSQL: appraisal picks cstdcs@0.9.0 (NĐ 91/2017 era, sáng kiến required) for
the 2023 round and cstdcs@1.0.0 (Luật 2022) for 2025, stores which with its dates, and
`tdkt rules explain` and the dossier page say so; a 2023 round can be simulated.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import col, select

from awards.bootstrap import App
from awards.model import Dossier
from awards.services.appraisal.appraise import appraise
from awards.services.appraisal.simulation import simulate_round
from awards.services.rounds.admin import open_round
from rules import DEFAULT_PACK, load_policy_set
from states import DossierState
from tests.support.appraisal import Member, add_members, to_appraisal
from tests.support.cli import Run, cli_runner
from tests.support.lifecycle import NOW, build_org, year_end_round
from tests.support.web import client_for, login, make_user

OLD = "Chính sách cstdcs phiên bản 0.9.0 (hiệu lực 01/01/2019 – 31/12/2023)"
NEW = "Chính sách cstdcs phiên bản 1.0.0 (hiệu lực từ 01/01/2024)"
IN_2023 = datetime(2023, 11, 3, 9, 0, tzinfo=UTC)


@pytest.fixture
def two_rounds(tdkt: App) -> App:
    build_org(tdkt)  # TK-2025
    open_round(
        tdkt.uow,
        year_end_round(
            code="TK-2023",
            name="Tổng kết phong trào thi đua năm 2023",
            year=2023,
            opens_on=date(2023, 1, 1),
            closes_on=date(2023, 12, 31),
            submission_deadline=date(2023, 11, 20),
        ),
        now=IN_2023,
    )
    # LĐTT holders of CS1 in both years, so the 15% quota leaves room for one CSTĐ cơ sở
    both = {2023: ["LDTT"], 2025: ["LDTT"]}
    add_members(tdkt, "CS1", [Member(f"L{i:02d}", titles=both) for i in range(15)])
    # hoàn thành xuất sắc and LĐTT in both years, never a sáng kiến
    ratings = {2023: "hoan_thanh_xuat_sac", 2025: "hoan_thanh_xuat_sac"}
    add_members(tdkt, "CS1", [Member("HANG", ratings=ratings, titles=both)])
    return tdkt


@pytest.fixture
def run(two_rounds: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Run]:
    yield from cli_runner(two_rounds, tmp_path, monkeypatch)


def _dossier(app: App, code: str) -> Dossier:
    with app.uow() as uow:
        return uow.session.exec(select(Dossier).where(col(Dossier.code) == code)).one()


def test_one_nominee_is_judged_by_the_version_of_each_rounds_date(
    two_rounds: App, run: Run
) -> None:
    (old_code,) = to_appraisal(two_rounds, "CSTDCS", ["HANG"], round_code="TK-2023", now=IN_2023)
    (new_code,) = to_appraisal(two_rounds, "CSTDCS", ["HANG"])
    old_report = appraise(two_rounds.uow, "TK-2023", now=IN_2023, level=3)
    new_report = appraise(two_rounds.uow, "TK-2025", now=NOW, level=3)

    (old_result,) = old_report.results
    (new_result,) = new_report.results
    assert (old_result.policy, old_result.eligible) == (OLD, False)
    assert (new_result.policy, new_result.eligible) == (NEW, True)

    old, new = _dossier(two_rounds, old_code), _dossier(two_rounds, new_code)
    assert (old.state, new.state) == (DossierState.ineligible, DossierState.eligible)
    assert old.eligibility is not None and new.eligibility is not None
    assert (old.eligibility["policy_version"], new.eligibility["policy_version"]) == (
        "0.9.0",
        "1.0.0",
    )
    assert old.eligibility["reasons"] == [
        "Chưa có sáng kiến được công nhận trong năm (luật 2003 bắt buộc có sáng kiến)."
    ]
    old_basis = {r["id"]: r["legal_basis"] for r in old.eligibility["requirements"]}
    assert "Luật Thi đua, khen thưởng 2003" in old_basis["co-sang-kien"]

    old_text, new_text = run("rules", "explain", old_code), run("rules", "explain", new_code)
    assert f"{OLD} · bộ chính sách" in old_text and "❌ co-sang-kien" in old_text
    assert "[V-old: văn bản cũ, cần xác nhận còn hiệu lực]" in old_text
    assert f"{NEW} · bộ chính sách" in new_text and "✅ xuat-sac-hoac-sang-kien" in new_text
    appraised = run("dossier", "appraise", "--round", "TK-2023", "--unit", "THAN-UYEN")
    assert "Không có hồ sơ nào đang thẩm định" in appraised  # already judged, nothing pending


def test_a_2023_round_can_be_simulated_under_a_draft_of_its_version(
    two_rounds: App, tmp_path: Path
) -> None:
    to_appraisal(two_rounds, "CSTDCS", ["HANG"], round_code="TK-2023", now=IN_2023)
    draft = tmp_path / "draft"
    shutil.copytree(DEFAULT_PACK, draft)
    old = draft / "cstdcs" / "policy.2019.yaml"
    text = old.read_text(encoding="utf-8")
    relaxed = "rating_at_least('hoan_thanh_xuat_sac') or initiatives(scope='co_so', years=1) >= 1"
    old.write_text(text.replace("initiatives(scope='co_so', years=1) >= 1", relaxed), "utf-8")
    result = simulate_round(two_rounds.uow, "TK-2023", load_policy_set(draft), load_policy_set())
    assert result.on == date(2023, 12, 31)
    (flip,) = result.report.flips
    assert (flip.award_code, flip.eligible_before, flip.eligible_after) == ("CSTDCS", False, True)
    assert flip.failed_before == ("co-sang-kien",)


def test_the_screens_show_the_history_and_the_version_each_dossier_was_judged_by(
    two_rounds: App,
) -> None:
    (old_code,) = to_appraisal(two_rounds, "CSTDCS", ["HANG"], round_code="TK-2023", now=IN_2023)
    appraise(two_rounds.uow, "TK-2023", now=IN_2023, level=3)
    client = client_for(two_rounds)
    login(client, make_user(two_rounds, "tuan", "rule_author", "LDLD-LC"))
    history = client.get("/rules/cstdcs/history")
    assert history.status_code == 200
    text = " ".join(history.text.split())
    assert "Phiên bản 0.9.0 · hiệu lực 01/01/2019 – 31/12/2023" in text
    assert "Phiên bản 1.0.0 · hiệu lực từ 01/01/2024" in text
    assert "Khoản 3 Điều 9 NĐ 91/2017/NĐ-CP" in text and "V-old: văn bản cũ" in text
    assert text.index("0.9.0") < text.index("1.0.0")  # oldest first
    assert client.get("/rules/khong-co/history").status_code == 404
    api = client.get("/api/rules/cstdcs/history").json()
    assert [(v["version"], v["period"]) for v in api] == [
        ("0.9.0", "01/01/2019 – 31/12/2023"),
        ("1.0.0", "từ 01/01/2024"),
    ]
    assert api[0]["bases"][1]["what"] == "Điều kiện co-sang-kien" and api[0]["released"]
    login(client, make_user(two_rounds, "minh", "secretariat", "THAN-UYEN"))
    assert client.get("/rules/cstdcs/history").status_code == 403
    assert client.get("/api/rules/cstdcs/history").json()["code"] == "khong_co_quyen"
    page = client.get(f"/dossiers/{old_code}")
    assert page.status_code == 200 and OLD in page.text
