"""Issued quyết định: the list of a level, one record with its DOCX, and its PDF."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from awards.errors import ValidationError
from awards.model import Decision
from awards.repository import UnitOfWorkFactory


@dataclass(frozen=True)
class DecisionSummary:
    code: str
    round_code: str
    level_unit_id: int
    level_code: str
    level_name: str
    award_name: str
    document_no: str
    issued_on: date
    signer: str
    dossier_codes: tuple[str, ...]

    @property
    def stem(self) -> str:
        return f"quyet-dinh-{self.document_no.replace('/', '-')}"


def list_decisions(
    uow_factory: UnitOfWorkFactory,
    *,
    level_code: str | None = None,
    round_code: str | None = None,
    unit_ids: Sequence[int] | None = None,
) -> list[DecisionSummary]:
    """Decisions, newest first: of one level, of the given levels, or (neither) of every level."""
    with uow_factory(write=False) as uow:
        if level_code:
            unit_ids = [uow.org.require_id(level_code)]
        found = uow.decisions.listed(unit_ids, round_code)
        awards = uow.rounds.awards()
        levels = {d.level_unit_id for d, _ in found}
        names = uow.org.labels(sorted(levels), date.today())
    return [_summary(d, r, names, awards[d.award_code].name) for d, r in found]


def decision_record(uow_factory: UnitOfWorkFactory, code: str) -> tuple[DecisionSummary, bytes]:
    """One decision and the DOCX stored when it was issued (the document as signed)."""
    with uow_factory(write=False) as uow:
        d = uow.decisions.by_code(code)
        rnd = uow.rounds.by_ids({d.round_id})[d.round_id]
        award = uow.rounds.award(d.award_code)
        names = uow.org.labels([d.level_unit_id], d.issued_on)
    return _summary(d, rnd.code, names, award.name if award else d.award_code), d.docx


def _summary(
    d: Decision, round_code: str, names: dict[int, tuple[str, str]], award: str
) -> DecisionSummary:
    level_code, level_name = names.get(d.level_unit_id, ("", ""))
    return DecisionSummary(
        code=d.code,
        round_code=round_code,
        level_unit_id=d.level_unit_id,
        level_code=level_code,
        level_name=level_name,
        award_name=award,
        document_no=d.document_no,
        issued_on=d.issued_on,
        signer=d.signer_name,
        dossier_codes=tuple(d.dossier_codes or ()),
    )


def docx_to_pdf(docx: bytes, stem: str) -> bytes:
    """The PDF LibreOffice makes of a DOCX (the office prints and archives this one)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ValidationError(
            "Máy chủ chưa cài LibreOffice nên chưa tạo được PDF; tải bản DOCX, hoặc nhờ quản trị "
            "cài gói libreoffice-writer-nogui."
        )
    with tempfile.TemporaryDirectory(prefix="tdkt-pdf-") as tmp:
        src = Path(tmp) / f"{stem}.docx"
        src.write_bytes(docx)
        profile = Path(tmp) / "profile"
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        return (Path(tmp) / f"{stem}.pdf").read_bytes()
