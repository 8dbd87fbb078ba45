"""send_batch against a real aiosmtpd server on 127.0.0.1 with a recording handler."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from email.message import EmailMessage
from typing import Any

import pytest

from notifications import SAMPLES, SmtpConfig, build_email, make_message_id, render, send_batch
from tests.support.smtp import RecordingHandler, free_port, running_server, start

SENDER = "tdkt@laichau.example.vn"


@pytest.fixture
def server() -> Iterator[tuple[RecordingHandler, SmtpConfig]]:
    with running_server(SENDER) as running:
        yield running


def _message(key: str, to: list[str], template: str = "reminder_digest") -> EmailMessage:
    rendered = render(template, SAMPLES[template])
    return build_email(
        rendered,
        sender=f"LĐLĐ tỉnh Lai Châu <{SENDER}>",
        to=to,
        message_id=make_message_id(key, "laichau.example.vn"),
    )


def _batch(count: int) -> list[tuple[str, EmailMessage]]:
    return [
        (f"outbox-{i}", _message(f"outbox-{i}", [f"Nguyễn Thị Hằng {i} <user{i}@example.vn>"]))
        for i in range(count)
    ]


def test_a_batch_of_50_arrives_intact_over_one_connection(server: Any) -> None:
    handler, config = server
    batch = _batch(50)
    results = asyncio.run(send_batch(batch, config))

    assert [(r.key, r.status) for r in results] == [(key, "sent") for key, _ in batch]
    assert handler.message_ids() == Counter(str(m["Message-ID"]) for _, m in batch)
    assert len({peer for _, _, peer in handler.received}) == 1  # one connection reused
    expected = render("reminder_digest", SAMPLES["reminder_digest"])
    for rcpt, message, _ in handler.received:
        assert message["Subject"] == expected.subject
        assert message["To"].addresses[0].display_name.startswith("Nguyễn Thị Hằng")
        body = message.get_body(("plain",))
        assert body is not None and body.get_content() == expected.text
        assert rcpt[0].startswith("user")


def test_a_refused_recipient_fails_only_its_own_message(server: Any) -> None:
    handler, config = server
    handler.refuse = {"bad@example.vn"}
    batch = [
        ("ok-1", _message("ok-1", ["a@example.vn"])),
        ("bad", _message("bad", ["bad@example.vn"])),
        ("partial", _message("partial", ["b@example.vn", "bad@example.vn"])),
        ("ok-2", _message("ok-2", ["c@example.vn"])),
    ]
    results = {r.key: r for r in asyncio.run(send_batch(batch, config))}

    assert {key: r.status for key, r in results.items()} == {
        "ok-1": "sent",
        "bad": "permanent",
        "partial": "sent",
        "ok-2": "sent",
    }
    assert "550" in results["bad"].detail and results["bad"].attempts == 1
    assert results["partial"].refused == {"bad@example.vn": "550 5.1.1 Mailbox does not exist"}
    assert [rcpt for rcpt, _, _ in handler.received] == [
        ["a@example.vn"],
        ["b@example.vn"],
        ["c@example.vn"],
    ]


def test_temporary_failures_are_retried_until_sent(server: Any) -> None:
    handler, config = server
    handler.tempfail_data = 3
    [result] = asyncio.run(send_batch(_batch(1), config))

    assert (result.status, result.attempts) == ("sent", 4)
    assert len(handler.received) == 1


def test_temporary_failures_beyond_the_attempts_stay_transient(server: Any) -> None:
    handler, config = server
    handler.tempfail_data = 10
    first, second = asyncio.run(send_batch(_batch(2), replace(config, max_attempts=2)))

    assert (first.status, first.attempts) == ("transient", 2)
    assert "451" in first.detail
    assert (second.status, second.attempts) == ("transient", 2)  # the batch goes on
    assert handler.received == []


def test_the_total_bound_cuts_a_stalled_message(server: Any) -> None:
    handler, config = server
    handler.data_delay = 2.0
    [result] = asyncio.run(send_batch(_batch(1), replace(config, total_timeout=0.3)))

    assert result.status == "transient"
    assert "gave up after 0.3 s" in result.detail


def test_server_stopped_mid_batch_then_resend_delivers_each_once(server: Any) -> None:
    handler, config = server
    handler.stop_after = 20
    batch = _batch(50)
    results = asyncio.run(send_batch(batch, config))

    statuses = Counter(r.status for r in results)
    assert statuses == {"sent": 20, "transient": 30}
    assert [r.key for r in results] == [key for key, _ in batch]
    assert "not attempted" in results[-1].detail
    assert handler.stopper is not None
    handler.stopper.join()

    handler.stop_after, handler.closing, handler.stopper = None, False, None
    start(handler, config.port)
    pending = {r.key for r in results if r.status != "sent"}
    retry = asyncio.run(send_batch([(k, m) for k, m in batch if k in pending], config))

    assert {r.status for r in retry} == {"sent"}
    assert handler.message_ids() == Counter({str(m["Message-ID"]): 1 for _, m in batch})


def test_unreachable_server_reports_every_message_transient() -> None:
    config = SmtpConfig(host="127.0.0.1", port=free_port(), max_attempts=2, backoff_base=0.01)
    results = asyncio.run(send_batch(_batch(3), config))

    assert [r.status for r in results] == ["transient"] * 3
    assert results[0].attempts == 2 and "cannot connect" in results[0].detail
    assert results[1].detail.startswith("not attempted")
