"""Quyết định and certificates on behalf of a signed-in user: the grant is checked on the level
that decides (its secretariat previews, its chair issues: ``decide``) whichever route asks."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from awards.permissions import Action
from awards.repository import UnitOfWorkFactory
from awards.services.accounts.access import Principal, authorize
from awards.services.decisions.issue import (
    DecisionDoc,
    DecisionInput,
    issue_decisions,
    preview_decisions,
)
from awards.services.decisions.records import DecisionSummary, decision_record, list_decisions
from awards.services.lifecycle.plan import Actor
from awards.services.reporting.certificates import CertificateFiles, write_certificates


def _level_id(uow_factory: UnitOfWorkFactory, code: str) -> int:
    with uow_factory(write=False) as uow:
        return uow.org.require_id(code)


@dataclass(frozen=True)
class DecisionsPage:
    level_code: str
    decisions: list[DecisionSummary]
    may_prepare: bool
    may_issue: bool


def decisions_as(
    uow_factory: UnitOfWorkFactory, principal: Principal, level_code: str
) -> DecisionsPage:
    level = _level_id(uow_factory, level_code)
    authorize(principal, Action.view_decisions, [level], f"của đơn vị {level_code}")
    found = list_decisions(uow_factory, level_code=level_code)
    return DecisionsPage(
        level_code,
        found,
        principal.may(Action.prepare_decision, [level]) is not None,
        principal.may(Action.decide, [level]) is not None,
    )


def preview_as(
    uow_factory: UnitOfWorkFactory, principal: Principal, inp: DecisionInput, today: date
) -> list[DecisionDoc]:
    level = _level_id(uow_factory, inp.level_code)
    authorize(principal, Action.prepare_decision, [level], f"của đơn vị {inp.level_code}")
    return preview_decisions(uow_factory, inp, today)


def issue_as(
    uow_factory: UnitOfWorkFactory, principal: Principal, inp: DecisionInput, now: datetime
) -> list[DecisionDoc]:
    """Issued by the chair of the level; the signer defaults to the chair signed in."""
    level = _level_id(uow_factory, inp.level_code)
    grant = authorize(principal, Action.decide, [level], f"của đơn vị {inp.level_code}")
    if not inp.signer_name.strip():
        inp = replace(inp, signer_name=principal.full_name)
    return issue_decisions(uow_factory, inp, Actor(principal.full_name, grant.role), now)


def decision_as(
    uow_factory: UnitOfWorkFactory, principal: Principal, code: str
) -> tuple[DecisionSummary, bytes]:
    summary, docx = decision_record(uow_factory, code)
    authorize(
        principal, Action.view_decisions, [summary.level_unit_id], f"số {summary.document_no}"
    )
    return summary, docx


def certificates_as(
    uow_factory: UnitOfWorkFactory, principal: Principal, code: str, folder: Path
) -> CertificateFiles:
    """The Bằng khen / Giấy khen of every awardee of one issued decision (existing service)."""
    summary, _ = decision_as(uow_factory, principal, code)
    return write_certificates(
        uow_factory,
        summary.document_no,
        summary.level_code,
        folder,
        dossier_codes=summary.dossier_codes,
    )
