"""Who issues a union level's documents: built from the organisation for every level, with
the profiles in report_policy.yaml (issuers) as overrides.

From the tree: the unit's name, its parent's name, the document symbol of its kind, and the
place of the nearest level above it that has a profile (else the policy's default place). A
level without a profile therefore issues its báo cáo and tờ trình like any other; the user is
never sent to a YAML file.
"""

from __future__ import annotations

from datetime import date

from awards.reports.documents import Issuer, Signature
from awards.repository import UnitOfWork, UnitOfWorkFactory
from awards.services.reporting.parameters import IssuerProfile, ReportPolicy, load_report_policy


def issuer_of(uow: UnitOfWork, unit_id: int, on: date, policy: ReportPolicy) -> IssuerProfile:
    """The configured profile of the unit, or one built from the tree."""
    unit = uow.org.by_id(unit_id, on)
    if unit.code in policy.issuers:
        return policy.issuer(unit.code)
    parent = uow.org.by_id(unit.parent_id, on).name if unit.parent_id else ""
    symbol = uow.org.doc_symbol(unit.kind_code, unit.code)
    on_behalf = "TM. ỦY BAN NHÂN DÂN" if unit.is_state_body else "TM. BAN THƯỜNG VỤ"
    return IssuerProfile(
        Issuer(parent, unit.name, symbol, _place(uow, unit_id, on, policy)),
        Signature(on_behalf, "CHỦ TỊCH", ""),
        (),
        "VT",
    )


def _place(uow: UnitOfWork, unit_id: int, on: date, policy: ReportPolicy) -> str:
    for above in uow.org.ancestor_ids(unit_id, on)[1:]:
        code = uow.org.by_id(above, on).code
        if code in policy.issuers:
            return policy.issuer(code).issuer.place
    return policy.default_place


def issuer_of_code(
    uow_factory: UnitOfWorkFactory, code: str, on: date, policy: ReportPolicy | None = None
) -> IssuerProfile:
    with uow_factory(write=False) as uow:
        unit = uow.org.by_code(code, on)
        return issuer_of(uow, unit.id, on, policy or load_report_policy())
