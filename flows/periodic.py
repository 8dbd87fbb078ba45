"""Shared steps of the scheduled report flows: make and store the report, then mail it.

Two tasks per run (never one per dossier): the report is one set of GROUP BY queries.
Dates are settings (TDKT_SO_KET_RUN_ON, TDKT_TONG_KET_RUN_ON, the cut-offs), and every flow
takes its period as parameters so a missed or wrong run can be re-run by hand.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from prefect import task

from awards.bootstrap import build
from awards.services.mail.report_mail import deliver_report_mail
from awards.services.reporting.periodic import (
    build_period_report,
    issue_period_report,
    report_period,
)
from awards.settings import Settings, get_settings


def cron_for(month_day: str, hour: int = 7) -> str:
    """ "06-05" → "0 7 5 6 *": the yearly run at 07:00 (in the settings' time zone)."""
    month, day = (int(x) for x in month_day.split("-"))
    return f"0 {hour} {day} {month} *"


@task(name="lập và lưu báo cáo")
def make_report(
    kind: str, year: int, half: int | None, level: str | None, issued_on: date | None
) -> dict[str, Any]:
    settings = get_settings()
    tdkt = build(settings)
    try:
        level = level or settings.report_level
        period = report_period(kind, year, half, settings.so_ket_cutoff, settings.tong_ket_cutoff)
        report = build_period_report(
            tdkt.uow, level_code=level, kind=kind, year=year, half=half, period=period
        )
        issued = issue_period_report(
            tdkt.uow,
            report,
            level_code=level,
            folder=settings.report_dir,
            issued_on=issued_on or datetime.now(settings.tz).date(),
            recipients=settings.report_recipient_list,
            now=datetime.now(UTC),
            data_dir=settings.data_dir,
        )
    finally:
        tdkt.close()
    return {
        "report_id": issued.report_id,
        "document_no": issued.document_no,
        "files": [str(p) for p in issued.files],
        "queued": issued.emails,
    }


@task(name="gửi báo cáo", retries=2, retry_delay_seconds=60)
def mail_report(report_id: int) -> dict[str, int]:
    settings: Settings = get_settings()
    tdkt = build(settings)
    try:
        return deliver_report_mail(tdkt.uow, settings, report_id, datetime.now(UTC))
    finally:
        tdkt.close()


def default_year(settings: Settings) -> int:
    return datetime.now(settings.tz).year


def issue_and_mail(
    kind: str, year: int | None, half: int | None, level: str | None, issued_on: date | None
) -> dict[str, Any]:
    """The body of both report flows: issue (or find) the period's report, then mail it."""
    made = make_report(kind, year or default_year(get_settings()), half, level, issued_on)
    made["mail"] = mail_report(made["report_id"])
    return made
