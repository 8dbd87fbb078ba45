"""Attachments of one dossier, read by dossier code (the download and preview routes)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from awards.model import Attachment, Dossier


def attachment_of(s: Session, code: str, attachment_id: int) -> Attachment | None:
    """The attachment `attachment_id` when it belongs to dossier `code`, else None."""
    stmt = (
        select(Attachment)
        .join(Dossier, col(Dossier.id) == col(Attachment.dossier_id))
        .where(col(Dossier.code) == code, col(Attachment.id) == attachment_id)
    )
    return s.exec(stmt).first()
