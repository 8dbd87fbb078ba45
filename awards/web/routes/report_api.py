"""REST counterparts of the report screens: a level's figures as JSON, and issuing the report."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from awards.reports.periodic import to_json
from awards.services.reporting.desk import issue_as, report_as
from awards.web.deps import ERRORS, Csrf, Me, ask_of, web_of

router = APIRouter(prefix="/api", tags=["reports"])


@router.get("/reports/{kind}", responses=ERRORS)
def get_report(
    kind: str,
    request: Request,
    me: Me,
    level: str,
    year: Annotated[int, Query(ge=2000, le=2100)],
    half: Annotated[int, Query(ge=1, le=2)] = 1,
) -> dict[str, Any]:
    """Sơ kết (kind=so_ket, half 1|2) or tổng kết (kind=tong_ket) of a level."""
    web = web_of(request)
    report = report_as(web.tdkt.uow, web.tdkt.settings, me, ask_of(level, kind, year, half))
    return to_json(report)


class IssueIn(BaseModel):
    level: str = Field(max_length=60)
    kind: str = Field(max_length=20)
    year: int = Field(ge=2000, le=2100)
    half: int = Field(default=1, ge=1, le=2)


class IssueOut(BaseModel):
    report_id: int
    document_no: str
    files: list[str]
    emails: int


@router.post(
    "/reports/issue",
    response_model=IssueOut,
    responses=ERRORS,
    dependencies=[Csrf],
)
def post_issue(body: IssueIn, request: Request, me: Me) -> IssueOut:
    """Number the report from the register, store its files and queue its e-mails."""
    web = web_of(request)
    ask = ask_of(body.level, body.kind, body.year, body.half)
    issued = issue_as(
        web.tdkt.uow, web.tdkt.settings, me, ask, issued_on=web.today(), now=web.now()
    )
    data = dataclasses.asdict(issued)
    data["files"] = [p.name for p in issued.files]
    return IssueOut(**data)
