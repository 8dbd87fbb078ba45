"""The web application and REST API (FastAPI + Jinja2 + HTMX): thin routes over awards.services."""

from awards.web.app import create_app

__all__ = ["create_app"]
