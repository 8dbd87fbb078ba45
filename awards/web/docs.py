"""/api/docs: Swagger UI served from this server (swagger-ui-bundle-v2), not from a CDN.

The page carries no inline script, so the app's Content-Security-Policy (scripts from 'self'
only) holds here too: the UI is started by /static/swagger-init.js.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

ASSETS = "/api/docs/assets"
router = APIRouter(include_in_schema=False)

PAGE = f"""<!doctype html>
<html lang="vi">
<head>
  <meta charset="utf-8">
  <title>tdkt – tài liệu API</title>
  <link rel="stylesheet" href="{ASSETS}/swagger-ui.css">
  <link rel="icon" href="{ASSETS}/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui" data-openapi="/api/openapi.json"></div>
  <script src="{ASSETS}/swagger-ui-bundle.js"></script>
  <script src="/static/swagger-init.js"></script>
</body>
</html>
"""


@router.get("/api/docs", response_class=HTMLResponse)
def docs() -> HTMLResponse:
    return HTMLResponse(PAGE)


def mount_docs(api: FastAPI) -> None:
    api.mount(ASSETS, StaticFiles(directory=swagger_ui_path), name="swagger-ui")
    api.include_router(router)
