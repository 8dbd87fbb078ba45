"""Report screens: sơ kết / tổng kết of a level with its chart (PNG made here, no CDN),
downloads (XLSX, unnumbered DOCX draft), and issuing the numbered report for those allowed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from awards.errors import ValidationError
from awards.permissions import Action
from awards.reports.periodic_render import report_html, report_xlsx, share_chart
from awards.services.accounts.access import Principal
from awards.services.reporting.desk import (
    ReportAsk,
    draft_docx,
    issue_as,
    issued_as,
    issued_file_as,
    notice_docx_as,
    plan_docx_as,
    report_as,
    report_levels,
    set_text_as,
    texts_as,
)
from awards.services.reporting.texts import SectionText
from awards.services.rounds.views import round_codes
from awards.web.deps import DOCX, XLSX, Csrf, Me, ask_of, render, web_of

router = APIRouter(include_in_schema=False)
SUFFIXES = {"docx": DOCX, "xlsx": XLSX, "html": "text/html", "png": "image/png"}


def _query(ask: ReportAsk) -> str:
    half = f"&half={ask.half}" if ask.half else ""
    return f"level={ask.level_code}&kind={ask.kind}&year={ask.year}{half}"


@router.get("/reports")
def reports(
    request: Request,
    me: Me,
    level: str = "",
    kind: str = "so_ket",
    year: int = 0,
    half: int | None = None,
) -> Response:
    web = web_of(request)
    levels = report_levels(web.tdkt.uow, me, web.today())
    year = year or web.today().year
    ask = ask_of(level or (levels[0][0] if levels else ""), kind, year, half or 1)
    html, report, may_write = None, None, False
    sections: list[SectionText] = []
    if level:
        report = report_as(web.tdkt.uow, web.tdkt.settings, me, ask)
        html = report_html(report)  # rendered by an autoescaping template
        sections, may_write = texts_as(web.tdkt.uow, web.tdkt.settings, me, ask)
    return render(
        request,
        "reports.html",
        me=me,
        levels=levels,
        ask=ask,
        query=_query(ask),
        report=report,
        report_html=html,
        can_issue=_may_issue(me),
        sections=sections,
        may_write=may_write,
        round_codes=round_codes(web.tdkt.uow, newest_first=True) if levels else [],
    )


def _may_issue(me: Principal) -> bool:
    return me.reach(Action.issue_report) != set()


@router.get("/reports/chart.png")
def chart(request: Request, me: Me, level: str, kind: str, year: int, half: int = 1) -> Response:
    web = web_of(request)
    report = report_as(web.tdkt.uow, web.tdkt.settings, me, ask_of(level, kind, year, half))
    return Response(share_chart(report), media_type="image/png")


@router.get("/reports/download.{fmt}")
def download(
    request: Request, me: Me, fmt: str, level: str, kind: str, year: int, half: int = 1
) -> Response:
    web = web_of(request)
    ask = ask_of(level, kind, year, half)
    report = report_as(web.tdkt.uow, web.tdkt.settings, me, ask)
    if fmt == "xlsx":
        data = report_xlsx(report)
    elif fmt == "docx":
        data = draft_docx(
            web.tdkt.uow, report, ask.level_code, web.today(), web.tdkt.settings.data_dir
        )
    else:
        raise ValidationError("Chỉ tải được XLSX hoặc DOCX.")
    name = f"bao-cao-{kind.replace('_', '-')}-{ask.level_code}-{year}.{fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(data, media_type=SUFFIXES[fmt], headers=headers)


@router.post("/reports/issue", dependencies=[Csrf])
def issue(
    request: Request,
    me: Me,
    level: Annotated[str, Form()],
    kind: Annotated[str, Form()],
    year: Annotated[int, Form()],
    half: Annotated[int, Form()] = 1,
) -> Response:
    web = web_of(request)
    ask = ask_of(level, kind, year, half)
    issued = issue_as(
        web.tdkt.uow, web.tdkt.settings, me, ask, issued_on=web.today(), now=web.now()
    )
    return RedirectResponse(f"/reports/issued/{issued.report_id}", status_code=303)


@router.post("/reports/text", dependencies=[Csrf])
def write_text(
    request: Request,
    me: Me,
    level: Annotated[str, Form()],
    kind: Annotated[str, Form()],
    year: Annotated[int, Form()],
    section: Annotated[str, Form()],
    text: Annotated[str, Form()] = "",
    half: Annotated[int, Form()] = 1,
) -> Response:
    """The secretariat writes one section of its level's report (until it is issued)."""
    web = web_of(request)
    ask = ask_of(level, kind, year, half)
    set_text_as(web.tdkt.uow, web.tdkt.settings, me, ask, section, text, web.now())
    return RedirectResponse(f"/reports?{_query(ask)}#muc-{section}", status_code=303)


@router.get("/reports/public-notice.docx")
def public_notice(request: Request, me: Me, round: str, level: str) -> Response:
    """The thông báo công khai of the dossiers in công khai at a level (issue 17)."""
    web = web_of(request)
    name, data = notice_docx_as(
        web.tdkt.uow, web.tdkt.settings, me, round.strip(), level.strip(), web.today()
    )
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(data, media_type=DOCX, headers=headers)


@router.get("/rounds/{code}/ke-hoach.docx")
def round_plan(request: Request, me: Me, code: str) -> Response:
    """The kế hoạch thi đua of a round with its timetable, for its organiser's secretariat."""
    web = web_of(request)
    name, data = plan_docx_as(web.tdkt.uow, web.tdkt.settings, me, code, web.today())
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(data, media_type=DOCX, headers=headers)


@router.get("/reports/issued/{report_id}")
def issued_page(request: Request, me: Me, report_id: int) -> Response:
    web = web_of(request)
    row = issued_as(web.tdkt.uow, me, report_id)
    return render(request, "report_issued.html", me=me, row=row)


@router.get("/reports/issued/{report_id}/file.{suffix}")
def issued_file(request: Request, me: Me, report_id: int, suffix: str) -> Response:
    if suffix not in SUFFIXES:
        raise ValidationError("Chỉ tải được DOCX, XLSX, HTML hoặc PNG.")
    path = issued_file_as(web_of(request).tdkt.uow, me, report_id, suffix)
    return FileResponse(path, media_type=SUFFIXES[suffix], filename=path.name)
