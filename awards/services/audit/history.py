"""One dossier as stored, with its audit trail: for `tdkt dossier show` and `tdkt rules explain`."""

from __future__ import annotations

from dataclasses import dataclass

from awards.errors import NotFoundError
from awards.model import AuditEvent, Dossier
from awards.repository import UnitOfWorkFactory


@dataclass(frozen=True)
class DossierHistory:
    dossier: Dossier
    events: list[AuditEvent]  # in order; empty when not asked for


def dossier_history(
    uow_factory: UnitOfWorkFactory, code: str, *, events: bool = True
) -> DossierHistory:
    """The dossier of `code` (NotFoundError when there is none) and, if asked, its events."""
    with uow_factory(write=False) as uow:
        dossier = uow.audit.dossier_by_code(code)
        if dossier is None:
            raise NotFoundError(f"Không có hồ sơ mã '{code}'.")
        trail = uow.audit.trail(dossier.id or 0) if events else []
    return DossierHistory(dossier, trail)
