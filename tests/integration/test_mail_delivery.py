"""The outbox delivered through a real aiosmtpd server on 127.0.0.1 (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlmodel import col, select

from awards.bootstrap import App
from awards.model import OutboxMessage
from awards.services.mail.delivery import DeliveryRun, deliver_smtp, failed_messages, retry_failed
from awards.services.mail.outbox import MAIL_DOMAIN, as_email, pending
from awards.services.mail.stored import message_of
from awards.services.reminders.sweep import clock, sweep
from notifications import SmtpConfig, context_from_data, make_message_id, render, send_batch
from tests.support.reminders import (
    HEAD,
    OFFICER,
    SECRETARIAT,
    SWEEP_DAY,
    build_reminder_round,
)
from tests.support.smtp import RecordingHandler, running_server, start

SENDER = "tdkt@ldld.laichau.vn"
NOW = datetime(2025, 11, 10, 1, 0, tzinfo=UTC)
Server = tuple[RecordingHandler, SmtpConfig]


@pytest.fixture
def server() -> Iterator[Server]:
    with running_server(SENDER, max_attempts=3) as running:
        yield running


@pytest.fixture
def swept(tdkt: App) -> tuple[App, dict[str, str]]:
    """The reminder round, swept on 10/11/2025, with the move notices already delivered."""
    codes = build_reminder_round(tdkt)
    with tdkt.uow() as uow:  # keep only the sweep's messages in the queue
        for row in uow.session.exec(select(OutboxMessage)):
            row.status = "sent"
        uow.commit()
    day, now = clock(tdkt.settings.tz, SWEEP_DAY)
    sweep(tdkt.uow, today=day, now=now)
    return tdkt, codes


def _deliver(app: App, config: SmtpConfig, batch: int = 500) -> DeliveryRun:
    return deliver_smtp(app.uow, config, sender=SENDER, now=NOW, max_attempts=3, batch=batch)


def _by_recipient(handler: RecordingHandler) -> dict[str, str]:
    out = {}
    for rcpts, message, _ in handler.received:
        body = message.get_body(preferencelist=("plain",))
        assert body is not None
        out[rcpts[0]] = f"{message['Subject']}\n{body.get_content()}"
    return out


def test_digests_arrive_with_the_right_content(
    swept: tuple[App, dict[str, str]], server: Server
) -> None:
    app, codes = swept
    handler, config = server
    run = _deliver(app, config)
    assert (run.sent, run.retry, run.failed) == (3, 0, 0)
    got = _by_recipient(handler)
    assert set(got) == {SECRETARIAT, OFFICER, HEAD}
    assert "[TĐKT] 3 hồ sơ cần xử lý (10/11/2025)" in got[SECRETARIAT]
    text = got[SECRETARIAT]
    assert text.index(codes["B"]) < text.index(codes["C"]) < text.index(codes["A"])
    assert "Đôn đốc: 1 hồ sơ quá hạn" in got[HEAD] and codes["B"] in got[HEAD]
    with app.uow() as uow:
        rows = uow.session.exec(select(OutboxMessage)).all()
    assert {r.status for r in rows} == {"sent"}
    expected = {make_message_id(r.key, MAIL_DOMAIN) for r in rows if r.kind != "dossier_received"}
    assert {m.strip() for m in handler.message_ids()} <= expected  # a long one is folded


def test_a_second_sweep_sends_nothing_more(
    swept: tuple[App, dict[str, str]], server: Server
) -> None:
    app, _ = swept
    handler, config = server
    _deliver(app, config)
    day, now = clock(app.settings.tz, SWEEP_DAY)
    assert sweep(app.uow, today=day, now=now).written == 0
    run = _deliver(app, config)
    assert run.sent == 0
    assert len(handler.received) == 3


def test_server_stopped_mid_batch_loses_nothing_and_duplicates_nothing(
    swept: tuple[App, dict[str, str]], server: Server
) -> None:
    app, _ = swept
    handler, config = server
    handler.stop_after = 1
    first = _deliver(app, config)
    assert (first.sent, first.retry, first.failed) == (1, 2, 0)
    assert handler.stopper is not None
    handler.stopper.join()
    assert len(pending(app.uow)) == 2  # left in the queue, not lost
    handler.stop_after, handler.closing, handler.stopper = None, False, None
    start(handler, config.port)  # the server is back later
    second = _deliver(app, config)
    assert (second.sent, second.retry) == (2, 0)
    ids = handler.message_ids()
    assert len(ids) == 3 and set(ids.values()) == {1}
    assert {r[0][0] for r in handler.received} == {SECRETARIAT, OFFICER, HEAD}


def test_a_crash_between_send_and_mark_resends_the_same_message(
    swept: tuple[App, dict[str, str]], server: Server
) -> None:
    app, _ = swept
    handler, config = server
    rows = pending(app.uow)
    # A delivery that sent, then died before marking: the rows are still pending.
    asyncio.run(send_batch([(r.key, as_email(r, SENDER)) for r in rows[:1]], config))
    _deliver(app, config)
    ids = handler.message_ids()
    resent = make_message_id(rows[0].key, MAIL_DOMAIN)
    assert {m.strip(): n for m, n in ids.items()}[resent] == 2 and len(ids) == 3
    first, again = (
        m for _, m, _ in handler.received if m["Message-ID"] == ids.most_common(1)[0][0]
    )
    assert first.as_bytes() == again.as_bytes()  # a duplicate the mailbox can recognise


def test_a_refused_mailbox_is_marked_failed_and_listed(
    swept: tuple[App, dict[str, str]], server: Server
) -> None:
    app, _ = swept
    handler, config = server
    handler.refuse = {HEAD}
    run = _deliver(app, config)
    assert (run.sent, run.failed) == (2, 1)
    failed = failed_messages(app.uow)
    assert [(f.recipient, f.status) for f in failed] == [(HEAD, "failed")]
    assert "550" in failed[0].last_error
    handler.refuse = set()
    assert retry_failed(app.uow) == 1
    assert _deliver(app, config).sent == 1
    assert len(handler.received) == 3


def test_transient_failures_are_retried_then_marked_failed(
    swept: tuple[App, dict[str, str]], server: Server
) -> None:
    app, _ = swept
    handler, config = server
    handler.tempfail_data = 10**6  # 451 to every DATA
    quick = replace(config, max_attempts=1)
    runs = [_deliver(app, quick) for _ in range(3)]
    assert [(r.retry, r.failed) for r in runs] == [(3, 0), (3, 0), (0, 3)]
    with app.uow() as uow:
        rows = uow.session.exec(
            select(OutboxMessage).where(col(OutboxMessage.status) == "failed")
        ).all()
    assert len(rows) == 3 and {r.attempts for r in rows} == {3}
    assert all("451" in r.last_error for r in rows)


def _stored(app: App) -> list[OutboxMessage]:
    """The sweep's digests (the move notices, stored as data too, were marked sent)."""
    with app.uow() as uow:
        stmt = select(OutboxMessage).where(
            col(OutboxMessage.data).is_not(None), col(OutboxMessage.status) == "pending"
        )
        return list(uow.session.exec(stmt.order_by(col(OutboxMessage.id))))


