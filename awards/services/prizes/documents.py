"""The danh sách chi tiền thưởng of a decision, the prize totals and the fund report, as files."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from awards.errors import NotFoundError
from awards.reports.docx_nd30 import docx_bytes
from awards.reports.prizes import (
    PrizeList,
    PrizeListLine,
    fund_chart_png,
    fund_report_document,
    fund_report_xlsx,
    prize_list_document,
    prize_list_xlsx,
)
from awards.repository import UnitOfWorkFactory
from awards.repository.prizes import PrizeLine
from awards.services.escalation.documents import issuer_profile
from awards.services.prizes.fund import fund_report
from awards.services.reporting.parameters import ReportPolicy, load_report_policy


def _line(line: PrizeLine, awards: dict[str, str]) -> PrizeListLine:
    person = line.nominee_kind == "ca_nhan"
    return PrizeListLine(
        line.full_name if person else line.unit_name,
        line.position if person else "",
        line.unit_name if person else "",
        awards.get(line.award_code, line.award_code),
        line.coefficient.replace(".", ","),
        line.amount_vnd,
    )


def prize_list(uow_factory: UnitOfWorkFactory, decision_no: str) -> tuple[PrizeList, int]:
    """The awardees of one decision, and the id of the level that decided it."""
    with uow_factory(write=False) as uow:
        head = uow.prizes.decision_head(decision_no)
        if head is None:
            raise NotFoundError(
                f"Không có khoản tiền thưởng nào theo Quyết định số {decision_no}: kiểm tra số "
                "quyết định (ví dụ 15/QĐ-LĐLĐ), hoặc mức thưởng của hình thức khen thưởng đó "
                "chưa được khai báo."
            )
        payer_id, on = head
        rows = uow.prizes.prize_lines(decision_no=decision_no, payer_unit_id=payer_id, on=on)
        awards = uow.prizes.award_names()
        decider = uow.org.by_id(payer_id, on)
    data = PrizeList(
        decision_no=decision_no,
        decision_date=on,
        decider_name=decider.name,
        base_salary_vnd=rows[0].base_salary_vnd,
        people=tuple(_line(r, awards) for r in rows if r.nominee_kind == "ca_nhan"),
        collectives=tuple(_line(r, awards) for r in rows if r.nominee_kind == "tap_the"),
    )
    return data, payer_id


def write_prize_list(
    uow_factory: UnitOfWorkFactory,
    decision_no: str,
    folder: Path,
    policy: ReportPolicy | None = None,
) -> list[Path]:
    """danh-sach-chi-thuong-<số>.docx and .xlsx of one decision."""
    data, payer_id = prize_list(uow_factory, decision_no)
    with uow_factory(write=False) as uow:
        profile = issuer_profile(uow, payer_id, data.decision_date, policy or _policy())
    stem = "danh-sach-chi-thuong-" + _slug(decision_no)
    folder.mkdir(parents=True, exist_ok=True)
    docx = folder / f"{stem}.docx"
    docx_bytes(prize_list_document(data, profile.issuer, profile.signature), docx)
    xlsx = folder / f"{stem}.xlsx"
    xlsx.write_bytes(prize_list_xlsx(data))
    return [docx, xlsx]


def write_fund_report(
    uow_factory: UnitOfWorkFactory,
    unit_code: str,
    start: date,
    end: date,
    folder: Path,
    policy: ReportPolicy | None = None,
) -> list[Path]:
    """bao-cao-quy-<đơn vị>-<kỳ>.docx, .xlsx and the chart .png."""
    report = fund_report(uow_factory, unit_code, start, end)
    with uow_factory(write=False) as uow:
        unit = uow.org.by_code(unit_code, end)
        profile = issuer_profile(uow, unit.id, end, policy or _policy())
    stem = f"bao-cao-quy-{_slug(unit_code)}-{start:%Y%m%d}-{end:%Y%m%d}"
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{stem}.docx", folder / f"{stem}.xlsx", folder / f"{stem}.png"]
    docx_bytes(fund_report_document(report, profile.issuer, profile.signature), paths[0])
    paths[1].write_bytes(fund_report_xlsx(report))
    paths[2].write_bytes(fund_chart_png(report))
    return paths


@dataclass(frozen=True)
class PrizeTotal:
    round_code: str
    payer_code: str
    award_name: str
    awardees: int
    total_vnd: int


def prize_totals(
    uow_factory: UnitOfWorkFactory, *, round_code: str | None = None, year: int | None = None
) -> list[PrizeTotal]:
    """Totals per round × deciding level × award form."""
    with uow_factory(write=False) as uow:
        rows: list[dict[str, Any]] = uow.prizes.totals(round_code=round_code, year=year)
        awards = uow.prizes.award_names()
    return [
        PrizeTotal(
            r["round_code"],
            r["payer_code"],
            awards.get(r["award_code"], r["award_code"]),
            int(r["awardees"]),
            int(r["total_vnd"]),
        )
        for r in rows
    ]


def _policy() -> ReportPolicy:
    return load_report_policy()


def _slug(text: str) -> str:
    return "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in text).strip("-")
