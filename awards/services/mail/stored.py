"""Messages stored as data: written with their template's context, rendered at first delivery.

Every notice of a move and every reminder digest is written this way (rendering them was 14% of
a lifecycle and 72% of a sweep). The subject is rendered at once (the inbox's panel lists it);
the bodies are rendered when delivery first takes the row and are fixed in the row before
anything is sent, so a re-send after a crash is byte-identical (Message-ID, Date and boundary
already were), even if a template changed in between. A row whose template no longer renders
is marked failed with the reason (`tdkt mail failed`), not retried forever. Whoever only reads
a message (a test, a listing) gets it from `message_of`, rendered on the fly, nothing written.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from awards.model import OutboxMessage
from awards.repository.dossiers import outbox_row
from notifications import (
    RenderedMessage,
    RenderError,
    context_from_data,
    context_to_json,
    render,
    render_subject,
)


def stored_row(
    key: str,
    kind: str,
    recipient: str,
    context: Mapping[str, Any],
    now: datetime,
    dossier_id: int | None = None,
) -> dict[str, Any]:
    """A pending outbox row holding `context` for template `kind`; bodies come at delivery."""
    subject = render_subject(kind, context)
    row = outbox_row(key, kind, recipient, RenderedMessage(subject, "", ""), now, dossier_id)
    row["data"] = context_to_json(context)
    return row


def message_of(row: OutboxMessage) -> RenderedMessage:
    """The row's message: its stored bodies, or rendered now from its data (nothing written).

    Raises `RenderError` when the data no longer renders.
    """
    if not _unrendered(row):
        return RenderedMessage(row.subject, row.body_text, row.body_html)
    made = render(row.kind, context_from_data(row.data or {}))
    return RenderedMessage(row.subject, made.text, made.html)


def render_stored(rows: list[OutboxMessage]) -> list[OutboxMessage]:
    """Render the bodies of rows stored as data, in place; returns the rows ready to send.

    The caller's transaction writes the bodies (and the failures) before any row is sent.
    """
    ready = []
    for row in rows:
        if _unrendered(row):
            try:
                made = message_of(row)
            except RenderError as err:
                row.status, row.attempts = "failed", row.attempts + 1
                row.last_error = f"Không tạo được nội dung thư từ mẫu '{row.kind}': {err}"[:2000]
                continue
            row.body_text, row.body_html = made.text, made.html
        ready.append(row)
    return ready


def _unrendered(row: OutboxMessage) -> bool:
    return row.data is not None and not row.body_html
