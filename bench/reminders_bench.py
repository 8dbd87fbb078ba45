"""Benchmark: the reminder sweep vs its bare SQL query; outbox delivery vs a bare aiosmtplib loop.

    python -m bench.reminders_bench [--quick]

Sweep: N open dossiers (100,000; quick 10,000) spread over 1,000 CĐCS and 10 upper unions,
deadlines from 10 working days overdue to 30 ahead, on SQLite. `sweep` = the whole service
(query, contacts, working days, grouping, rendering every digest, outbox insert in one
transaction); `bare_query` = the same SELECT through the raw DB-API cursor, rows fetched and
dropped. Delivery: M outbox messages (10,000; quick 1,000) to aiosmtpd on 127.0.0.1: `deliver`
= deliver_smtp (load rows, build e-mails, send in batches over one connection, mark rows);
`bare_smtp` = one aiosmtplib connection sending the same prebuilt messages in a loop.
Data generation is not timed. Reported: seconds (median of the runs) and ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import statistics
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import aiosmtplib
from aiosmtpd.controller import Controller
from sqlalchemy import delete, insert, select

from awards.bootstrap import App, build
from awards.model import Dossier, Movement, OutboxMessage, Round, Unit, UnitVersion
from awards.repository.reminders import open_waiting_query
from awards.services.mail.delivery import deliver_smtp
from awards.services.mail.outbox import as_email
from awards.services.org.units import load_unit_kinds
from awards.services.reminders.sweep import sweep
from awards.services.rounds.catalogue import load_award_catalogue
from awards.settings import Settings
from awards.workdays import default_calendar
from notifications import SmtpConfig

TODAY = date(2025, 11, 10)
NOW = datetime(2025, 11, 10, 0, 0, tzinfo=UTC)
STATES = ["submitted", "received", "under_appraisal", "returned", "eligible", "approved", "draft"]
SENDER = "tdkt@ldld.laichau.vn"


def _org(app: App, cdcs: int) -> tuple[list[int], list[int]]:
    load_unit_kinds(app.uow)
    load_award_catalogue(app.uow)
    with app.uow() as uow:
        c = uow.session.connection()
        units = [{"id": 1, "code": "TLD", "kind_code": "tld", "head_email": "ct@tld.vn"}]
        units.append({"id": 2, "code": "LDLD", "kind_code": "ldld_tinh", "head_email": "ct@ld.vn"})
        uppers = list(range(10, 20))
        units += [
            {"id": u, "code": f"H{u}", "kind_code": "ldld_huyen", "email": f"h{u}@ld.vn"}
            for u in uppers
        ]
        bases = list(range(100, 100 + cdcs))
        units += [
            {"id": u, "code": f"C{u}", "kind_code": "cdcs", "email": f"c{u}@cd.vn"} for u in bases
        ]
        c.execute(insert(Unit), [{"email": None, "head_email": None, **u} for u in units])
        parent = {1: None, 2: 1, **dict.fromkeys(uppers, 2), **{u: uppers[u % 10] for u in bases}}
        c.execute(
            insert(UnitVersion),
            [
                {
                    "unit_id": u,
                    "parent_id": p,
                    "name": f"Đơn vị {u}",
                    "valid_from": date(2020, 1, 1),
                }
                for u, p in parent.items()
            ],
        )
        c.execute(insert(Movement), [{"id": 1, "code": "M", "name": "Phong trào"}])
        c.execute(
            insert(Round),
            [
                {
                    "id": 1,
                    "code": "TK-2025",
                    "movement_id": 1,
                    "organiser_unit_id": 2,
                    "name": "Tổng kết 2025",
                    "year": 2025,
                    "opens_on": date(2025, 1, 1),
                    "closes_on": date(2025, 12, 31),
                    "submission_deadline": date(2025, 11, 20),
                    "settings": {},
                }
            ],
        )
        uow.commit()
    return uppers, bases


def _dossiers(app: App, n: int, uppers: list[int], bases: list[int]) -> None:
    cal = default_calendar()
    dues = [cal.add_working_days(TODAY, k) for k in range(-10, 31)]
    rows = []
    for i in range(n):
        base = bases[i % len(bases)]
        upper = uppers[base % 10]
        rows.append(
            {
                "code": f"HS-{i:07d}",
                "round_id": 1,
                "award_code": "GK_CDCT",
                "nominee_kind": "tap_the",
                "nominee_unit_id": base,
                "nominating_unit_id": base,
                "current_unit_id": upper,
                "route": [upper],
                "state": STATES[i % len(STATES)],
                "due_on": dues[(i * 7) % len(dues)],
            }
        )
    with app.uow() as uow:
        for start in range(0, n, 10_000):
            uow.session.connection().execute(insert(Dossier), rows[start : start + 10_000])
        uow.commit()


def _median(fn: Any, runs: int, reset: Any = None) -> float:
    times = []
    for _ in range(runs):
        if reset:
            reset()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _bench_sweep(app: App, n: int, runs: int) -> dict[str, Any]:
    sql = str(open_waiting_query().compile(app.engine, compile_kwargs={"literal_binds": True}))

    def bare() -> None:
        raw = app.engine.raw_connection()
        try:
            cur = raw.cursor()
            cur.execute(sql)
            assert len(cur.fetchall()) == n
        finally:
            raw.close()

    def clear() -> None:
        with app.uow() as uow:
            uow.session.execute(delete(OutboxMessage))
            uow.commit()

    report = sweep(app.uow, today=TODAY, now=NOW)
    t_sweep = _median(lambda: sweep(app.uow, today=TODAY, now=NOW), runs, clear)
    t_bare = _median(bare, runs)
    return {
        "dossiers": n,
        "digests": report.digests,
        "overdue_notices": report.overdue_notices,
        "sweep_s": round(t_sweep, 3),
        "bare_query_s": round(t_bare, 3),
        "sweep_vs_bare_query": round(t_sweep / t_bare, 2),
    }


class _Sink:
    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _outbox(app: App, m: int) -> None:
    body = "Kính gửi đồng chí,\n\n" + "Hồ sơ HS-2025-000001 cần xử lý.\n" * 20
    with app.uow() as uow:
        uow.session.execute(delete(OutboxMessage))
        uow.session.connection().execute(
            insert(OutboxMessage),
            [
                {
                    "key": f"bench:{i}",
                    "kind": "reminder_digest",
                    "recipient": f"c{i % 1000}@cd.vn",
                    "subject": f"[TĐKT] {i % 7 + 1} hồ sơ cần xử lý (10/11/2025)",
                    "body_text": body,
                    "body_html": f"<p>{body}</p>",
                    "created_at": NOW,
                    "status": "pending",
                }
                for i in range(m)
            ],
        )
        uow.commit()


def _bench_delivery(app: App, m: int) -> dict[str, Any]:
    port = _free_port()
    controller = Controller(_Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    config = SmtpConfig(host="127.0.0.1", port=port, sender=SENDER, timeout=30)
    try:
        _outbox(app, m)
        with app.uow() as uow:
            rows = list(uow.session.exec(select(OutboxMessage)).scalars())  # type: ignore[call-overload]
        messages = [as_email(r, SENDER) for r in rows]

        async def bare() -> None:
            smtp = aiosmtplib.SMTP(hostname="127.0.0.1", port=port, timeout=30)
            await smtp.connect()
            for message in messages:
                await smtp.send_message(message, sender=SENDER)
            await smtp.quit()

        t0 = time.perf_counter()
        asyncio.run(bare())
        t_bare = time.perf_counter() - t0
        t0 = time.perf_counter()
        run = deliver_smtp(app.uow, config, sender=SENDER, now=NOW, max_attempts=3)
        t_deliver = time.perf_counter() - t0
        assert run.sent == m, run
    finally:
        controller.stop()
    return {
        "messages": m,
        "deliver_s": round(t_deliver, 3),
        "bare_smtp_s": round(t_bare, 3),
        "deliver_per_s": round(m / t_deliver),
        "bare_per_s": round(m / t_bare),
        "deliver_vs_bare_smtp": round(t_deliver / t_bare, 2),
    }


def run(quick: bool = False) -> dict[str, Any]:
    n, m, runs = (10_000, 1_000, 3) if quick else (100_000, 10_000, 3)
    with tempfile.TemporaryDirectory(prefix="tdkt-bench-") as tmp:
        app = build(Settings(data_dir=Path(tmp), database_url=""), migrate=True)
        try:
            uppers, bases = _org(app, 1000)
            _dossiers(app, n, uppers, bases)
            result = {"sweep": _bench_sweep(app, n, runs), "delivery": _bench_delivery(app, m)}
        finally:
            app.close()
    return {"name": "reminders", "quick": quick, "database": "sqlite", **result}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.reminders_bench")
    parser.add_argument("--quick", action="store_true")
    result = run(quick=parser.parse_args().quick)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    s, d = result["sweep"], result["delivery"]
    print(
        f"sweep / bare query: {s['sweep_vs_bare_query']}x; deliver / bare aiosmtplib: "
        f"{d['deliver_vs_bare_smtp']}x"
    )


if __name__ == "__main__":
    main()


__all__ = ["run"]
