"""The required attachments a dossier lacks, and a mark_eligible made by hand despite them.

Appraisal (awards.services.appraisal.appraise) judges completeness with the criteria. A
secretariat may still mark a dossier eligible by hand (the plain move, CLI or bulk): when
required attachments are missing that needs a reason (issue 16), and every such move stores a
manual record in Dossier.eligibility and its audit event, so every screen that shows the
eligibility says "xác nhận thủ công" with the reason. A move made by appraisal names its
policy set (MoveRequest.policy_version); a move by hand does not.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from awards.model import Award
from awards.model.dossier import ATTACHMENT_LABELS
from awards.repository import UnitOfWork
from awards.repository.dossiers import DossierRow
from awards.services.lifecycle.plan import MoveRequest
from rules import RequirementResult
from states import Trigger

COMPLETENESS_BASIS = "Thành phần bắt buộc của hình thức khen thưởng trong danh mục khen thưởng"


def missing_labels(award: Award, have: Collection[str]) -> list[str]:
    """The labels (never the codes) of the award's required attachments not in `have`."""
    return [ATTACHMENT_LABELS.get(k, k) for k in award.required_attachments if k not in have]


def completeness(award: Award, have: Collection[str]) -> RequirementResult:
    missing = missing_labels(award, have)
    named = ", ".join(missing)
    return RequirementResult(
        id="ho-so-day-du",
        params={"required_attachments": list(award.required_attachments)},
        facts_used={"attachments": sorted(have)},
        passed=not missing,
        message=f"Hồ sơ thiếu thành phần: {named}." if missing else "",
        detail="đủ thành phần" if not missing else f"thiếu {named}",
        legal_basis=COMPLETENESS_BASIS,
        status="V-old",
    )


def by_hand(req: MoveRequest) -> bool:
    return req.trigger is Trigger.mark_eligible and req.policy_version is None


def manual_eligibility(
    uow: UnitOfWork, rows: Sequence[DossierRow], req: MoveRequest, awards: dict[str, Award]
) -> tuple[dict[str, str], dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """For a mark_eligible by hand: the refused rows (code → why), and for the others the
    Dossier.eligibility record and the audit event's data, by code."""
    if not by_hand(req) or not rows:
        return {}, {}, {}
    have = uow.dossiers.attachment_kinds([r.id for r in rows])
    reason = req.reason.strip()
    refused: dict[str, str] = {}
    extras: dict[str, dict[str, Any]] = {}
    data: dict[str, dict[str, Any]] = {}
    for row in rows:
        award = awards[row.award_code]
        kinds = have.get(row.id, set())
        missing = missing_labels(award, kinds)
        if missing and not reason:
            refused[row.code] = (
                f"Hồ sơ {row.code} còn thiếu {', '.join(missing)}: xác nhận đủ điều kiện thủ "
                "công phải ghi lý do (ô Lý do), ví dụ đã đối chiếu bản giấy; hoặc bổ sung tài "
                "liệu rồi thẩm định theo bộ chính sách."
            )
            continue
        manual = {
            "reason": reason,
            "actor": req.actor.name,
            "at": req.now.isoformat(),
            "missing": missing,
        }
        extras[row.code] = {
            "eligibility": {
                "eligible": True,
                "manual": manual,
                "reason": f"Xác nhận thủ công: {reason}" if reason else "Xác nhận thủ công",
                "reasons": [],
                "requirements": [completeness(award, kinds).model_dump(mode="json")],
                "award_code": row.award_code,
                "policy_id": None,
                "appraised_at": req.now.isoformat(),
                "actor": req.actor.name,
            }
        }
        data[row.code] = {"manual": True, "missing": missing}
    return refused, extras, data
