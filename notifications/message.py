"""Build a standard `EmailMessage` from a rendered template.

The Message-ID is the caller's, kept exactly: the outbox derives it from the row (see
`make_message_id`), so a re-send of the same row carries the same Message-ID and the
receiving side can recognise the duplicate.

Subject and address headers are encoded here and stored raw (`set_raw`): the folding
of Python 3.11's email package drops the space between two RFC 2047 encoded words
("thi đua" came back as "thiđua"), which hits nearly every long Vietnamese subject.
`email.header.Header` splits inside encoded words, keeping every space.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr

from notifications.render import RenderedMessage

__all__ = ["Attachment", "build_email", "make_message_id"]

_MESSAGE_ID = re.compile(r"<[^<>@\s]+@[^<>@\s]+>")
_KEY_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


@dataclass(frozen=True)
class Attachment:
    """A file attached to an e-mail (a scheduled report, a decision scan…)."""

    filename: str
    content: bytes
    mime_type: str = "application/octet-stream"


def make_message_id(key: str, domain: str) -> str:
    """A stable Message-ID for an outbox key: ``<tdkt.outbox-42@tdkt.example.vn>``."""
    return f"<tdkt.{_KEY_UNSAFE.sub('_', key)}@{domain}>"


def _check_message_id(message_id: str) -> str:
    if not _MESSAGE_ID.fullmatch(message_id):
        raise ValueError(
            f"Message-ID {message_id!r} is not of the form '<local@domain>'; "
            "use make_message_id(key, domain)"
        )
    return message_id


def _no_line_breaks(value: str, what: str) -> str:
    if len(value.splitlines()) > 1 or "\r" in value or "\n" in value:
        raise ValueError(f"{what} {value!r} contains a line break")
    return value


def _format_address(address: str | Address) -> str:
    if isinstance(address, Address):
        name, addr = address.display_name, address.addr_spec
    else:
        name, addr = parseaddr(_no_line_breaks(address, "Address"))
    if "@" not in addr:
        raise ValueError(f"Address {address!r} has no 'user@domain' part")
    return formataddr((name, addr), charset="utf-8")


def _address_header(addresses: Sequence[str | Address]) -> str:
    return ",\n ".join(_format_address(address) for address in addresses)


def _subject_header(subject: str) -> str:
    _no_line_breaks(subject, "Subject")
    if subject.isascii():
        return subject
    return Header(subject, "utf-8", header_name="Subject").encode()


def _add_attachment(message: EmailMessage, attachment: Attachment) -> None:
    maintype, _, subtype = attachment.mime_type.partition("/")
    if not subtype:
        raise ValueError(f"Attachment {attachment.filename!r}: mime type must be 'type/subtype'")
    message.add_attachment(
        attachment.content, maintype=maintype, subtype=subtype, filename=attachment.filename
    )


def build_email(
    rendered: RenderedMessage,
    *,
    sender: str | Address,
    to: str | Address | Sequence[str | Address],
    message_id: str,
    headers: Mapping[str, str] | None = None,
    attachments: Sequence[Attachment] = (),
    date: datetime | None = None,
) -> EmailMessage:
    """A UTF-8 multipart/alternative (text + HTML) message, with optional attachments.

    `date` defaults to now (UTC); pass the outbox row's creation time to make a re-send
    byte-identical. Header values with line breaks are refused (header injection).
    """
    recipients = [to] if isinstance(to, str | Address) else list(to)
    if not recipients:
        raise ValueError("build_email needs at least one recipient in 'to'")
    message = EmailMessage()
    message.set_raw("Subject", _subject_header(rendered.subject))
    message.set_raw("From", _format_address(sender))
    message.set_raw("To", _address_header(recipients))
    message["Message-ID"] = _check_message_id(message_id)
    message["Date"] = format_datetime(date or datetime.now(UTC))
    for name, value in (headers or {}).items():
        message[name] = value  # the default policy rejects CR/LF in values
    message.set_content(rendered.text, charset="utf-8")
    message.add_alternative(rendered.html, subtype="html", charset="utf-8")
    for attachment in attachments:
        _add_attachment(message, attachment)
    return message
