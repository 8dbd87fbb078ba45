"""Dossiers escalated twice, from Than Uyên to LĐLĐ tỉnh Lai Châu and on to UBND tỉnh."""

from __future__ import annotations

from datetime import timedelta

from awards.bootstrap import App
from awards.services.escalation.escalate import escalate_round
from states import Trigger
from tests.support.lifecycle import HOP, NOW, SECRETARY, build_org, draft, drive


def escalated_to_ubnd(tdkt: App) -> App:
    """Three people and CS1 itself proposed for Bằng khen UBND tỉnh, escalated twice."""
    build_org(tdkt)
    codes = [draft(tdkt, "BK_UBND", person=p) for p in ("DV1", "DV2", "DV3")]
    codes.append(draft(tdkt, "BK_UBND", unit="CS1"))
    for code in codes:
        drive(tdkt, code, [Trigger.submit, *HOP])
    day = NOW + timedelta(days=1)
    escalate_round(tdkt.uow, round_code="TK-2025", unit_code="THAN-UYEN", actor=SECRETARY, now=day)
    for code in codes:
        drive(tdkt, code, HOP, now=day)
    report = escalate_round(
        tdkt.uow,
        round_code="TK-2025",
        unit_code="LDLD-LC",
        actor=SECRETARY,
        now=NOW + timedelta(days=2),
    )
    assert [len(s.sent) for s in report.submissions] == [4]
    return tdkt
