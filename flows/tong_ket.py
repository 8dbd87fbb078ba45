"""Prefect flow: the tổng kết (annual) report, stored in the data folder and mailed.

``python -m flows.tong_ket --serve`` serves it on TDKT_TONG_KET_RUN_ON; or call
``tong_ket(year=2025)``.
"""

from __future__ import annotations

import sys
from datetime import date
from typing import Any

from prefect import flow
from prefect.schedules import Cron

from awards.settings import get_settings
from flows.periodic import cron_for, default_year, mail_report, make_report


@flow(name="tong-ket", log_prints=True)
def tong_ket(
    year: int | None = None, level: str | None = None, issued_on: date | None = None
) -> dict[str, Any]:
    """Báo cáo tổng kết công tác thi đua, khen thưởng năm."""
    year = year or default_year(get_settings())
    made = make_report("tong_ket", year, None, level, issued_on)
    made["mail"] = mail_report(made["report_id"])
    return made


def serve() -> None:
    settings = get_settings()
    schedule = Cron(cron_for(settings.tong_ket_run_on), timezone=settings.timezone)
    # stack-notes: serve without a limit can start one process per backlog run.
    tong_ket.serve(name="tong-ket", schedules=[schedule], limit=1)


if __name__ == "__main__" and "--serve" in sys.argv:
    serve()