def test_a_digest_is_rendered_once_and_resent_byte_identical(
    swept: tuple[App, dict[str, str]], server: Server
) -> None:
    """Stored as data, rendered at first delivery: what is re-sent is what was sent first."""
    app, _ = swept
    handler, config = server
    digests = [r.id for r in _stored(app)]
    assert [r.body_html for r in _stored(app)] == ["", "", ""]
    assert _deliver(app, config).sent == 3
    first = {str(m["Message-ID"]): m.as_bytes() for _, m, _ in handler.received}
    with app.uow() as uow:  # the next digest data differs (a template or code change, say) and
        for row_id in digests:  # a crash left the rows unmarked
            row = uow.session.get(OutboxMessage, row_id)
            assert row is not None and row.data is not None
            row.data = {**row.data, "recipient_name": "Người khác"}
            row.status = "pending"
        uow.commit()
    assert _deliver(app, config).sent == 3
    again = [(str(m["Message-ID"]), m.as_bytes()) for _, m, _ in handler.received[3:]]
    assert len(again) == 3 and all(first[mid] == raw for mid, raw in again)
    assert all(b"Ng\xc6\xb0\xe1\xbb\x9di kh\xc3\xa1c" not in raw for _, raw in again)


def test_a_digest_that_no_longer_renders_is_failed_and_the_rest_still_go(
    swept: tuple[App, dict[str, str]], server: Server
) -> None:
    app, _ = swept
    handler, config = server
    broken = _stored(app)[0]
    with app.uow() as uow:  # its data lacks what the template needs
        row = uow.session.get(OutboxMessage, broken.id)
        assert row is not None and row.data is not None
        row.data = {k: v for k, v in row.data.items() if k != "items"}
        uow.commit()
    run = _deliver(app, config, batch=1)  # the broken row is a whole batch of its own
    assert (run.sent, run.failed) == (2, 0) and len(handler.received) == 2
    failed = failed_messages(app.uow)
    assert [f.key for f in failed] == [broken.key]
    assert "Không tạo được nội dung thư từ mẫu" in failed[0].last_error
    assert "items" in failed[0].last_error


