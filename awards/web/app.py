"""The app factory: wires settings, sessions, templates, static files, routes and error pages."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from awards.bootstrap import App
from awards.errors import AwardsError
from awards.permissions import ROLE_LABELS, Action
from awards.services.dossiers.attachments import KINDS as ATTACHMENT_KINDS
from awards.services.dossiers.attachments import previewable
from awards.services.dossiers.correction import describe as describe_changes
from awards.web.deps import Clock, Web, on_error, on_http_error, on_invalid_request, web_of
from awards.web.docs import mount_docs
from awards.web.limits import BodyLimit
from awards.web.routes import (
    admin_api,
    admin_pages,
    appraisal_pages,
    cluster_pages,
    council_api,
    council_pages,
    decision_pages,
    fund_pages,
    import_pages,
    org_pages,
    pages,
    registration_pages,
    report_api,
    report_pages,
    round_pages,
    rules_api,
    rules_pages,
    submission_pages,
)
from awards.web.routes import api as api_routes
from awards.web.security import Sessions
from notifications import vn_date
from rules.facts import DISCIPLINE_LABELS, NOMINEE_KIND_LABELS, RATING_LABELS
from rules.prizes import vnd
from states import DossierState, Trigger, event_label

HERE = Path(__file__).parent
# In the order they were always included: the first route that matches a path wins.
ROUTERS = [
    api_routes.router,
    pages.router,
    council_api.router,
    council_pages.router,
    report_pages.router,
    report_api.router,
    rules_pages.router,
    rules_api.router,
    import_pages.router,
    admin_pages.router,
    admin_api.router,
    submission_pages.router,
    appraisal_pages.router,
    appraisal_pages.api,
    fund_pages.router,
    fund_pages.api,
    cluster_pages.router,
    cluster_pages.api,
    round_pages.router,
    org_pages.router,
    registration_pages.router,
    registration_pages.api,
    decision_pages.router,
]


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
    api.add_middleware(SessionCookie)
    api.add_middleware(BodyLimit)  # outermost: before the session and any authentication
    api.add_exception_handler(AwardsError, on_error)  # type: ignore[arg-type]
    api.add_exception_handler(RequestValidationError, on_invalid_request)  # type: ignore[arg-type]
    api.add_exception_handler(HTTPException, on_http_error)  # type: ignore[arg-type]
    for router in ROUTERS:
        api.include_router(router)
    return api


_SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; frame-ancestors 'none'",
}


class SessionCookie:
    """The signed session in request.state.session (saved when new or changed) and the security
    headers of every response. Plain ASGI: @app.middleware("http") (BaseHTTPMiddleware) costs
    every request a task group and memory streams around the route."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        web = web_of(request)
        request.state.session = web.sessions.load(request)

        async def send_with_session(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                data = request.state.session
                if data.pop("new", False) or data.pop("dirty", False):
                    headers.append("set-cookie", web.sessions.cookie(data))
                for name, value in _SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_session)


def _size(n: int) -> str:
    """A file size as people read it: 850 B, 12,5 KB, 2,3 MB (Vietnamese decimal comma)."""
    if n < 1024:
        return f"{n} B"
    value, unit = (n / 1024, "KB") if n < 1024 * 1024 else (n / 1024 / 1024, "MB")
    return f"{value:.1f} {unit}".replace(".", ",")


def _templates(app: App) -> Jinja2Templates:
    templates = Jinja2Templates(directory=HERE / "templates")  # autoescape on for .html
    env = templates.env
    tz = app.settings.tz
    env.filters["d"] = lambda v: v.strftime("%d/%m/%Y") if v else "—"
    env.filters["dt"] = lambda v: v.astimezone(tz).strftime("%d/%m/%Y %H:%M") if v else "—"
    env.filters["vn_date"] = lambda v: vn_date(v) if v else "—"
    env.filters["state_label"] = lambda v: DossierState(v).label
    env.filters["trigger_label"] = event_label
    env.filters["role_label"] = lambda v: ROLE_LABELS.get(v, v)
    env.filters["kind_label"] = lambda v: ATTACHMENT_KINDS.get(v, v)
    env.filters["previewable"] = previewable
    env.filters["rating_label"] = lambda v: RATING_LABELS.get(v, v)
    env.filters["discipline_label"] = lambda v: DISCIPLINE_LABELS.get(v, v)
    env.filters["nominee_kind_label"] = lambda v: NOMINEE_KIND_LABELS.get(v, v)
    env.filters["kb"] = _size
    env.filters["described"] = describe_changes
    env.filters["money"] = vnd  # 2300000 → "2.300.000 đồng"
    env.filters["num"] = lambda v: f"{v:,}".replace(",", ".")
    env.globals["may_any"] = lambda me, action: me.reach(Action(action)) != set()
    env.globals["STATES"] = list(DossierState)
    env.globals["TRIGGERS"] = list(Trigger)
    return templates
