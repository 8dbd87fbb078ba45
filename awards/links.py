"""Links in e-mails: the web app's own pages, named as their routes are, absolute with
TDKT_BASE_URL. The one link builder every mail uses; tests/web/test_mail_links.py checks each
path against the app's routes (url_path_for) and that every template's link opens (200) for
its recipient signed in."""

from __future__ import annotations

from awards.settings import get_settings

# Route name (the endpoint's function name in awards/web/routes) → its path.
PAGES: dict[str, str] = {
    "home": "/",  # the inbox: việc cần làm, nhắc việc and quá hạn of the user's units
    "dossier": "/dossiers/{code}",
    "council_session": "/council/sessions/{code}",
    "issued_page": "/reports/issued/{report_id}",
}


def link(page: str, /, **params: object) -> str:
    """The absolute address of a page: ``link("dossier", code="HS-2025-000001")``."""
    base = get_settings().base_url.rstrip("/")
    return base + PAGES[page].format(**params)
