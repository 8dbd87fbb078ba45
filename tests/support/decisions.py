"""A level with approved dossiers it may decide: LĐLĐ huyện Than Uyên holding three Giấy khen
of CS1 (two people and the collective), approved by its council, ready for its quyết định."""

from __future__ import annotations

from datetime import date

from awards.bootstrap import App
from awards.services.decisions.issue import DecisionInput
from states import Trigger
from tests.support.lifecycle import HOP, build_org, draft, drive

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
