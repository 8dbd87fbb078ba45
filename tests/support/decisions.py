"""A level with approved dossiers it may decide: LĐLĐ huyện Than Uyên holding three Giấy khen
of CS1 (two people and the collective), approved by its council, ready for its quyết định."""

from __future__ import annotations

from datetime import date, timedelta

from awards.bootstrap import App
from awards.services.decisions.issue import DecisionDoc, DecisionInput, issue_decisions
from awards.services.escalation.escalate import escalate_round
from states import Trigger
from tests.support.lifecycle import CHAIR, HOP, NOW, SECRETARY, build_org, draft, drive

LEVEL = "THAN-UYEN"
ROUND = "TK-2025"
SIGNED_ON = date(2025, 12, 20)


def approved_at_level(app: App, *, with_org: bool = True) -> list[str]:
    if with_org:
        build_org(app)
    codes = [draft(app, "GK_CDCT", person=p) for p in ("DV1", "DV2")]
    codes.append(draft(app, "GK_CDCT", unit="CS1"))
    for code in codes:
        drive(app, code, [Trigger.submit, *HOP])
    return codes


def decision_input(**changes: object) -> DecisionInput:
    fields: dict[str, object] = {
        "round_code": ROUND,
        "level_code": LEVEL,
        "signer_name": "Hoàng Thọ Trung",
        "on": SIGNED_ON,
    }
    return DecisionInput(**{**fields, **changes})  # type: ignore[arg-type]


def issued_by_the_province(app: App) -> DecisionDoc:
    """Bằng khen of LĐLĐ tỉnh for two people and CS1, proposed by Than Uyên's Tờ trình
    01/TTr-LĐLĐ of 04/11/2025 and issued by the province on 20/12/2025."""
    build_org(app)
    codes = [draft(app, "BK_LDLD", person=p) for p in ("DV1", "DV2")]
    codes.append(draft(app, "BK_LDLD", unit="CS1"))
    for code in codes:
        drive(app, code, [Trigger.submit, *HOP])
    day = NOW + timedelta(days=1)
    escalate_round(app.uow, round_code=ROUND, unit_code=LEVEL, actor=SECRETARY, now=day)
    for code in codes:
        drive(app, code, HOP, now=day)
    inp = decision_input(level_code="LDLD-LC", signer_name="Lương Xuân Trường")
    [issued] = issue_decisions(app.uow, inp, CHAIR, NOW + timedelta(days=2))
    return issued