@pytest.fixture
def moved(tdkt: App) -> App:
    """The reminder round's moves alone: their notices queued, nothing swept."""
    build_reminder_round(tdkt)
    return tdkt


def _notices(app: App) -> list[OutboxMessage]:
    with app.uow() as uow:
        stmt = select(OutboxMessage).where(col(OutboxMessage.kind).startswith("dossier_"))
        return list(uow.session.exec(stmt.order_by(col(OutboxMessage.id))))


def test_a_move_writes_its_notice_as_template_and_data(moved: App) -> None:
    """The row names its template (`kind`) and holds the context; no body until delivery."""
    notices = _notices(moved)
    assert {n.kind for n in notices} == {"dossier_received", "dossier_returned"}
    for notice in notices:
        assert notice.data is not None and notice.data["code"] in notice.subject
        assert (notice.body_text, notice.body_html) == ("", "")
        made = message_of(notice)  # what a reader sees, rendered now, nothing written
        assert made == render(notice.kind, context_from_data(notice.data))
    assert [(n.body_text, n.body_html) for n in _notices(moved)] == [("", "")] * len(notices)


def test_a_notice_is_rendered_once_and_resent_byte_identical(moved: App, server: Server) -> None:
    handler, config = server
    count = len(_notices(moved))
    assert _deliver(moved, config).sent == count
    first = {str(m["Message-ID"]): m.as_bytes() for _, m, _ in handler.received}
    with moved.uow() as uow:  # the data changed since and a crash left the rows unmarked
        for row in uow.session.exec(select(OutboxMessage)):
            assert row.data is not None and row.body_html  # fixed at first delivery
            row.data = {**row.data, "nominee_name": "Người khác"}
            row.status = "pending"
        uow.commit()
    assert _deliver(moved, config).sent == count
    again = [(str(m["Message-ID"]), m.as_bytes()) for _, m, _ in handler.received[count:]]
    assert len(again) == count and all(first[mid] == raw for mid, raw in again)


def test_a_notice_whose_data_is_malformed_fails_with_a_reason(moved: App, server: Server) -> None:
    handler, config = server
    broken, *rest = _notices(moved)
    with moved.uow() as uow:
        row = uow.session.get(OutboxMessage, broken.id)
        assert row is not None
        row.data = {"items": {"$rows": ["code"], "v": [["a", "b"]]}}  # a row longer than its keys
        uow.commit()
    run = _deliver(moved, config)
    assert (run.sent, run.failed) == (len(rest), 0) and len(handler.received) == len(rest)
    (failed,) = failed_messages(moved.uow)
    assert failed.key == broken.key
    assert failed.last_error.startswith(f"Không tạo được nội dung thư từ mẫu '{broken.kind}'")
