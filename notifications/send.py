"""Deliver a batch of e-mails over one SMTP connection, or write them as .eml files.

`send_batch` never raises for a delivery problem: each message gets a `DeliveryResult`
the outbox can store.

- ``sent``: the server accepted the message for at least one recipient; recipients it
  refused are listed in ``refused`` (SMTP succeeds if one recipient is accepted, so a
  "sent" message has not necessarily reached everyone).
- ``transient``: worth retrying on the next delivery run: disconnects, connect errors,
  timeouts, 4xx replies. Each is retried here first, with exponential backoff.
- ``permanent``: retrying cannot help: 5xx replies, every recipient refused with 5xx,
  authentication refused, an address the server cannot take.

Connection-level failures end the batch early: once the server cannot be reached after
every attempt, the remaining messages are reported ``transient`` without trying each one,
and once it refuses our credentials they are reported ``permanent`` with that reply.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from pathlib import Path
from typing import Literal

import aiosmtplib

__all__ = ["DeliveryResult", "SmtpConfig", "send_batch", "write_eml"]

_LOG = logging.getLogger(__name__)

Status = Literal["sent", "transient", "permanent"]


@dataclass(frozen=True)
class SmtpConfig:
    """Where and how to send. Timeouts are in seconds."""

    host: str = "localhost"
    port: int = 25
    sender: str | None = None  # envelope sender; None: taken from each message's From
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    use_tls: bool = False  # implicit TLS (port 465)
    start_tls: bool | None = None  # None: upgrade when the server offers STARTTLS
    validate_certs: bool = True
    timeout: float = 30.0  # per SMTP operation (aiosmtplib's timeout is per read/write)
    total_timeout: float = 120.0  # per message, attempts and backoff included
    max_attempts: int = 4
    backoff_base: float = 1.0  # first retry after this, then doubling
    backoff_max: float = 30.0

    def backoff(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number `attempt` (1-based)."""
        return float(min(self.backoff_max, self.backoff_base * 2 ** (attempt - 1)))


@dataclass(frozen=True)
class DeliveryResult:
    """What happened to one message of a batch, under the caller's key."""

    key: str
    status: Status
    detail: str
    refused: dict[str, str] = field(default_factory=dict)
    attempts: int = 0


class _Failure(Exception):
    """A classified failure of one attempt."""

    def __init__(self, status: Status, detail: str, *, scope: str = "message") -> None:
        super().__init__(detail)
        self.status: Status = status
        self.detail = detail
        self.scope = scope  # "message", or "connection" when it condemns the whole batch
        self.retry_now = False  # a reused connection went stale: reconnect without waiting


def _reply(exc: aiosmtplib.SMTPResponseException) -> str:
    return f"{exc.code} {exc.message}"


def _classify(exc: Exception) -> _Failure:
    """Map an aiosmtplib exception to transient/permanent (order matters: subclasses first)."""
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        refused = "; ".join(f"{r.recipient}: {_reply(r)}" for r in exc.recipients)
        temporary = any(r.code < 500 for r in exc.recipients)
        return _Failure("transient" if temporary else "permanent", f"all refused: {refused}")
    if isinstance(exc, aiosmtplib.SMTPAuthenticationError):
        status: Status = "transient" if exc.code < 500 else "permanent"
        return _Failure(status, f"authentication: {_reply(exc)}", scope="connection")
    if isinstance(exc, aiosmtplib.SMTPConnectError | aiosmtplib.SMTPConnectTimeoutError):
        return _Failure("transient", f"cannot connect: {exc}", scope="connection")
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        return _Failure("transient" if exc.code < 500 else "permanent", _reply(exc))
    if isinstance(exc, aiosmtplib.SMTPNotSupported | ValueError):
        return _Failure("permanent", f"not deliverable: {exc}")
    return _Failure("transient", f"{type(exc).__name__}: {exc}")  # disconnects, timeouts, OSError


