"""The app factory: wires settings, sessions, templates, static files, routes and error pages."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
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
from awards.permissions import ROLE_LABELS, Action
from awards.services.dossiers.attachments import KINDS as ATTACHMENT_KINDS
from awards.web.docs import mount_docs
from awards.web.limits import BodyLimit
from awards.web.problems import from_validation, http_problem
from awards.web.security import CsrfError, NotSignedIn, Sessions
from notifications import vn_date
from states import DossierState, Trigger

HERE = Path(__file__).parent
Clock = Callable[[], datetime]

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


def status_of(err: AwardsError) -> int:
    for kind in type(err).__mro__:
        if kind in STATUS:
            return STATUS[kind]
    return 400


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


def create_app(app: App, *, clock: Clock | None = None) -> FastAPI:
    """The web application and REST API over one wired tdkt App."""
    settings = app.settings
    web = Web(
        tdkt=app,
        clock=clock or (lambda: datetime.now(UTC)),
        templates=_templates(app),
        sessions=Sessions(
            settings.secret_key.get_secret_value(), secure=settings.env == "production"
        ),
    )
    api = FastAPI(
        title="tdkt – hồ sơ khen thưởng",
        version="1",
        description="REST API: hồ sơ, thao tác, hộp việc. Lỗi: {code, message, allowed}.",
        docs_url=None,  # served by awards.web.docs from vendored files
        openapi_url="/api/openapi.json",
        redoc_url=None,
    )
    api.state.web = web
    api.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    mount_docs(api)
    api.middleware("http")(_session_middleware)
    api.add_middleware(BodyLimit)  # outermost: before the session and any authentication
    api.add_exception_handler(AwardsError, _on_error)  # type: ignore[arg-type]
    api.add_exception_handler(RequestValidationError, _on_invalid_request)  # type: ignore[arg-type]
    api.add_exception_handler(HTTPException, _on_http_error)  # type: ignore[arg-type]
    from awards.web import api as api_routes
    from awards.web import appraisal_pages, pages

    api.include_router(api_routes.router)
    api.include_router(pages.router)
    api.include_router(_council_api())
    api.include_router(_council_pages())
    from awards.web import (
        admin_api,
        admin_pages,
        import_pages,
        report_api,
        report_pages,
        rules_api,
        rules_pages,
        submission_pages,
    )

    api.include_router(report_pages.router)
    api.include_router(report_api.router)
    api.include_router(rules_pages.router)
    api.include_router(rules_api.router)
    api.include_router(import_pages.router)
    api.include_router(admin_pages.router)
    api.include_router(admin_api.router)
    api.include_router(submission_pages.router)
    api.include_router(appraisal_pages.router)
    api.include_router(appraisal_pages.api)
    return api


def _council_api() -> Any:
    from awards.web import council_api

    return council_api.router


def _council_pages() -> Any:
    from awards.web import council_pages

    return council_pages.router


async def _session_middleware(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    web: Web = request.app.state.web
    request.state.session = web.sessions.load(request)
    response = await call_next(request)
    data = request.state.session
    if data.pop("new", False) or data.pop("dirty", False):
        web.sessions.save(response, data)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "frame-ancestors 'none'",
    )
    return response


async def _on_error(request: Request, err: AwardsError) -> Response:
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
    web: Web = request.app.state.web
    return web.templates.TemplateResponse(
        request, "error.html", {"error": err, "status": status}, status_code=status
    )


async def _on_invalid_request(request: Request, err: RequestValidationError) -> Response:
    """Malformed parameters or body: the same {code, message, allowed, fields} as every error."""
    return await _on_error(request, from_validation(err.errors()))


async def _on_http_error(request: Request, err: HTTPException) -> Response:
    """Errors raised before a route runs; under /api they keep the documented shape too."""
    if not request.url.path.startswith("/api"):
        return await http_exception_handler(request, err)
    body = http_problem(err.status_code).model_dump()
    return JSONResponse(body, status_code=err.status_code, headers=err.headers)


def _templates(app: App) -> Jinja2Templates:
    templates = Jinja2Templates(directory=HERE / "templates")  # autoescape on for .html
    env = templates.env
    tz = app.settings.tz
    env.filters["d"] = lambda v: v.strftime("%d/%m/%Y") if v else "—"
    env.filters["dt"] = lambda v: v.astimezone(tz).strftime("%d/%m/%Y %H:%M") if v else "—"
    env.filters["vn_date"] = lambda v: vn_date(v) if v else "—"
    env.filters["state_label"] = lambda v: DossierState(v).label
    env.filters["trigger_label"] = lambda v: Trigger(v).label
    env.filters["role_label"] = lambda v: ROLE_LABELS.get(v, v)
    env.filters["kind_label"] = lambda v: ATTACHMENT_KINDS.get(v, v)
    env.globals["may_any"] = lambda me, action: me.reach(Action(action)) != set()
    env.globals["STATES"] = list(DossierState)
    env.globals["TRIGGERS"] = list(Trigger)
    return templates
