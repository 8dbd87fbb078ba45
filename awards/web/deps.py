"""What every router shares, defined once (as full-stack-fastapi-template's ``api/deps.py``).

The web context (`Web`, `web_of`), the signed-in user (`Me`), the CSRF check (`Csrf`), page
rendering (`render`), the dossier list filter both list routes take (`DossierFilterDep`), and how
an error becomes a status (`status_of`) and a response (`on_error` and its two siblings).

Routers import this module and the services, never `awards.web.app`; only app.py imports the
routers (an import-linter contract holds it), so there is no import circle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from awards.bootstrap import App
from awards.errors import (
    AwardsError,
    ConflictError,
    DeadlineError,
    ImportFileError,
    NotFoundError,
    PermissionDenied,
    TransitionNotAllowed,
    ValidationError,
)
from awards.services.accounts.access import Principal, SignedIn
from awards.services.dossiers.inbox import DossierFilter, unit_code_of
from awards.services.reporting.desk import ReportAsk
from awards.web.problems import Problem, from_validation, http_problem
from awards.web.security import (
    CsrfError,
    NotSignedIn,
    Sessions,
    check_csrf,
    principal,
    session,
    signed_in,
)

Clock = Callable[[], datetime]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Web:
    """What routes need: the wired application, the clock, templates."""

    tdkt: App
    clock: Clock
    templates: Jinja2Templates
    sessions: Sessions
    extras: dict[str, Any] = field(default_factory=dict)

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.clock().astimezone(self.tdkt.settings.tz).date()


def web_of(request: Request) -> Web:
    web: Web = request.app.state.web
    return web


Me = Annotated[Principal, Depends(principal)]
# A move route: the session's account, whose grants the move reads in its own transaction.
MeInMove = Annotated[SignedIn, Depends(signed_in)]
Csrf = Depends(check_csrf)  # on unsafe routes: `dependencies=[Csrf]`


def render(request: Request, name: str, status: int = 200, **ctx: Any) -> Response:
    """A page from its template, with the CSRF token every form of the layout carries."""
    ctx.setdefault("csrf", session(request).get("csrf", ""))
    return web_of(request).templates.TemplateResponse(request, name, ctx, status_code=status)


def opt(value: str | None) -> str | None:
    """A form or query value with blanks meaning "not given"."""
    return value.strip() or None if value else None


def dossier_filter(
    round: str | None = None,
    state: str | None = None,
    award: str | None = None,
    unit: str | None = None,
    code: str | None = None,
    nominee: str | None = None,
    sort: str = "due",
) -> DossierFilter:
    """The dossier list's filters, the same for the page and the API (blank = not filtered)."""
    return DossierFilter(
        opt(round), opt(state), opt(award), opt(unit), opt(code), opt(nominee), sort or "due"
    )


DossierFilterDep = Annotated[DossierFilter, Depends(dossier_filter)]


def home_unit(web: Web, me: Principal) -> str:
    """The unit of the user's first role: where a desk opens when no unit is asked for."""
    return unit_code_of(web.tdkt.uow, me.grants[0].unit_id) if me.grants else ""


def ask_of(level: str, kind: str, year: int, half: int | None) -> ReportAsk:
    """A report request from the report screens' and API's parameters."""
    if kind not in ("so_ket", "tong_ket"):
        raise ValidationError("Loại báo cáo phải là sơ kết (so_ket) hoặc tổng kết (tong_ket).")
    return ReportAsk(level.strip(), kind, year, half if kind == "so_ket" else None)


# Errors → HTTP status: the exception handlers and the pages that re-render a refusal in place.
STATUS: dict[type[AwardsError], int] = {
    NotSignedIn: 401,
    CsrfError: 403,
    PermissionDenied: 403,
    NotFoundError: 404,
    ConflictError: 409,
    TransitionNotAllowed: 409,
    DeadlineError: 409,
    ValidationError: 422,
    ImportFileError: 422,
}

# The documented error answers of every API route: the one {code, message, allowed} shape.
# 413: a body over the limit, answered before authentication (awards/web/limits.py).
ERRORS: dict[int | str, dict[str, Any]] = {
    s: {"model": Problem} for s in (400, 401, 403, 404, 409, 413, 422)
}


def status_of(err: AwardsError) -> int:
    for kind in type(err).__mro__:
        if kind in STATUS:
            return STATUS[kind]
    return 400


async def on_error(request: Request, err: AwardsError) -> Response:
    """An error as {code, message, allowed, fields} under /api, else as the error page."""
    status = status_of(err)
    if request.url.path.startswith("/api"):
        body: dict[str, Any] = {
            "code": err.code,
            "message": err.message,
            "allowed": list(getattr(err, "allowed", [])),
        }
        if hasattr(err, "fields"):
            body["fields"] = err.fields
        return JSONResponse(body, status_code=status)
    if isinstance(err, NotSignedIn):
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    return web_of(request).templates.TemplateResponse(
        request, "error.html", {"error": err, "status": status}, status_code=status
    )


async def on_invalid_request(request: Request, err: RequestValidationError) -> Response:
    """Malformed parameters or body: the same {code, message, allowed, fields} as every error."""
    return await on_error(request, from_validation(err.errors()))


async def on_http_error(request: Request, err: HTTPException) -> Response:
    """Errors raised before a route runs; under /api they keep the documented shape too."""
    if not request.url.path.startswith("/api"):
        return await http_exception_handler(request, err)
    body = http_problem(err.status_code).model_dump()
    return JSONResponse(body, status_code=err.status_code, headers=err.headers)
