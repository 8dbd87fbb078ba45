"""Cụm / khối thi đua: the year's rollup with its chart, a cluster's board with the score forms
and the proposals, and the matching API. The checks are in awards.services.clusters.desk."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from awards.errors import AwardsError, ValidationError
from awards.services.clusters.desk import (
    board_as,
    boards_as,
    create_as,
    may_create,
    propose_as,
    score_as,
)
from awards.services.clusters.scoring import (
    ClusterBoard,
    NewCluster,
    ScoreInput,
    cluster_chart,
    compact_choices,
    parse_points,
    rollup,
)
from awards.web.deps import ERRORS, Csrf, Me, render, status_of, web_of
from rules.clusters import number
from rules.policy import STATUS_LABELS

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["clusters"])
Year = Annotated[int, Query(ge=2000, le=2100)]


def _year(request: Request, year: int) -> int:
    return year or web_of(request).today().year


def _clusters_page(
    request: Request, me: Me, year: int, *, error: AwardsError | None = None, done: str = ""
) -> Response:
    boards = boards_as(web_of(request).tdkt.uow, me, year)
    return render(
        request,
        "clusters.html",
        status_of(error) if error else 200,
        me=me,
        year=year,
        lines=rollup(boards),
        number=number,
        may_create=may_create(me),
        compacts=compact_choices(),
        error=error,
        done=done,
    )


@router.get("/clusters")
def clusters_page(request: Request, me: Me, year: int = 0, done: str = "") -> Response:
    return _clusters_page(request, me, _year(request, year), done=done)


@router.post("/clusters", dependencies=[Csrf])
def create_cluster_form(
    request: Request,
    me: Me,
    code: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    lead: Annotated[str, Form()] = "",
    compact: Annotated[str, Form()] = "",
    members: Annotated[str, Form()] = "",
    year: Annotated[int, Form()] = 0,
) -> Response:
    """Lập cụm, khối: its lead unit and the other members (unit codes, comma-separated)."""
    web = web_of(request)
    year = _year(request, year)
    others = tuple(m.strip() for m in members.replace(";", ",").split(",") if m.strip())
    try:
        if not code.strip() or not name.strip() or not lead.strip():
            raise ValidationError("Nhập mã, tên và đơn vị trưởng của cụm, khối.")
        new = NewCluster(code.strip(), name.strip(), lead.strip(), compact, others)
        create_as(web.tdkt.uow, me, new, web.now())
    except AwardsError as err:
        if status_of(err) != 422:
            raise
        return _clusters_page(request, me, year, error=err)
    done = quote(
        f"Đã lập {new.name} ({new.code}) với {len(set(others) | {new.lead_unit_code})} thành viên."
    )
    return RedirectResponse(f"/clusters?year={year}&done={done}", status_code=303)


@router.get("/clusters/chart.png")
def clusters_chart(request: Request, me: Me, year: Year) -> Response:
    boards = boards_as(web_of(request).tdkt.uow, me, year)
    return Response(cluster_chart(year, boards), media_type="image/png")


@router.get("/clusters/{code}")
def cluster_page(request: Request, me: Me, code: str, year: int = 0) -> Response:
    year = _year(request, year)
    page = board_as(web_of(request).tdkt.uow, me, code, year)
    return render(
        request,
        "cluster.html",
        me=me,
        year=year,
        page=page,
        b=page.board,
        number=number,
        status_labels=STATUS_LABELS,
    )


@router.post("/clusters/{code}/scores", dependencies=[Csrf])
def cluster_score_form(
    request: Request,
    me: Me,
    code: str,
    year: Annotated[int, Form()],
    unit: Annotated[str, Form()],
    source: Annotated[str, Form()],
    criterion: Annotated[list[str], Form()],
    points: Annotated[list[str], Form()],
) -> Response:
    """One member's points; a criterion left empty keeps what it had."""
    given = {
        c: parse_points(p, f"tiêu chí {c}")
        for c, p in zip(criterion, points, strict=False)
        if p.strip()
    }
    web = web_of(request)
    score_as(web.tdkt.uow, me, ScoreInput(code, year, unit, source, given), web.now())
    return RedirectResponse(f"/clusters/{code}?year={year}", status_code=303)


@router.post("/clusters/{code}/proposals", dependencies=[Csrf])
def cluster_propose_form(
    request: Request,
    me: Me,
    code: str,
    year: Annotated[int, Form()],
    round_code: Annotated[str, Form()],
) -> Response:
    web = web_of(request)
    propose_as(web.tdkt.uow, me, code, year, round_code, web.now())
    return RedirectResponse(f"/clusters/{code}?year={year}", status_code=303)


def _board_json(b: ClusterBoard) -> dict[str, Any]:
    spec = b.compact.spec
    return {
        "cluster": b.code,
        "name": b.name,
        "year": b.year,
        "lead": b.lead_code,
        "compact": {"id": spec.id, "version": spec.version, "status": spec.status},
        "members": [
            {
                "unit": x.unit_code,
                "rank": x.standing.rank if x.standing else None,
                "total": str(x.standing.total) if x.standing else None,
                "deductions": str(x.standing.deductions) if x.standing else None,
                "self_total": str(x.standing.self_total)
                if x.standing and x.standing.self_total is not None
                else None,
                "assessed": {k: str(v) for k, v in x.assessed_points.items()},
                "self": {k: str(v) for k, v in x.self_points.items()},
                "award": x.award_code,
            }
            for x in b.lines
        ],
    }


@api.get("/clusters/{code}", responses=ERRORS)
def get_cluster(request: Request, me: Me, code: str, year: Year) -> dict[str, Any]:
    """A cluster's members with their points, totals, ranks and the awards proposed by rank."""
    return _board_json(board_as(web_of(request).tdkt.uow, me, code, year).board)


class ScoresIn(BaseModel):
    unit: str = Field(max_length=40)
    year: int = Field(ge=2000, le=2100)
    source: str = Field(description="self (tự chấm) hoặc assessed (cụm, khối chấm)", max_length=10)
    points: dict[str, Decimal] = Field(min_length=1, max_length=50)


@api.post("/clusters/{code}/scores", responses=ERRORS, dependencies=[Csrf])
def post_cluster_scores(code: str, body: ScoresIn, request: Request, me: Me) -> dict[str, Any]:
    """A member's self-score (its secretariat) or the cluster's assessment (the lead unit's)."""
    web = web_of(request)
    inp = ScoreInput(code, body.year, body.unit, body.source, dict(body.points))
    return _board_json(score_as(web.tdkt.uow, me, inp, web.now()))


class ProposalsIn(BaseModel):
    year: int = Field(ge=2000, le=2100)
    round_code: str = Field(max_length=40)


@api.post("/clusters/{code}/proposals", responses=ERRORS, dependencies=[Csrf])
def post_cluster_proposals(
    code: str, body: ProposalsIn, request: Request, me: Me
) -> dict[str, Any]:
    """Draft dossiers for the leaders (the giao ước's awards by rank), nominated by the lead."""
    web = web_of(request)
    found = propose_as(web.tdkt.uow, me, code, body.year, body.round_code, web.now())
    return {
        "proposed": [
            {
                "unit": p.unit_code,
                "award": p.award_code,
                "rank": p.rank,
                "dossier": p.dossier_code,
                "new": p.new,
            }
            for p in found
        ]
    }
