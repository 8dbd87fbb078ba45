"""A level's own quyết định: the list, the preview (no number) and the issue with a confirm, the
signed DOCX and its PDF, and the certificates of each decision. The checks are in
awards.services.decisions.desk (preview: the secretariat or chair, issue: the chair)."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from awards.errors import NotFoundError, ValidationError
from awards.permissions import Action
from awards.services.accounts.access import levels_in_reach
from awards.services.decisions.desk import (
    certificates_as,
    decision_as,
    decisions_as,
    issue_as,
    preview_as,
)
from awards.services.decisions.issue import DecisionInput
from awards.services.decisions.records import docx_to_pdf
from awards.services.rounds.views import round_codes
from awards.web.deps import DOCX, Csrf, Me, render, web_of

router = APIRouter(include_in_schema=False)
PDF = "application/pdf"


def _download(data: bytes, name: str, media: str) -> Response:
    headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{_quoted(name)}"}
    return Response(data, media_type=media, headers=headers)


def _quoted(name: str) -> str:
    return urlencode({"": name})[1:]


def _input(unit: str, round: str, signer: str, title: str, on: date | None) -> DecisionInput:
    if not round.strip():
        raise ValidationError("Chọn đợt thi đua (ô Đợt thi đua) trước khi soạn quyết định.")
    return DecisionInput(round.strip(), unit.strip(), signer.strip(), title.strip(), on)


@router.get("/decisions")
def decisions_page(request: Request, me: Me, unit: str = "", round: str = "") -> Response:
    web = web_of(request)
    levels = levels_in_reach(web.tdkt.uow, me, Action.view_decisions, web.today())
    unit = unit or (levels[0][0] if levels else "")
    rounds = round_codes(web.tdkt.uow, newest_first=True)
    page = decisions_as(web.tdkt.uow, me, unit) if unit else None
    return render(
        request,
        "decisions.html",
        me=me,
        levels=levels,
        unit=unit,
        rounds=rounds,
        round=round or (rounds[0] if rounds else ""),
        page=page,
        today=web.today(),
    )


@router.get("/decisions/preview")
def preview_page(
    request: Request,
    me: Me,
    unit: str,
    round: str,
    signer: str = "",
    title: str = "",
    on: date | None = None,
) -> Response:
    """The quyết định issuing would make, unnumbered: nothing is written."""
    web = web_of(request)
    inp = _input(unit, round, signer or me.full_name, title, on)
    drafts = preview_as(web.tdkt.uow, me, inp, web.today())
    page = decisions_as(web.tdkt.uow, me, unit)
    query = urlencode({"unit": unit, "round": round, "signer": inp.signer_name, "title": title})
    return render(
        request,
        "decision_preview.html",
        me=me,
        inp=inp,
        on=on or web.today(),
        drafts=drafts,
        may_issue=page.may_issue,
        query=query,
    )


@router.get("/decisions/draft.docx")
def draft_docx(
    request: Request, me: Me, unit: str, round: str, award: str, signer: str = "", title: str = ""
) -> Response:
    web = web_of(request)
    drafts = preview_as(web.tdkt.uow, me, _input(unit, round, signer, title, None), web.today())
    found = next((d for d in drafts if d.award_code == award), None)
    if found is None:
        raise NotFoundError(f"Không có dự thảo quyết định cho hình thức '{award}' của {unit}.")
    return _download(found.docx, found.filename, DOCX)


@router.post("/decisions/issue", dependencies=[Csrf])
def issue_form(
    request: Request,
    me: Me,
    unit: Annotated[str, Form()],
    round: Annotated[str, Form()],
    signer: Annotated[str, Form()],
    on: Annotated[date, Form()],
    title: Annotated[str, Form()] = "",
    confirm: Annotated[str, Form()] = "",
) -> Response:
    web = web_of(request)
    if confirm != "yes":
        raise ValidationError(
            "Chưa xác nhận ban hành: đánh dấu ô “Tôi đã kiểm tra dự thảo” rồi bấm Ban hành."
        )
    issue_as(web.tdkt.uow, me, _input(unit, round, signer, title, on), web.now())
    return RedirectResponse(f"/decisions?{urlencode({'unit': unit})}", status_code=303)


@router.get("/decisions/{code}.docx")
def decision_docx(request: Request, me: Me, code: str) -> Response:
    summary, docx = decision_as(web_of(request).tdkt.uow, me, code)
    return _download(docx, f"{summary.stem}.docx", DOCX)


@router.get("/decisions/{code}.pdf")
def decision_pdf(request: Request, me: Me, code: str) -> Response:
    summary, docx = decision_as(web_of(request).tdkt.uow, me, code)
    return _download(docx_to_pdf(docx, summary.stem), f"{summary.stem}.pdf", PDF)


@router.get("/certificates")
def certificates_page(request: Request, me: Me, unit: str = "") -> Response:
    """Each issued decision of a level with its certificates: one PDF per awardee, or all."""
    web = web_of(request)
    levels = levels_in_reach(web.tdkt.uow, me, Action.view_decisions, web.today())
    unit = unit or (levels[0][0] if levels else "")
    page = decisions_as(web.tdkt.uow, me, unit) if unit else None
    return render(request, "certificates.html", me=me, levels=levels, unit=unit, page=page)


@router.get("/decisions/{code}/certificates.pdf")
def certificates_merged(request: Request, me: Me, code: str) -> Response:
    web = web_of(request)
    with tempfile.TemporaryDirectory(prefix="tdkt-certs-") as tmp:
        files = certificates_as(web.tdkt.uow, me, code, Path(tmp))
        return _download(files.merged.read_bytes(), files.merged.name, PDF)


@router.get("/decisions/{code}/certificates/{dossier}.pdf")
def certificate_single(request: Request, me: Me, code: str, dossier: str) -> Response:
    web = web_of(request)
    with tempfile.TemporaryDirectory(prefix="tdkt-certs-") as tmp:
        files = certificates_as(web.tdkt.uow, me, code, Path(tmp))
        path = next((p for p in files.per_awardee if p.stem.endswith(f"-{dossier}")), None)
        if path is None:
            raise NotFoundError(f"Hồ sơ {dossier} không có trong quyết định {code}.")
        return _download(path.read_bytes(), path.name, PDF)
