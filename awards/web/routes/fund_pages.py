"""The TĐKT fund of a level (ledger, entries, prize lists, report) and a round's exemplar seats:
pages for the office and the matching API. The checks are in awards.services.prizes.desk."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from awards.errors import ValidationError
from awards.permissions import Action
from awards.services.accounts.access import levels_in_reach
from awards.services.prizes.desk import (
    allocate_seats_as,
    fund_as,
    fund_files_as,
    prize_list_files_as,
    record_fund_entry_as,
    seats_as,
)
from awards.services.prizes.fund import FundInput
from awards.services.seats.allocate import SeatPlan
from awards.web.deps import DOCX, ERRORS, XLSX, Csrf, Me, render, web_of

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["fund"])
MEDIA = {".docx": DOCX, ".xlsx": XLSX, ".png": "image/png"}
KINDS = {"receipt": "Khoản thu", "other": "Khoản chi khác"}


def _file(paths: list[Path], suffix: str) -> Response:
    path = next((p for p in paths if p.suffix == suffix), None)
    if path is None:
        raise ValidationError("Chỉ tải được DOCX, XLSX hoặc PNG.")
    headers = {"Content-Disposition": f'attachment; filename="{path.name}"'}
    return Response(path.read_bytes(), media_type=MEDIA[suffix], headers=headers)


@router.get("/fund")
def fund_page(request: Request, me: Me, unit: str = "", year: int = 0) -> Response:
    web = web_of(request)
    levels = levels_in_reach(web.tdkt.uow, me, Action.view_fund, web.today())
    year = year or web.today().year
    unit = unit or (levels[0][0] if levels else "")
    page = fund_as(web.tdkt.uow, me, unit, year) if unit else None
    return render(
        request, "fund.html", me=me, levels=levels, unit=unit, year=year, page=page, kinds=KINDS
    )


@router.post("/fund/entries", dependencies=[Csrf])
def fund_entry_form(
    request: Request,
    me: Me,
    unit: Annotated[str, Form()],
    kind: Annotated[str, Form()],
    entry_date: Annotated[date, Form()],
    amount_vnd: Annotated[int, Form()],
    memo: Annotated[str, Form()],
    reference: Annotated[str, Form()] = "",
) -> Response:
    web = web_of(request)
    inp = FundInput(unit, kind, entry_date, amount_vnd, memo, reference)
    record_fund_entry_as(web.tdkt.uow, me, inp, web.now())
    return RedirectResponse(f"/fund?unit={unit}&year={entry_date.year}", status_code=303)


@router.get("/fund/report{suffix}")
def fund_report_file(request: Request, me: Me, suffix: str, unit: str, year: int) -> Response:
    web = web_of(request)
    with tempfile.TemporaryDirectory(prefix="tdkt-fund-") as tmp:
        return _file(fund_files_as(web.tdkt.uow, me, unit, year, Path(tmp)), suffix)


@router.get("/fund/prize-list{suffix}")
def prize_list_file(request: Request, me: Me, suffix: str, decision: str) -> Response:
    web = web_of(request)
    with tempfile.TemporaryDirectory(prefix="tdkt-prizes-") as tmp:
        return _file(prize_list_files_as(web.tdkt.uow, me, decision, Path(tmp)), suffix)


@router.get("/rounds/{round_code}/seats")
def seats_page(request: Request, me: Me, round_code: str) -> Response:
    web = web_of(request)
    table, may_allocate = seats_as(web.tdkt.uow, me, round_code)
    return render(
        request,
        "seats.html",
        me=me,
        round_code=round_code,
        table=table,
        may_allocate=may_allocate,
        today=web.today(),
    )


@router.post("/rounds/{round_code}/seats", dependencies=[Csrf])
def seats_form(
    request: Request,
    me: Me,
    round_code: str,
    total: Annotated[int, Form()],
    guests: Annotated[int, Form()],
    minimum: Annotated[int, Form()],
    members_as_of: Annotated[date, Form()],
) -> Response:
    web = web_of(request)
    plan = SeatPlan(total, guests, minimum, members_as_of)
    allocate_seats_as(web.tdkt.uow, me, round_code, plan, web.now())
    return RedirectResponse(f"/rounds/{round_code}/seats", status_code=303)


class FundEntryIn(BaseModel):
    unit: str = Field(max_length=40)
    kind: str = Field(description="receipt (thu) hoặc other (chi khác)", max_length=10)
    entry_date: date
    amount_vnd: int = Field(gt=0, le=10**13)
    memo: str = Field(min_length=1, max_length=400)
    reference: str = Field(default="", max_length=60)


@api.get("/fund", responses=ERRORS)
def get_fund(
    request: Request, me: Me, unit: str, year: Annotated[int, Query(ge=2000, le=2100)]
) -> dict[str, Any]:
    """A level's fund ledger of a year, with the decisions whose prizes it paid."""
    page = fund_as(web_of(request).tdkt.uow, me, unit, year)
    r = page.report
    return {
        "unit": r.unit_name,
        "opening_vnd": r.opening_vnd,
        "closing_vnd": r.closing_vnd,
        "lines": [
            {
                "seq": x.seq,
                "date": x.entry_date.isoformat(),
                "kind": x.kind,
                "memo": x.memo,
                "reference": x.reference,
                "amount_vnd": x.amount_vnd,
                "balance_vnd": x.balance_vnd,
            }
            for x in r.lines
        ],
        "decisions": [{**d, "decision_date": str(d["decision_date"])} for d in page.decisions],
    }


@api.post("/fund/entries", status_code=201, responses=ERRORS, dependencies=[Csrf])
def post_fund_entry(body: FundEntryIn, request: Request, me: Me) -> dict[str, int]:
    """Append a receipt or an other spending line to a level's ledger."""
    web = web_of(request)
    inp = FundInput(
        body.unit, body.kind, body.entry_date, body.amount_vnd, body.memo, body.reference
    )
    return {"seq": record_fund_entry_as(web.tdkt.uow, me, inp, web.now())}


class SeatsIn(BaseModel):
    total: int = Field(gt=0, le=100_000)
    guests: int = Field(ge=0, le=100_000)
    minimum: int = Field(ge=0, le=1_000)
    members_as_of: date


@api.post("/rounds/{round_code}/seats", responses=ERRORS, dependencies=[Csrf])
def post_seats(round_code: str, body: SeatsIn, request: Request, me: Me) -> dict[str, Any]:
    """Share the round's exemplar seats among the units under its organiser."""
    web = web_of(request)
    plan = SeatPlan(body.total, body.guests, body.minimum, body.members_as_of)
    table = allocate_seats_as(web.tdkt.uow, me, round_code, plan, web.now())
    return {
        "exemplars": table.plan.exemplars,
        "units": [
            {"unit": x.unit_code, "members": x.members, "seats": x.seats, "proposed": x.proposed}
            for x in table.lines
        ],
    }
