"""Guards every route shares before a move is written (issue 16): the council and the decision.

- approve / reject out of on_agenda are the council's outcome: the request names the council
  session whose group decided the dossier, and that session is closing or closed, at the level
  holding the dossier, with the matching outcome on the dossier's agenda item. Outcomes are
  written only by council.outcomes.decide, which refuses without a quorum and applies the
  threshold and quotas, so a recorded outcome is the proof of a vote.
- decide needs the chair (the role the permission table gives the decision to) and a decision
  record: a number of the NĐ 30 shape, a date and a signer.

`check` is a pure function over what `refusals` reads; the plain move path (web, API, CLI, bulk)
has no session to name, so it is refused with a message pointing at the council's screen.
"""

from __future__ import annotations

from collections.abc import Sequence

from awards.fields import decision_no_problem
from awards.permissions import Action, Scope, roles_for
from awards.repository import UnitOfWork
from awards.repository.dossiers import DossierRow
from awards.repository.integrity import CouncilRecord
from awards.services.lifecycle.plan import MoveRequest
from states import Trigger

COUNCIL_OUTCOMES: dict[Trigger, str] = {Trigger.approve: "approved", Trigger.reject: "not_approved"}
COUNCIL_SCREEN = 'màn hình "Phiên họp Hội đồng" (/council)'
_DECIDED = ("closing", "closed")


def council_only(trigger: Trigger) -> bool:
    """Moves no person makes by hand: the lifecycle offers no button for them."""
    return trigger in COUNCIL_OUTCOMES


def check(
    row: DossierRow, req: MoveRequest, record: CouncilRecord | None, deciders: Sequence[str]
) -> str | None:
    """Why this move may not be written, or None."""
    t = req.trigger
    if t in COUNCIL_OUTCOMES:
        return _council(row, req, record)
    if t is Trigger.decide and req.actor.role not in deciders:
        return (
            "chỉ Chủ tịch Hội đồng của cấp có thẩm quyền ký quyết định khen thưởng; "
            "đăng nhập bằng tài khoản Chủ tịch Hội đồng"
        )
    if t in (Trigger.decide, Trigger.record_award):
        problem = decision_no_problem(req.decision_no)
        if problem:
            return problem
        if req.decision_date is None:
            return "thiếu ngày quyết định"
        if not (req.decision_signer or "").strip():
            return "thiếu người ký quyết định; nhập họ tên người ký"
    return None


def _council(row: DossierRow, req: MoveRequest, record: CouncilRecord | None) -> str | None:
    how = (
        f"chỉ Hội đồng Thi đua – Khen thưởng quyết định việc này, khi kết thúc phiên họp đủ số "
        f"thành viên và đạt tỷ lệ phiếu; hãy biểu quyết và kết thúc phiên trên {COUNCIL_SCREEN}"
    )
    if req.council_session is None:
        return how
    where = f"phiên họp {req.council_session}"
    if record is None:
        return f"hồ sơ không có trong {where}; {how}"
    if record.session_status not in _DECIDED:
        return f"{where} chưa kết thúc; {how}"
    if record.council_unit_id != row.current_unit_id:
        return f"{where} là của Hội đồng cấp khác; {how}"
    if record.outcome != COUNCIL_OUTCOMES[req.trigger]:
        return f"kết quả của {where} không phải như vậy; {how}"
    return None


def message(code: str, trigger: Trigger, why: str) -> str:
    return f'Không thể "{trigger.label}" hồ sơ {code}: {why.rstrip(".")}.'


def refusals(uow: UnitOfWork, rows: Sequence[DossierRow], req: MoveRequest) -> dict[str, str]:
    """Each refused row's code with its reason, for one request over these rows."""
    records: dict[int, CouncilRecord] = {}
    if req.trigger in COUNCIL_OUTCOMES and req.council_session is not None:
        records = uow.integrity.council_records(req.council_session, [r.id for r in rows])
    deciders = roles_for(Action.decide, Scope.own)
    out: dict[str, str] = {}
    for row in rows:
        why = check(row, req, records.get(row.id), deciders)
        if why is not None:
            out[row.code] = message(row.code, req.trigger, why)
    return out
