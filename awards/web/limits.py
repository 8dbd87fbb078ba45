"""Request bodies are size-limited before anything reads them (issue 16): before the session,
CSRF and the route's authentication, so an anonymous client cannot make the server parse 150 MB.

A pure ASGI middleware: a declared Content-Length over the limit is answered 413 at once; a body
without one (chunked) is read here as it arrives and refused once past the limit. Uploads get their
service's own limit plus room for the multipart envelope; everything else gets JSON_LIMIT.
"""

from __future__ import annotations

import json
from typing import Any

from awards.services.appraisal.rule_drafts import MAX_DRAFT
from awards.services.dossiers.attachments import MAX_BYTES as ATTACHMENT_BYTES
from awards.services.nomination.import_form import MAX_BYTES as IMPORT_BYTES
from awards.services.org.desk import UPLOAD_BYTES as ORG_BYTES

JSON_LIMIT = 1024 * 1024  # forms and JSON: a 4.000-character summary is a few KB
ENVELOPE = 64 * 1024  # multipart boundaries and the other form fields
Scope = dict[str, Any]


def limit_for(path: str) -> int:
    if path.endswith("/attachments"):
        return ATTACHMENT_BYTES + ENVELOPE
    if path.endswith("/imports/nominations") or path.endswith("/nominate/upload"):
        return IMPORT_BYTES + ENVELOPE
    if path in ("/org/import", "/org/members/import"):
        return ORG_BYTES + ENVELOPE
    if path.endswith("/rules/simulate"):
        # A draft at its longest, every character escaped (\uXXXX\uXXXX: 12 bytes), still
        # reaches the check that answers its length with a 422 and the line.
        return MAX_DRAFT * 12 + ENVELOPE
    return JSON_LIMIT


class BodyLimit:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = limit_for(scope.get("path", ""))
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _refuse(send, limit)
            return
        if declared is not None:  # the server holds the client to what it declared
            await self.app(scope, receive, send)
            return
        # Chunked: read it here, up to the limit, and hand the app what was read.
        chunks: list[bytes] = []
        seen, more = 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            seen += len(chunks[-1])
            more = message.get("more_body", False)
            if seen > limit:
                await _refuse(send, limit)
                return
        body = b"".join(chunks)
        sent = False

        async def replay() -> Any:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


async def _refuse(send: Any, limit: int) -> None:
    mb = f"{limit / (1024 * 1024):.1f}".replace(".", ",")  # 1,0 MB, as Vietnamese writes it
    body = json.dumps(
        {
            "code": "qua_lon",
            "message": f"Nội dung gửi lên quá lớn (tối đa {mb} MB cho địa chỉ này); "
            "gửi tệp nhỏ hơn hoặc chia thành nhiều lần.",
            "allowed": [],
        },
        ensure_ascii=False,
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
