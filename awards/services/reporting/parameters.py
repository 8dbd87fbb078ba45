"""Reporting parameters from awards/data/report_policy.yaml: share targets, wording, issuers."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from awards.data import DATA_DIR
from awards.errors import ConfigError
from awards.model import Award
from awards.reports.documents import Issuer, Signature

POLICY_FILE = DATA_DIR / "report_policy.yaml"
CERTIFICATE_FILE = DATA_DIR / "certificate.yaml"


@dataclass(frozen=True)
class IssuerProfile:
    issuer: Issuer
    signature: Signature
    recipients: tuple[str, ...]
    archive_note: str


@dataclass(frozen=True)
class ReportPolicy:
    direct_target_pct: int
    non_leader_target_pct: int
    kind_short_names: dict[str, str]
    form_phrases: dict[str, str]
    issuers: dict[str, dict[str, Any]]
    default_place: str
    submission_basis: tuple[str, ...] = ()  # "Căn cứ …" lines of a tờ trình and a quyết định
    numbering: dict[str, str] = field(default_factory=dict)  # issuer register key → mode

    def numbering_mode(self, register: str) -> str:
        """ "issuer" (one sequence across kinds) or "kind", for a register key (a unit code)."""
        return self.numbering.get(register, self.numbering.get("default", "kind"))

    def short_name(self, kind_code: str, fallback: str) -> str:
        return self.kind_short_names.get(kind_code, fallback)

    def phrase(self, award: Award) -> str:
        template = self.form_phrases.get(award.form, self.form_phrases["default"])
        return template.format(name=award.name)

    def issuer(self, unit_code: str) -> IssuerProfile:
        raw = self.issuers.get(unit_code)
        if raw is None:
            raise ConfigError(
                f"Chưa khai báo cơ quan ban hành văn bản cho đơn vị '{unit_code}' (mục issuers "
                f"trong {POLICY_FILE.name}): cần tên, ký hiệu, địa danh và người ký."
            )
        issuer = Issuer(raw["parent_name"], raw["name"], raw["short_code"], raw["place"])
        sig = raw["signature"]
        return IssuerProfile(
            issuer,
            Signature(sig["on_behalf"], sig["title"], sig["name"]),
            tuple(raw.get("report_recipients", ())),
            raw.get("archive_note", "VT"),
        )


@lru_cache(maxsize=4)
def load_report_policy(path: Path = POLICY_FILE) -> ReportPolicy:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    shares = raw["shares"]
    return ReportPolicy(
        direct_target_pct=int(shares["direct_worker_target_pct"]["value"]),
        non_leader_target_pct=int(shares["non_leader_target_pct"]["value"]),
        kind_short_names=dict(raw["kind_short_names"]),
        form_phrases=dict(raw["form_phrases"]),
        issuers=dict(raw["issuers"]),
        default_place=str(raw["default_place"]),
        submission_basis=tuple(b["citation"] for b in raw.get("submission_basis", ())),
        numbering={str(k): str(v) for k, v in raw.get("numbering", {}).items()},
    )


@lru_cache(maxsize=4)
def load_certificate_template(path: Path = CERTIFICATE_FILE) -> dict[str, Any]:
    """The certificate's wording and layout (awards/data/certificate.yaml)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    missing = [k for k in ("page", "fonts", "forms", "lines") if k not in raw]
    if missing:
        raise ConfigError(f"Mẫu giấy khen, bằng khen {path.name} thiếu mục: {', '.join(missing)}.")
    return dict(raw)
