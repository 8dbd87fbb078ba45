"""Prefect flow: the sơ kết (6-month) report, stored in the data folder and mailed.

Scheduled from flows/schedules.py (TDKT_SO_KET_RUN_ON); `python -m flows so-ket` serves it, or call
``so_ket(year=2025, half=1)``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from prefect import flow

from awards.services.reporting.periodic import INTERIM_REPORT
from flows.periodic import issue_and_mail


@flow(name="so-ket", log_prints=True)
def so_ket(
    year: int | None = None, half: int = 1, level: str | None = None, issued_on: date | None = None
) -> dict[str, Any]:
    """Báo cáo sơ kết công tác thi đua, khen thưởng 6 tháng."""
    return issue_and_mail(INTERIM_REPORT, year, half, level, issued_on)
