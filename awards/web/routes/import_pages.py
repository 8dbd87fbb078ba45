"""Excel/CSV upload of nominations on the nomination form, and the template to fill in.

Row errors are shown in place (row, column, reason); by default nothing is saved when any row is
wrong. The page answers 422 then, so a client sees the refusal without reading the HTML.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, Response
from starlette.concurrency import run_in_threadpool

from awards.errors import ImportFileError
from awards.services.accounts.access import Principal
from awards.services.nomination.form import choices
from awards.services.nomination.import_form import (
    ERRORS_FOLDER,
    error_file_of,
    import_upload_as,
    keep_error_file,
)
from awards.services.nomination.imports import error_file_bytes
from awards.services.nomination.tabular import Limits, template_bytes
from awards.web.deps import XLSX, Csrf, Me, render, web_of

router = APIRouter(include_in_schema=False)


@router.get("/nominate/template.{fmt}")
def template(request: Request, me: Me, fmt: str) -> Response:
    kind = "csv" if fmt == "csv" else "xlsx"
    media = "text/csv; charset=utf-8" if kind == "csv" else XLSX
    headers = {"Content-Disposition": f'attachment; filename="mau-ho-so-de-nghi.{kind}"'}
    return Response(template_bytes("nominations", kind), media_type=media, headers=headers)


@router.post("/nominate/upload", dependencies=[Csrf])
async def upload(
    request: Request,
    me: Me,
    round_code: Annotated[str, Form()],
    file: Annotated[UploadFile, File()],
    valid_only: Annotated[bool, Form()] = False,
) -> Response:
    web = web_of(request)
    opts = await run_in_threadpool(choices, web.tdkt.uow, me, web.today())
    ctx: dict[str, Any] = {"me": me, "opts": opts, "form": {"round_code": round_code}}
    try:  # off the event loop: a long file never stalls the other requests (issue 16)
        result = await run_in_threadpool(
            import_upload_as,
            web.tdkt.uow,
            me,
            filename=file.filename or "",
            stream=file.file,
            round_code=round_code,
            now=web.now(),
            valid_only=valid_only,
            limits=Limits.of(web.tdkt.settings),
        )
    except ImportFileError as err:
        if err.rejected_rows:
            ctx["error_file"] = _keep(request, me, error_file_bytes(err))
        return render(request, "nominate.html", 422, errors={}, upload_problems=err.problems, **ctx)
    if result.rejected_rows:
        ctx["error_file"] = _keep(request, me, result.error_bytes())
    return render(
        request,
        "nominate.html",
        200,
        errors={},
        upload_result=result,
        upload_problems=result.problems,
        **ctx,
    )


def _keep(request: Request, me: Principal, data: bytes) -> str:
    web = web_of(request)
    folder = web.tdkt.settings.data_dir / ERRORS_FOLDER
    return f"/nominate/errors/{keep_error_file(folder, me, data, now=web.now())}.xlsx"


@router.get("/nominate/errors/{token}.xlsx")
def error_file(request: Request, me: Me, token: str) -> Response:
    """The rejected rows of the user's last uploads, with the error column (XLSX)."""
    path = error_file_of(web_of(request).tdkt.settings.data_dir / ERRORS_FOLDER, me, token)
    return FileResponse(path, media_type=XLSX, filename="cac-dong-loi.xlsx")
