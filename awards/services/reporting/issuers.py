"""Who issues a union level's báo cáo: the same builder as the tờ trình and the other documents
(escalation.documents.issuer_profile: the profile in report_policy.yaml as an override, else the
organisation's name, parent, kind symbol, and the council's place and chair), so a level
without a profile issues its reports like any other; the user is never sent to a YAML file.
"""

from __future__ import annotations

from datetime import date

from awards.repository import UnitOfWork, UnitOfWorkFactory
from awards.services.escalation.documents import issuer_profile
from awards.services.reporting.parameters import IssuerProfile, ReportPolicy, load_report_policy


def issuer_of(uow: UnitOfWork, unit_id: int, on: date, policy: ReportPolicy) -> IssuerProfile:
    return issuer_profile(uow, unit_id, on, policy)


def issuer_of_code(
    uow_factory: UnitOfWorkFactory, code: str, on: date, policy: ReportPolicy | None = None
) -> IssuerProfile:
    with uow_factory(write=False) as uow:
        unit = uow.org.by_code(code, on)
        return issuer_profile(uow, unit.id, on, policy or load_report_policy())
