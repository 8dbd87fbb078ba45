"""Sessions in a signed cookie (itsdangerous), CSRF tokens, and the signed-in Principal.

The cookie holds only {uid, gen, csrf}; it is signed (not encrypted) with TDKT_SECRET_KEY, HttpOnly,
SameSite=Lax, Secure in production, and expires after SESSION_MAX_AGE. Every visitor gets a CSRF
token before signing in, so the login form is protected too. Unsafe requests must echo the token,
as the form field ``csrf_token`` or the header ``X-CSRF-Token`` (HTMX and API clients).

Sessions are revocable on the server: ``gen`` is the account's session generation at sign-in,
and a session whose generation no longer matches the account's (after sign-out, a password reset
or disabling the account) is refused on its next request.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from awards.errors import AwardsError, NotSignedIn, PermissionDenied
from awards.services.accounts.access import Principal, SignedIn, load_principal
from awards.services.accounts.users import revoke_sessions, session_generation

COOKIE = "tdkt_session"
SESSION_MAX_AGE = 8 * 3600


class CsrfError(AwardsError):
    code = "csrf"


class Sessions:
    def __init__(self, secret: str, *, secure: bool) -> None:
        self.serializer = URLSafeTimedSerializer(secret, salt="tdkt-session")
        self.secure = secure

    def load(self, request: Request) -> dict[str, Any]:
        raw = request.cookies.get(COOKIE)
        if raw:
            try:
                data = self.serializer.loads(raw, max_age=SESSION_MAX_AGE)
                if isinstance(data, dict) and isinstance(data.get("csrf"), str):
                    return data
            except BadSignature:
                pass
        return {"csrf": secrets.token_urlsafe(32), "new": True}

    def cookie(self, data: dict[str, Any]) -> str:
        """The Set-Cookie header that stores the session (built by Starlette's set_cookie)."""
        response = Response()
        body = {k: v for k, v in data.items() if k in ("uid", "gen", "csrf")}
        response.set_cookie(
            COOKIE,
            self.serializer.dumps(body),
            max_age=SESSION_MAX_AGE,
            httponly=True,
            samesite="lax",
            secure=self.secure,
            path="/",
        )
        return response.headers["set-cookie"]


def session(request: Request) -> dict[str, Any]:
    return request.state.session


def sign_in(request: Request, user_id: int) -> None:
    """A fresh CSRF token on every sign-in (no fixation of a pre-login token)."""
    gen = session_generation(request.app.state.web.tdkt.uow, user_id)
    request.state.session = {
        "uid": user_id,
        "gen": gen,
        "csrf": secrets.token_urlsafe(32),
        "dirty": True,
    }


def sign_out(request: Request) -> None:
    """Forget the session here and revoke every session of the account on the server."""
    uid = session(request).get("uid")
    if isinstance(uid, int):
        revoke_sessions(request.app.state.web.tdkt.uow, uid)
    request.state.session = {"csrf": secrets.token_urlsafe(32), "dirty": True}


async def check_csrf(request: Request) -> None:
    expected = session(request).get("csrf", "")
    given = request.headers.get("x-csrf-token", "")
    if not given and "form" in request.headers.get("content-type", ""):
        form = await request.form()
        value = form.get("csrf_token", "")
        given = value if isinstance(value, str) else ""
    if not expected or not hmac.compare_digest(str(given), str(expected)):
        raise CsrfError(
            "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ (mã CSRF); tải lại trang rồi "
            "thử lại."
        )


def signed_in(request: Request) -> SignedIn:
    """Who the session says is signed in, not yet checked against the database: a move loads
    the grants and checks the session's generation in its own transaction (one round trip
    and no read-only transaction fewer than `principal`)."""
    uid = session(request).get("uid")
    if not isinstance(uid, int):
        raise NotSignedIn("Bạn chưa đăng nhập hoặc phiên đã hết hạn; hãy đăng nhập.")
    gen = session(request).get("gen", 0)
    return SignedIn(uid, gen if isinstance(gen, int) else -1, request.app.state.web.today())


def principal(request: Request) -> Principal:
    who = signed_in(request)
    web = request.app.state.web
    try:
        return load_principal(web.tdkt.uow, who.user_id, who.on, generation=who.generation)
    except AwardsError as err:
        raise NotSignedIn(err.message) from err


def client_address(request: Request) -> str:
    """The address throttling counts: the peer, or behind a proxy named in TDKT_TRUSTED_PROXIES
    the last address of X-Forwarded-For that is not one of those proxies. A header from any other
    peer is ignored, so a client cannot choose its own address."""
    peer = request.client.host if request.client else "unknown"
    trusted = request.app.state.web.tdkt.settings.trusted_proxy_list
    if peer not in trusted:
        return peer
    hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",") if h.strip()]
    untrusted = [h for h in hops if h not in trusted]
    return untrusted[-1] if untrusted else peer


__all__ = [
    "COOKIE",
    "CsrfError",
    "NotSignedIn",
    "PermissionDenied",
    "Sessions",
    "check_csrf",
    "client_address",
    "principal",
    "sign_in",
    "sign_out",
    "signed_in",
]
