"""The tờ trình a level sent in a round, with their DOCX documents (tờ trình, danh sách,
draft quyết định) built on request from the submission's hops
(awards.services.escalation.documents)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response

from awards.errors import NotFoundError
from awards.services.reporting.desk import report_levels, submission_docs_as
from awards.services.rounds.views import round_codes
from awards.web.deps import DOCX, Me, render, web_of

router = APIRouter(include_in_schema=False)
DOCS = {
    "to-trinh": "Tờ trình",
    "danh-sach": "Danh sách",
    "du-thao-quyet-dinh": "Dự thảo quyết định",
}


@router.get("/reports/submissions")
def submissions(request: Request, me: Me, level: str = "", round: str = "") -> Response:
    web = web_of(request)
    levels = report_levels(web.tdkt.uow, me, web.today())
    rounds = round_codes(web.tdkt.uow, newest_first=True)
    level = level or (levels[0][0] if levels else "")
    round = round or (rounds[0] if rounds else "")
    with tempfile.TemporaryDirectory(prefix="tdkt-docs-") as tmp:
        docs = submission_docs_as(web.tdkt.uow, me, round, level, Path(tmp)) if level else []
    return render(
        request,
        "submissions.html",
        me=me,
        levels=levels,
        rounds=rounds,
        level=level,
        round=round,
        docs=docs,
        names=DOCS,
    )


@router.get("/reports/submissions/{code}/{name}.docx")
def submission_doc(
    request: Request, me: Me, code: str, name: str, level: str, round: str
) -> Response:
    web = web_of(request)
    if name not in DOCS:
        raise NotFoundError(f"Không có văn bản '{name}'; chọn {', '.join(DOCS)}.")
    with tempfile.TemporaryDirectory(prefix="tdkt-docs-") as tmp:
        docs = submission_docs_as(web.tdkt.uow, me, round, level, Path(tmp))
        path = Path(tmp) / f"{code}-{name}.docx"
        if code not in {d.submission_code for d in docs} or not path.is_file():
            raise NotFoundError(f"Không có tờ trình mã '{code}' của {level} trong đợt {round}.")
        data = path.read_bytes()
    headers = {"Content-Disposition": f'attachment; filename="{code}-{name}.docx"'}
    return Response(data, media_type=DOCX, headers=headers)
