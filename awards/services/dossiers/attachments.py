"""Attachments of a dossier: size-limited, type-checked by content, stored by content hash.

A file is accepted only when its extension and its first bytes agree (a PDF must start with
%PDF-, an image with its signature, DOCX/XLSX with the ZIP header), so a renamed executable or
HTML page is refused. Files live under <data>/attachments/<sha256[:2]>/<sha256><ext>.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path, PurePath
from typing import BinaryIO

from awards.errors import NotFoundError, TransitionNotAllowed, ValidationError
from awards.model import Attachment
from awards.model.dossier import ATTACHMENT_LABELS
from awards.permissions import Action
from awards.repository import UnitOfWorkFactory
from awards.repository.dossiers import DossierRow
from awards.services.accounts.access import Principal, authorize
from awards.services.dossiers.page import check_dossier
from states import UNIT_EDITABLE_STATES, DossierState

MAX_BYTES = 10 * 1024 * 1024  # a resource limit of ours, not a legal number
CHUNK = 64 * 1024
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}
# What a browser may show in the page itself (files are signature-checked on upload).
INLINE: dict[str, str] = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
MEDIA: dict[str, str] = {
    **INLINE,
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
KINDS: dict[str, str] = ATTACHMENT_LABELS  # the kinds an upload may have, with labels


def add_attachment(
    uow_factory: UnitOfWorkFactory,
    principal: Principal | None,
    code: str,
    *,
    kind: str,
    filename: str,
    stream: BinaryIO,
    folder: Path,
    now: datetime,
    max_bytes: int = MAX_BYTES,
) -> int:
    """Check, store and record one file; nothing is kept when any check fails.

    `principal` None is the operator at the console (`tdkt dossier attach`), like every command.
    """
    name = PurePath(filename.replace("\\", "/")).name.strip()[:200]
    ext = PurePath(name).suffix.lower()
    if kind not in KINDS:
        raise ValidationError(f"Loại tài liệu '{kind}' không có; chọn trong danh sách.")
    if ext not in SIGNATURES:
        raise ValidationError(
            f"Tệp '{name}' có đuôi không nhận: chỉ nhận {', '.join(sorted(SIGNATURES))}."
        )
    with uow_factory(write=False) as uow:
        rows = uow.dossiers.load_rows(codes=[code], lock=False)
    if not rows:
        raise NotFoundError(f"Không có hồ sơ mã '{code}'.")
    row = rows[0]
    if principal is not None:
        authorize(principal, Action.attach, [row.nominating_unit_id], f"hồ sơ {code}")
    _require_editable(row)
    digest, size, tmp = _spool(stream, folder, max_bytes, name)
    try:
        _check_signature(tmp, ext, name)
        target = folder / digest[:2] / f"{digest}{ext}"
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    with uow_factory() as uow:
        _require_editable(uow.dossiers.load_rows(codes=[code])[0])  # under the row lock
        att = Attachment(
            dossier_id=row.id,
            kind=kind,
            filename=name,
            size_bytes=size,
            sha256=digest,
            uploaded_at=now,
            uploaded_by=principal.username if principal is not None else CONSOLE,
        )
        attachment_id = uow.dossiers.add_attachment(att)
        uow.commit()
        return attachment_id


CONSOLE = "máy chủ (dòng lệnh)"  # who `tdkt dossier attach` records: the operator at the console


def _require_editable(row: DossierRow) -> None:
    """Files go in while the unit still edits the dossier (the lifecycle's editable states)."""
    if row.state not in UNIT_EDITABLE_STATES:
        editable = ", ".join(f'"{s.label}"' for s in sorted(UNIT_EDITABLE_STATES))
        raise TransitionNotAllowed(
            f"Không thể đính kèm tài liệu vào hồ sơ {row.code} ở trạng thái "
            f'"{DossierState(row.state).label}": chỉ đính kèm khi hồ sơ ở trạng thái {editable}.'
        )


def _spool(stream: BinaryIO, folder: Path, max_bytes: int, name: str) -> tuple[str, int, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    sha, size = hashlib.sha256(), 0
    fd, tmp_name = tempfile.mkstemp(dir=folder, suffix=".part")
    tmp = Path(tmp_name)
    with os.fdopen(fd, "wb") as out:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > max_bytes:
                out.close()
                tmp.unlink(missing_ok=True)
                raise ValidationError(
                    f"Tệp '{name}' vượt quá {max_bytes // (1024 * 1024)} MB; "
                    "nén hoặc tách tệp rồi tải lên lại."
                )
            sha.update(chunk)
            out.write(chunk)
    if size == 0:
        tmp.unlink(missing_ok=True)
        raise ValidationError(f"Tệp '{name}' rỗng.")
    return sha.hexdigest(), size, tmp


def _check_signature(path: Path, ext: str, name: str) -> None:
    with path.open("rb") as fh:
        head = fh.read(16)
    if not any(head.startswith(sig) for sig in SIGNATURES[ext]):
        raise ValidationError(
            f"Nội dung tệp '{name}' không phải {ext[1:].upper()} như đuôi tệp; "
            "tải lên đúng tệp gốc."
        )


@dataclass(frozen=True)
class StoredFile:
    """An attachment ready to send: where it lies, what it is, whether it may show inline."""

    path: Path
    filename: str
    media_type: str
    inline: bool


def previewable(filename: str) -> str | None:
    """'pdf' or 'image' when the dossier page can show the file itself, else None."""
    ext = PurePath(filename).suffix.lower()
    if ext not in INLINE:
        return None
    return "pdf" if ext == ".pdf" else "image"


def open_attachment(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    code: str,
    attachment_id: int,
    *,
    folder: Path,
    today: date,
) -> StoredFile:
    """An attachment of a dossier the user may view (the same check as the dossier page)."""
    check_dossier(uow_factory, principal, code, Action.view, today)
    with uow_factory(write=False) as uow:
        att = uow.screens.attachment_of(code, attachment_id)
    if att is None:
        raise NotFoundError(f"Hồ sơ {code} không có tài liệu số {attachment_id}.")
    ext = PurePath(att.filename).suffix.lower()
    path = folder / att.sha256[:2] / f"{att.sha256}{ext}"
    if not path.is_file():
        raise NotFoundError(
            f"Tệp '{att.filename}' của hồ sơ {code} không còn trong kho lưu trữ; "
            "đề nghị đơn vị đề nghị tải lên lại."
        )
    return StoredFile(path, att.filename, MEDIA.get(ext, "application/octet-stream"), ext in INLINE)
