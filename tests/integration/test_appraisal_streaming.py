"""Streaming appraisal: chunks of 7 give what one chunk gives, on SQLite and PostgreSQL.

Two databases get the same people and dossiers; one is appraised 7 dossiers at a time (facts,
judgement, staging and moves per chunk), the other in one chunk. Outcomes, reasons, stored
explanations (key order included), audit events and quota meters must be the same, with binding
caps whose ties (same priority, same score) fall across chunk borders.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select

from awards.bootstrap import App
from awards.model import AppraisalStage, AuditEvent, Dossier
from awards.services.appraisal.appraise import AppraisalReport, appraise
from awards.services.appraisal.quotas import quota_meters
from tests.support.appraisal import Member, add_members, good_cstdcs, to_appraisal
from tests.support.lifecycle import NOW, build_org


def _populate(app: App) -> list[str]:
    build_org(app)
    add_members(app, "CS1", [Member(f"L{i:02d}", titles={2025: ["LDTT"]}) for i in range(15)])
    # 30 candidates for CSTĐCS in CS1: 15% of 45 LĐTT = 6 slots. Every third is a direct worker,
    # every fifth a leader, all with the same score, so ranks tie and the code decides.
    people = [good_cstdcs(f"C{i:02d}", direct=i % 3 == 0, leader=i % 5 == 0) for i in range(30)]
    people += [Member("NO-LDTT", ratings={2025: "hoan_thanh_xuat_sac"})]
    add_members(app, "CS1", people)
    add_members(
        app,
        "CS1",
        [Member(f"T{i}", ratings={2025: "hoan_thanh_tot"}, direct=i % 4 == 0) for i in range(9)],
    )
    codes = to_appraisal(
        app,
        "CSTDCS",
        [m.code for m in people],
        missing={"C07": "bien_ban_hoi_dong", "C22": "to_trinh"},
    )
    codes += to_appraisal(app, "BK_CHUYEN_DE", [f"T{i}" for i in range(9)], topic="Xanh – Sạch")
    return codes


def _stored(app: App, codes: list[str]) -> dict[str, Any]:
    with app.uow() as uow:
        dossiers = uow.session.exec(select(Dossier).where(col(Dossier.code).in_(codes))).all()
        events = uow.session.exec(
            select(AuditEvent, Dossier.code)
            .join(Dossier, col(Dossier.id) == col(AuditEvent.dossier_id))
            .where(col(AuditEvent.trigger).in_(["mark_eligible", "mark_ineligible"]))
            .order_by(col(AuditEvent.id))
        ).all()
        staged = uow.session.exec(select(AppraisalStage)).all()
    return {
        "dossiers": {
            d.code: (d.state, d.policy_version, list((d.eligibility or {}).items()))
            for d in dossiers
        },
        "events": [(code, e.trigger, e.reason, e.policy_version, e.data) for e, code in events],
        "staged_left": len(staged),
    }


def test_chunks_of_seven_give_the_outcomes_of_one_chunk(tdkt: App, twin: App) -> None:
    codes = _populate(tdkt)
    assert _populate(twin) == codes
    calls: list[tuple[int, int]] = []
    small = appraise(
        tdkt.uow, "TK-2025", now=NOW, chunk=7, progress=lambda i, n: calls.append((i, n))
    )
    whole = appraise(twin.uow, "TK-2025", now=NOW, chunk=10_000)

    assert small == whole
    _binding_caps_with_ties(small, codes)
    assert calls[-1] == (len(codes), len(codes))
    assert _stored(tdkt, codes) == _stored(twin, codes)
    assert _stored(tdkt, codes)["staged_left"] == 0  # the stage is emptied after the run
    assert quota_meters(tdkt.uow, "TK-2025") == quota_meters(twin.uow, "TK-2025")


def _binding_caps_with_ties(report: AppraisalReport, codes: list[str]) -> None:
    by_code = {r.code: r for r in report.results}
    assert [r.code for r in report.results] == codes  # by id, as before
    cstdcs, topic = codes[:31], codes[31:]
    chosen = [c for c in cstdcs if by_code[c].eligible]
    # Direct workers without a post first (C03 C06 C09 C12 C18 C21: C00, C15 lead), by code.
    assert chosen == [cstdcs[i] for i in (3, 6, 9, 12, 18, 21)]
    left = by_code[cstdcs[24]]  # a direct worker without a post, ranked 7th: the cap binds
    assert not left.eligible and "xếp thứ 7/28" in left.reasons[-1]
    assert by_code[cstdcs[7]].reasons == ("Hồ sơ thiếu thành phần: Biên bản họp Hội đồng.",)
    assert sum(by_code[c].eligible for c in topic) == 4
    assert {b.award_code for b in report.batches} == {"CSTDCS", "BK_CHUYEN_DE"}
