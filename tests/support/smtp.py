"""A real aiosmtpd server on 127.0.0.1 with a recording handler, for the mail tests."""

from __future__ import annotations

import asyncio
import email
import email.policy
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from notifications import SmtpConfig
from tests.support.ports import free_port


class RecordingHandler:
    """Stores every accepted message; can refuse recipients, fail DATA, or shut down."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], EmailMessage, Any]] = []
        self.refuse: set[str] = set()
        self.tempfail_data = 0  # answer 451 to this many DATA commands first
        self.data_delay = 0.0
        self.stop_after: int | None = None  # shut down once this many messages arrived
        self.closing = False
        self.stopper: threading.Thread | None = None
        self.controller: Controller | None = None

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if self.closing:
            # Stop the server only now, once the client has its "250" for the last message.
            if self.stopper is None and self.controller is not None:
                self.stopper = threading.Thread(target=self.controller.stop)
                self.stopper.start()
            return "421 4.3.2 Service shutting down"
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 Mailbox does not exist"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.tempfail_data > 0:
            self.tempfail_data -= 1
            return "451 4.3.0 Try again later"
        await asyncio.sleep(self.data_delay)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append((list(envelope.rcpt_tos), message, session.peer))
        if self.stop_after is not None and len(self.received) >= self.stop_after:
            self.closing = True
        return "250 OK"

    def message_ids(self) -> Counter[str]:
        return Counter(str(message["Message-ID"]) for _, message, _ in self.received)


def start(handler: RecordingHandler, port: int) -> Controller:
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    handler.controller = controller
    return controller


@contextmanager
def running_server(
    sender: str, max_attempts: int = 4
) -> Iterator[tuple[RecordingHandler, SmtpConfig]]:
    """A started server and the client settings that reach it; stopped (again) on exit."""
    handler = RecordingHandler()
    port = free_port()
    controller = start(handler, port)
    config = SmtpConfig(
        host="127.0.0.1",
        port=port,
        sender=sender,
        timeout=5,
        total_timeout=10,
        max_attempts=max_attempts,
        backoff_base=0.01,
        backoff_max=0.05,
    )
    try:
        yield handler, config
    finally:
        if handler.stopper is not None:
            handler.stopper.join()
        (handler.controller or controller).stop(no_assert=True)
