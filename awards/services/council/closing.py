"""Closing a session: lock it, decide what is undecided, move every dossier, write the minutes.

1. One transaction takes the session from open to closing (a second secretary, or a late vote,
   then gets a ConflictError) after deciding every undecided group; without a quorum nothing
   changes.
2. The dossiers move through the lifecycle: the approved ones in one bulk move (approve, then
   decide where this level decides and a decision is given; the others stay approved for public
   notice or escalation), each not-approved one in its own transaction with its reason.
3. One transaction numbers and stores the minutes and marks the session closed.
An interrupted closing is finished with ``resume=True``: moves already made are not repeated.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from awards.errors import ConflictError
from awards.fields import decision_problems, require
from awards.model import Attachment, CouncilSession
from awards.reports.documents import Nd30Document
from awards.reports.docx_nd30 import docx_bytes
from awards.reports.numbering import format_number
from awards.repository import UnitOfWork, UnitOfWorkFactory
from awards.repository.council import CouncilRepository
from awards.services.council.agenda import default_policy_set
from awards.services.council.minutes import minutes_document
from awards.services.council.minutes_data import minutes_data
from awards.services.council.outcomes import ItemOutcome, decide, write_outcomes
from awards.services.council.tally import secret_item as _secret
from awards.services.council.tally import tally_data, tally_document
from awards.services.lifecycle.move import move_many
from awards.services.lifecycle.plan import Actor, MoveOutcome, MoveRequest
from rules import PolicySet
from states import DossierState, Trigger


@dataclass(frozen=True)
class Decision:
    """The decision issued at this level for the approved dossiers it decides."""

    number: str
    on: date
    signer: str


@dataclass(frozen=True)
class SessionClosed:
    code: str
    outcomes: list[ItemOutcome]
    moves: list[MoveOutcome]
    minutes_number: str
    minutes: bytes = field(repr=False)


def close_session(
    uow_factory: UnitOfWorkFactory,
    session_code: str,
    actor: Actor,
    now: datetime,
    *,
    decision: Decision | None = None,
    resume: bool = False,
    policy_set: PolicySet | None = None,
) -> SessionClosed:
    if decision is not None:  # refused before anything is written, so nothing gets stuck
        require(**decision_problems(decision.number, decision.signer))
    outcomes = _start_closing(uow_factory, session_code, actor, now, resume, policy_set)
    moves = _move_dossiers(uow_factory, session_code, actor, now, decision)
    number, data = _finish(uow_factory, session_code, actor, now)
    return SessionClosed(session_code, outcomes, moves, number, data)


def _start_closing(
    uow_factory: UnitOfWorkFactory,
    code: str,
    actor: Actor,
    now: datetime,
    resume: bool,
    policy_set: PolicySet | None,
) -> list[ItemOutcome]:
    with uow_factory() as uow:
        councils = uow.councils
        sess = councils.session_by_code(code, lock="update")
        if sess.status == "closed":
            raise ConflictError(f"Phiên họp {code} đã kết thúc (biên bản {sess.minutes_number}).")
        if sess.status == "closing" and not resume:
            raise ConflictError(
                f"Phiên họp {code} đang được {sess.closing_by} kết thúc (từ "
                f'{sess.closing_at:%H:%M %d/%m/%Y}); nếu việc đó bị gián đoạn, bấm "Tiếp tục kết '
                'thúc phiên" trên màn hình phiên họp (hoặc chạy lại với --resume).'
            )
        assert sess.id is not None
        if sess.status == "open":
            items = [i for i in councils.items_of(sess.id, eligibility=False) if i.outcome is None]
            if items:
                decided = decide(councils, sess, items, policy_set or default_policy_set())
                write_outcomes(councils, sess, items, decided, actor, now)
            _trial_minutes(uow, sess, now)
            sess.status, sess.closing_by, sess.closing_at = "closing", actor.name, now
            councils.add(sess)
            councils.log(sess.council_id, actor.name, now, "closing", {"code": code}, sess.id)
        outcomes = _outcomes(councils, sess)
        uow.commit()
    return outcomes


def _trial_minutes(uow: UnitOfWork, sess: CouncilSession, now: datetime) -> None:
    """Render the minutes once before the session leaves `open`: whatever in its data cannot be
    rendered fails here, while nothing is committed, instead of after the dossiers moved. They
    are rendered with the number the council's register would give now and the closing time,
    so `_finish` reuses these bytes unless another biên bản took that number meanwhile."""
    no = uow.registers.peek(*_register(sess))
    _documents(uow.councils, sess, no, now)


def _register(sess: CouncilSession) -> tuple[str, str, date, str]:
    """The council's own register (its biên bản are numbered by the council, not the unit)."""
    return f"council-{sess.council_id}", "BB", sess.held_on, f"minutes:{sess.code}"


