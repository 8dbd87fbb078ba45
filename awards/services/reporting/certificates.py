"""Bằng khen / Giấy khen certificates of one decision: a PDF per awardee and one merged file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from awards.errors import NotFoundError, ValidationError
from awards.reports.certificates import Certificate, certificate_pdf, certificates_pdf
from awards.reports.documents import issuing_power
from awards.repository import UnitOfWorkFactory
from awards.repository.awardees import Awardee
from awards.services.escalation.documents import issuer_profile
from awards.services.reporting.parameters import (
    IssuerProfile,
    ReportPolicy,
    load_certificate_template,
    load_report_policy,
)

TITLE = {"nam": "Ông", "nu": "Bà"}


@dataclass(frozen=True)
class CertificateFiles:
    decision_no: str
    per_awardee: list[Path]
    merged: Path


def write_certificates(
    uow_factory: UnitOfWorkFactory,
    decision_no: str,
    level_code: str,
    folder: Path,
    *,
    policy: ReportPolicy | None = None,
    dossier_codes: Sequence[str] = (),
) -> CertificateFiles:
    """The certificates of every awardee recorded under ``decision_no`` by ``level_code`` (only
    ``dossier_codes`` when given: two levels with one symbol may both have a 01/QĐ-LĐLĐ)."""
    policy = policy or load_report_policy()
    template = load_certificate_template()
    with uow_factory(write=False) as uow:
        found = uow.reports.awardees(decision_no)
        if dossier_codes:
            found = [a for a in found if a.dossier_code in set(dossier_codes)]
        if not found:
            raise NotFoundError(
                f"Không có hồ sơ đã khen thưởng theo Quyết định số {decision_no}: kiểm tra số "
                "quyết định (ví dụ 15/QĐ-LĐLĐ) hoặc ghi nhận quyết định trước."
            )
        on = found[0].decision_date
        profile = issuer_profile(uow, uow.org.require_id(level_code), on, policy)
    unknown = sorted({a.award_name for a in found if a.award_form not in template["forms"]})
    if unknown:
        raise ValidationError(
            f"Mẫu {', '.join(template['forms'])} không dùng cho: {', '.join(unknown)} (mục "
            "forms trong awards/data/certificate.yaml)."
        )
    certs = [_certificate(a, profile) for a in found]
    folder.mkdir(parents=True, exist_ok=True)
    stem = decision_no.replace("/", "-")
    paths = []
    for awardee, cert in zip(found, certs, strict=True):
        path = folder / f"{stem}-{awardee.dossier_code}.pdf"
        path.write_bytes(certificate_pdf(cert, template))
        paths.append(path)
    merged = folder / f"{stem}-tat-ca.pdf"
    merged.write_bytes(certificates_pdf(certs, template))
    return CertificateFiles(decision_no, paths, merged)


def _certificate(a: Awardee, profile: IssuerProfile) -> Certificate:
    power, signer = issuing_power(profile.issuer, profile.signature, a.award_name)
    if "của ban chấp hành" in a.award_name.lower():  # the award is the executive committee's
        power = f"BAN CHẤP HÀNH {profile.issuer.name.upper()}"
    person = a.nominee_kind == "ca_nhan"
    detail = ", ".join(p for p in (a.position, a.unit_name) if p) if person else a.unit_name
    title = "\n".join(t for t in (signer.on_behalf.upper(), signer.title.upper()) if t)
    return Certificate(
        form=a.award_form,
        issuer_line=power,
        awardee=f"{TITLE.get(a.gender, '')} {a.name}".strip() if person else a.name,
        detail=detail,
        achievement=f"Đã có thành tích xuất sắc trong {a.round_name[:1].lower()}{a.round_name[1:]}",
        decision_no=a.decision_no,
        decision_date=a.decision_date,
        place=profile.issuer.place,
        signer_title=title,
        signer_name=a.decision_signer or signer.name,
    )
