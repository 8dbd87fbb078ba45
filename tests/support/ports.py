"""A free TCP port on 127.0.0.1, for servers the tests start (SMTP, uvicorn)."""

from __future__ import annotations

import socket


def free_port() -> int:
    # aiosmtpd's Controller(port=0) cannot report the port it got, so pick one first.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