def _documents(
    councils: CouncilRepository, sess: CouncilSession, no: int, ended_at: datetime
) -> tuple[str, bytes, bytes | None]:
    """The minutes' number, the biên bản and, for secret ballots, the biên bản kiểm phiếu."""
    data = minutes_data(councils, sess, no, ended_at=ended_at)
    number = format_number(no, "BB", data.short_code)
    tally = tally_data(councils, sess.code, no, number, ended_at, minutes=data)
    tally_doc = _rendered(tally_document(tally)) if tally is not None else None
    return number, _rendered(minutes_document(data)), tally_doc


@lru_cache(maxsize=4)
def _rendered(document: Nd30Document) -> bytes:
    """The DOCX of a document, rendered once for identical content (the trial and the final
    render of one closing)."""
    return docx_bytes(document)


def _outcomes(councils: CouncilRepository, sess: CouncilSession) -> list[ItemOutcome]:
    assert sess.id is not None
    items = councils.items_of(sess.id, eligibility=False)
    codes = councils.dossier_codes([i.dossier_id for i in items])
    return [
        ItemOutcome(
            codes[i.dossier_id],
            i.award_code,
            i.outcome or "not_approved",
            i.outcome_reason,
            i.yes_count,
            i.no_count,
        )
        for i in items
    ]


def _move_dossiers(
    uow_factory: UnitOfWorkFactory,
    code: str,
    actor: Actor,
    now: datetime,
    decision: Decision | None,
) -> list[MoveOutcome]:
    with uow_factory() as uow:
        sess = uow.councils.session_by_code(code)
        outcomes = _outcomes(uow.councils, sess)
        states = uow.councils.dossier_states([o.code for o in outcomes])
    waiting = [o for o in outcomes if states.get(o.code) == DossierState.on_agenda]
    council = Actor(actor.name, "council")
    data = {"council_session": code}
    approved = [o.code for o in waiting if o.outcome == "approved"]
    moves: list[MoveOutcome] = []
    if approved:
        req = MoveRequest(
            Trigger.approve,
            council,
            now,
            reason=f"Hội đồng thông qua tại phiên {code}",
            data=data,
            council_session=code,
        )
        moves += move_many(uow_factory, req, codes=approved)
    rejected = {o.code: o.reason or "" for o in waiting if o.outcome != "approved"}
    if rejected:
        req = MoveRequest(Trigger.reject, council, now, reason="", data=data, council_session=code)
        moves += move_many(uow_factory, req, codes=list(rejected), reasons=rejected)
    if decision is not None:
        moves += _decide(uow_factory, outcomes, states, actor, now, decision)
    return moves


def _decide(
    uow_factory: UnitOfWorkFactory,
    outcomes: list[ItemOutcome],
    states: dict[str, str],
    actor: Actor,
    now: datetime,
    decision: Decision,
) -> list[MoveOutcome]:
    """Decide the approved dossiers this level holds authority for; the rest stay approved."""
    codes = [
        o.code
        for o in outcomes
        if o.outcome == "approved" and states.get(o.code) != DossierState.awarded
    ]
    req = MoveRequest(
        Trigger.decide,
        Actor(decision.signer, "chair"),
        now,
        decision_no=decision.number,
        decision_date=decision.on,
        decision_signer=decision.signer,
    )
    return [o for o in move_many(uow_factory, req, codes=codes) if o.ok] if codes else []


def _finish(
    uow_factory: UnitOfWorkFactory, code: str, actor: Actor, now: datetime
) -> tuple[str, bytes]:
    with uow_factory() as uow:
        councils = uow.councils
        sess = councils.session_by_code(code, lock="update")
        if sess.status != "closing":
            raise ConflictError(f"Phiên họp {code} đã được người khác kết thúc trong lúc này.")
        assert sess.id is not None
        no = uow.registers.take(*_register(sess))
        # Secret ballots: the biên bản kiểm phiếu, attached to the dossiers it counted.
        number, document, tally_doc = _documents(councils, sess, no, now)
        digest = hashlib.sha256(document).hexdigest()
        sess.status, sess.closed_at = "closed", now
        sess.minutes_number, sess.minutes_sha256, sess.minutes_docx = number, digest, document
        sess.tally_docx = tally_doc
        councils.add(sess)
        files = [("bien_ban_hoi_dong", f"bien-ban-{code}.docx", document)]
        if tally_doc is not None:
            files.append(("ket_qua_phieu_kin", f"bien-ban-kiem-phieu-{code}.docx", tally_doc))
        secret = {i.id for i in councils.items_of(sess.id, eligibility=False) if _secret(i)}
        for item in councils.items_of(sess.id, eligibility=False):
            for kind, filename, content in files:
                if kind == "ket_qua_phieu_kin" and item.id not in secret:
                    continue
                councils.add(
                    Attachment(
                        dossier_id=item.dossier_id,
                        kind=kind,
                        filename=filename,
                        size_bytes=len(content),
                        sha256=hashlib.sha256(content).hexdigest(),
                        uploaded_at=now,
                    )
                )
        councils.log(sess.council_id, actor.name, now, "closed", {"minutes": number}, sess.id)
        uow.commit()
    return number, document
