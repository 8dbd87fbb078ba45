"""Appraisal on SQLite and PostgreSQL: completeness, criteria, binding quotas, stored records."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import col, select

from awards.bootstrap import App
from awards.model import AuditEvent, Dossier
from awards.services.appraisal.appraise import appraise
from awards.services.appraisal.quotas import quota_meters
from rules import load_policy_set
from states import DossierState
from tests.integration.appraisal_fixtures import Member, add_members, good_cstdcs, to_appraisal
from tests.integration.lifecycle_fixtures import NOW, build_org

PACK = load_policy_set()


@pytest.fixture
def org(tdkt: App) -> App:
    build_org(tdkt)
    # 15 people reached LĐTT in CS1 in 2025; with the 5 candidates each test adds, 15% of 20 = 3.
    add_members(tdkt, "CS1", [Member(f"L{i:02d}", titles={2025: ["LDTT"]}) for i in range(15)])
    return tdkt


def _dossiers(app: App, codes: list[str]) -> dict[str, Dossier]:
    with app.uow() as uow:
        found = uow.session.exec(select(Dossier).where(col(Dossier.code).in_(codes))).all()
    return {d.code: d for d in found}


def test_a_binding_ratio_cap_chooses_by_priority_and_records_every_reason(org: App) -> None:
    add_members(
        org,
        "CS1",
        [
            good_cstdcs("A-LEADER", leader=True),
            good_cstdcs("B-STAFF"),
            good_cstdcs("C-WORKER", direct=True),
            good_cstdcs("D-STAFF"),
            good_cstdcs("E-WORKER-LEADER", direct=True, leader=True),
            Member("F-NO-LDTT", ratings={2025: "hoan_thanh_xuat_sac"}),
        ],
    )
    people = ["A-LEADER", "B-STAFF", "C-WORKER", "D-STAFF", "E-WORKER-LEADER", "F-NO-LDTT"]
    codes = to_appraisal(
        org, "CSTDCS", [*people, "C-WORKER"], missing={"B-STAFF": "bien_ban_hoi_dong"}
    )
    by_person = dict(zip([*people, "C-WORKER-AGAIN"], codes, strict=True))
    report = appraise(org.uow, "TK-2025", now=NOW, level=3)

    assert report.policy_set_version == PACK.version
    chosen = {p for p, c in by_person.items() if c in report.eligible}
    # direct workers first (C twice, then E), then people without a leadership post (D)
    assert chosen == {"C-WORKER", "C-WORKER-AGAIN", "E-WORKER-LEADER"}
    stored = _dossiers(org, codes)
    assert {c for c, d in stored.items() if d.state == DossierState.eligible} == set(
        report.eligible
    )
    d_staff = stored[by_person["D-STAFF"]]
    assert d_staff.state == DossierState.ineligible and d_staff.eligibility is not None
    assert d_staff.eligibility["criteria_eligible"] is True  # met the criteria
    assert (
        d_staff.eligibility["eligible"] is False
        and "Vượt chỉ tiêu" in d_staff.eligibility["reason"]
    )
    quota = d_staff.eligibility["quota"]
    assert (quota["group"], quota["cap"], quota["selected"]) == ("CS1", 3, False)
    assert "tối đa 3" in quota["reason"] and "xếp thứ 4/5" in quota["reason"]
    missing = stored[by_person["B-STAFF"]].eligibility or {}
    assert missing["reasons"] == ["Hồ sơ thiếu thành phần: Biên bản họp Hội đồng."]
    failing = stored[by_person["F-NO-LDTT"]].eligibility or {}
    assert failing["reasons"] == ["Chưa đạt danh hiệu Lao động tiên tiến trong năm xét."]
    first = failing["requirements"][1]
    assert (first["id"], first["status"], first["passed"]) == ("dat-ldtt", "V", False)
    assert all(d.policy_version == PACK.version for d in stored.values())

    with org.uow() as uow:
        events = uow.session.exec(
            select(AuditEvent).where(
                col(AuditEvent.trigger).in_(["mark_eligible", "mark_ineligible"])
            )
        ).all()
    assert len(events) == 7 and {e.policy_version for e in events} == {PACK.version}
    refused = [e for e in events if e.dossier_id == d_staff.id]
    assert refused[0].reason.startswith("Không đủ điều kiện: Vượt chỉ tiêu")

    (batch,) = quota_meters(org.uow, "TK-2025")
    assert (batch.award_code, batch.deciding_level, batch.status) == ("CSTDCS", 3, "V-old")
    (meter,) = batch.meters
    assert (meter.group, meter.candidates, meter.cap, meter.used, meter.binds) == (
        "CS1",
        5,
        3,
        3,
        True,
    )


def test_a_second_run_counts_the_slots_already_used(org: App) -> None:
    add_members(org, "CS1", [good_cstdcs(f"G{i}", direct=True) for i in range(5)])
    first = to_appraisal(org, "CSTDCS", ["G0", "G1"])
    assert len(appraise(org.uow, "TK-2025", now=NOW, level=3).eligible) == 2
    late = to_appraisal(org, "CSTDCS", ["G2", "G3"])
    again = appraise(org.uow, "TK-2025", now=NOW + timedelta(days=1), codes=late)
    assert len(again.eligible) == 1 and len(again.ineligible) == 1
    left = next(r for r in again.results if not r.eligible)
    assert "2 suất đã dùng ở lần xét trước" in left.reasons[0]
    (meter,) = quota_meters(org.uow, "TK-2025")[0].meters
    assert (meter.candidates, meter.cap, meter.used) == (4, 3, 3)
    assert set(first) <= {c for c, d in _dossiers(org, first).items() if d.state == "eligible"}


def test_a_per_topic_cap_per_federation(org: App) -> None:
    add_members(
        org,
        "CS1",
        [Member(f"T{i}", ratings={2025: "hoan_thanh_tot"}, direct=i == 5) for i in range(6)],
    )
    codes = to_appraisal(
        org, "BK_CHUYEN_DE", [f"T{i}" for i in range(6)], topic="Xanh – Sạch – Đẹp"
    )
    report = appraise(org.uow, "TK-2025", now=NOW)
    assert len(report.eligible) == 4 and codes[5] in report.eligible  # the direct worker first
    (batch,) = report.batches
    (meter,) = batch.meters
    assert (meter.group, meter.cap, meter.candidates) == ("LDLD-LC/Xanh – Sạch – Đẹp", 4, 6)


def test_codes_outside_appraisal_are_reported(org: App) -> None:
    add_members(org, "CS1", [good_cstdcs("U1")])
    (code,) = to_appraisal(org, "GK_CDCT", ["U1"])
    report = appraise(org.uow, "TK-2025", now=NOW, codes=[code, "HS-KHONG-CO"])
    result = {r.code: r for r in report.results}
    assert result["HS-KHONG-CO"].error and "không ở trạng thái" in result["HS-KHONG-CO"].error
    assert result[code].moved and result[code].eligible and report.batches == ()
