"""The báo cáo thành tích form of a dossier, for whoever may see the dossier (its unit officer
completes it and attaches it back)."""

from __future__ import annotations

from datetime import date

from awards.repository import UnitOfWorkFactory
from awards.services.accounts.access import Principal
from awards.services.dossiers.page import dossier_page
from awards.services.reporting.office_docs import achievement_docx
from awards.settings import Settings


def achievement_docx_as(
    uow_factory: UnitOfWorkFactory,
    settings: Settings,
    principal: Principal,
    code: str,
    today: date,
) -> tuple[str, bytes]:
    dossier_page(uow_factory, principal, code, today=today)  # the dossier page's own check
    return achievement_docx(uow_factory, code, today, settings.data_dir)
