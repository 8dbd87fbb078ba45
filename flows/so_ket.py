"""Prefect flow: the sơ kết (6-month) report, stored in the data folder and mailed.

Run by hand: ``python -m flows.so_ket --serve`` serves it on its yearly schedule
(TDKT_SO_KET_RUN_ON), or call ``so_ket(year=2025, half=1)``.
"""

from __future__ import annotations

import sys
from datetime import date
from typing import Any

from prefect import flow
from prefect.schedules import Cron

from awards.settings import get_settings
from flows.periodic import cron_for, default_year, mail_report, make_report


@flow(name="so-ket", log_prints=True)
def so_ket(
    year: int | None = None, half: int = 1, level: str | None = None, issued_on: date | None = None
) -> dict[str, Any]:
    """Báo cáo sơ kết công tác thi đua, khen thưởng 6 tháng."""
    year = year or default_year(get_settings())
    made = make_report("so_ket", year, half, level, issued_on)
    made["mail"] = mail_report(made["report_id"])
    return made


def serve() -> None:
    settings = get_settings()
    schedule = Cron(cron_for(settings.so_ket_run_on), timezone=settings.timezone)
    # stack-notes: serve without a limit can start one process per backlog run.
    so_ket.serve(name="so-ket", schedules=[schedule], limit=1)


if __name__ == "__main__" and "--serve" in sys.argv:
    serve()
