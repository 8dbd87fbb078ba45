"""Prefect flow: the tổng kết (annual) report, stored in the data folder and mailed.

Scheduled from flows/schedules.py (TDKT_TONG_KET_RUN_ON); `python -m flows tong-ket` serves
it, or call ``tong_ket(year=2025)``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from prefect import flow

from awards.services.reporting.periodic import ANNUAL_REPORT
from flows.periodic import issue_and_mail


@flow(name="tong-ket", log_prints=True)
def tong_ket(
    year: int | None = None, level: str | None = None, issued_on: date | None = None
) -> dict[str, Any]:
    """Báo cáo tổng kết công tác thi đua, khen thưởng năm."""
    return issue_and_mail(ANNUAL_REPORT, year, None, level, issued_on)
