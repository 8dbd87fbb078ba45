"""Objections (ý kiến phản ánh) received during a dossier's công khai window.

The secretariat of the level holding the dossier records each one (who sent it, what it says)
and later its outcome; both writes are audited (document_event). An objection still open keeps
the dossier in công khai: the lifecycle's guard (`notice_cleared`) reads the open ones.
`principal` None is the operator at the console (`tdkt dossier objection …`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from awards.errors import NotFoundError, TransitionNotAllowed
from awards.fields import require, text_problem
from awards.model import DocumentEvent, Objection
from awards.permissions import Action
from awards.repository import UnitOfWork, UnitOfWorkFactory
from awards.repository.dossiers import DossierRow
from awards.services.accounts.access import Principal, authorize
from states import DossierState

CONSOLE = "máy chủ (dòng lệnh)"
AUTHOR_MAX, CONTENT_MAX = 200, 4000  # the columns' sizes


@dataclass(frozen=True)
class ObjectionLine:
    id: int
    received_at: datetime
    author: str
    content: str
    recorded_by: str
    resolved: bool
    resolution: str
    resolved_by: str
    resolved_at: datetime | None


def objection_line(o: Objection) -> ObjectionLine:
    assert o.id is not None
    return ObjectionLine(
        o.id,
        o.received_at,
        o.author,
        o.content,
        o.recorded_by,
        o.resolved,
        o.resolution,
        o.resolved_by,
        o.resolved_at,
    )


def _acting(uow: UnitOfWork, row: DossierRow) -> int:
    return uow.org.liaison_of(row.current_unit_id) or row.current_unit_id


def _check(uow: UnitOfWork, principal: Principal | None, row: DossierRow) -> None:
    if principal is not None:
        authorize(principal, Action.record_objection, [_acting(uow, row)], f"hồ sơ {row.code}")


def objections_of(uow_factory: UnitOfWorkFactory, code: str) -> list[ObjectionLine]:
    """The objections of a dossier, oldest first (the dossier page checks who may see it)."""
    with uow_factory(write=False) as uow:
        row = uow.dossiers.row(code)
        return [objection_line(o) for o in uow.dossiers.objections(row.id)]


def may_record(uow_factory: UnitOfWorkFactory, principal: Principal, code: str) -> bool:
    with uow_factory(write=False) as uow:
        row = uow.dossiers.row(code)
        acting = _acting(uow, row)
    return principal.may(Action.record_objection, [acting]) is not None


def record_objection(
    uow_factory: UnitOfWorkFactory,
    principal: Principal | None,
    code: str,
    *,
    author: str,
    content: str,
    received_on: date,
    now: datetime,
) -> int:
    """Record one objection against a dossier in công khai; returns its number."""
    author, content = author.strip(), content.strip()
    require(
        author=text_problem("Người gửi ý kiến", author, AUTHOR_MAX)
        or (None if author else "Ghi người gửi ý kiến (họ tên, đơn vị)."),
        content=text_problem("Nội dung ý kiến", content, CONTENT_MAX, multiline=True)
        or (None if content else "Ghi nội dung ý kiến phản ánh."),
    )
    actor = principal.username if principal is not None else CONSOLE
    with uow_factory() as uow:
        row = uow.dossiers.row(code)
        _check(uow, principal, row)
        if row.state != DossierState.public_notice:
            raise TransitionNotAllowed(
                f'Hồ sơ {code} đang ở trạng thái "{DossierState(row.state).label}": ý kiến '
                f'được ghi khi hồ sơ ở trạng thái "{DossierState.public_notice.label}".'
            )
        received = datetime.combine(received_on, now.timetz())
        objection_id = uow.dossiers.save_objection(
            Objection(
                dossier_id=row.id,
                received_at=received,
                author=author,
                content=content,
                recorded_by=actor,
            )
        )
        uow.reports.add_event(
            DocumentEvent(
                at=now,
                actor=actor,
                subject=f"objection:{objection_id}",
                action="recorded",
                data={"dossier": code, "author": author, "content": content},
            )
        )
        uow.commit()
    return objection_id


def resolve_objection(
    uow_factory: UnitOfWorkFactory,
    principal: Principal | None,
    objection_id: int,
    *,
    outcome: str,
    now: datetime,
) -> str:
    """Record how an objection was settled; returns the dossier's code."""
    outcome = outcome.strip()
    require(
        outcome=text_problem("Kết quả xử lý", outcome, CONTENT_MAX, multiline=True)
        or (None if outcome else "Ghi kết quả xem xét, xử lý ý kiến.")
    )
    actor = principal.username if principal is not None else CONSOLE
    with uow_factory() as uow:
        objection = uow.dossiers.objection(objection_id)
        if objection is None:
            raise NotFoundError(f"Không có ý kiến số {objection_id}.")
        dossier = uow.dossiers.get(objection.dossier_id)
        assert dossier is not None
        _check(uow, principal, uow.dossiers.row(dossier.code))
        if objection.resolved:
            raise TransitionNotAllowed(
                f"Ý kiến số {objection_id} đã có kết quả xử lý ({objection.resolution})."
            )
        objection.resolved, objection.resolution = True, outcome
        objection.resolved_by, objection.resolved_at = actor, now
        uow.dossiers.save_objection(objection)
        uow.reports.add_event(
            DocumentEvent(
                at=now,
                actor=actor,
                subject=f"objection:{objection_id}",
                action="resolved",
                data={"dossier": dossier.code, "outcome": outcome},
            )
        )
        uow.commit()
        return dossier.code