class _Connection:
    """One SMTP connection for the batch, opened lazily and reopened after a drop."""

    def __init__(self, config: SmtpConfig) -> None:
        self._config = config
        self._smtp: aiosmtplib.SMTP | None = None

    async def get(self) -> aiosmtplib.SMTP:
        if self._smtp is not None and self._smtp.is_connected:
            return self._smtp
        self.drop()
        c = self._config
        smtp = aiosmtplib.SMTP(
            hostname=c.host,
            port=c.port,
            username=c.username,
            password=c.password,
            use_tls=c.use_tls,
            start_tls=c.start_tls,
            validate_certs=c.validate_certs,
            timeout=c.timeout,
        )
        await smtp.connect()  # also STARTTLS and login when configured
        self._smtp = smtp
        return smtp

    def drop(self) -> None:
        """Forget the connection (after an error or a cancelled command left it unusable)."""
        if self._smtp is not None:
            self._smtp.close()
            self._smtp = None

    async def close(self) -> None:
        if self._smtp is not None and self._smtp.is_connected:
            # The messages are sent; a failed goodbye changes nothing.
            with contextlib.suppress(aiosmtplib.SMTPException, OSError):
                await self._smtp.quit()
        self.drop()


async def _attempt(
    conn: _Connection, key: str, message: EmailMessage, sender: str | None
) -> DeliveryResult:
    try:
        smtp = await conn.get()
        errors, reply = await smtp.send_message(message, sender=sender)
    except (aiosmtplib.SMTPException, OSError, ValueError) as exc:
        failure = _classify(exc)
        if isinstance(exc, OSError):  # disconnects and timeouts (both are OSErrors)
            conn.drop()
            failure.retry_now = isinstance(exc, aiosmtplib.SMTPServerDisconnected)
        raise failure from exc
    refused = {address: f"{r.code} {r.message}" for address, r in errors.items()}
    if refused:
        _LOG.warning("Message %s sent, but refused for %s", key, refused)
    return DeliveryResult(key, "sent", reply, refused)


async def _deliver(
    conn: _Connection, key: str, message: EmailMessage, config: SmtpConfig
) -> tuple[DeliveryResult, str]:
    """Send one message with retries; also return the failure scope ("message"/"connection")."""
    failure = _Failure("transient", "not attempted")
    attempt = 0
    try:
        async with asyncio.timeout(config.total_timeout):
            for attempt in range(1, config.max_attempts + 1):
                try:
                    result = await _attempt(conn, key, message, config.sender)
                    return DeliveryResult(
                        key, "sent", result.detail, result.refused, attempt
                    ), "message"
                except _Failure as exc:
                    failure = exc
                if failure.status == "permanent" or attempt == config.max_attempts:
                    break
                _LOG.info(
                    "Message %s attempt %d failed (%s); retrying", key, attempt, failure.detail
                )
                if not (failure.retry_now and attempt == 1):
                    await asyncio.sleep(config.backoff(attempt))
    except TimeoutError:
        conn.drop()  # a command may have been cut mid-way: the connection is out of step
        failure = _Failure(
            "transient", f"gave up after {config.total_timeout:g} s ({failure.detail})"
        )
    _LOG.warning("Message %s not sent (%s): %s", key, failure.status, failure.detail)
    return DeliveryResult(key, failure.status, failure.detail, {}, attempt), failure.scope


async def send_batch(
    messages: Sequence[tuple[str, EmailMessage]], config: SmtpConfig
) -> list[DeliveryResult]:
    """Send `(key, message)` pairs in order over one reused connection; one result per pair."""
    conn = _Connection(config)
    results: list[DeliveryResult] = []
    try:
        for key, message in messages:
            result, scope = await _deliver(conn, key, message, config)
            results.append(result)
            if result.status != "sent" and scope == "connection":
                detail = f"not attempted: {result.detail}"
                results += [
                    DeliveryResult(k, result.status, detail) for k, _ in messages[len(results) :]
                ]
                break
    finally:
        await conn.close()
    return results


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def eml_name(key: str) -> str:
    """File name for a key: the key itself when safe, else a cleaned key plus a short hash."""
    safe = _UNSAFE.sub("_", key).lstrip(".") or "_"
    if safe == key:
        return f"{safe}.eml"
    return f"{safe}-{hashlib.sha256(key.encode()).hexdigest()[:8]}.eml"


def write_eml(messages: Sequence[tuple[str, EmailMessage]], folder: Path) -> list[Path]:
    """Write each message to ``folder/<key>.eml`` atomically (temp file, fsync, rename).

    A crash never leaves half a file under the final name, and writing a key again
    replaces its file rather than adding a second one.
    """
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for key, message in messages:
        target = folder / eml_name(key)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".eml")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(message.as_bytes(policy=SMTP_POLICY))
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        paths.append(target)
    return paths
