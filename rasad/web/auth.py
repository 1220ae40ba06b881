"""Who is writing: sessions in a signed cookie, CSRF tokens, and the refusals.

Reading stays open; what writes (watches) needs a login (users made with `rasad user add`,
rasad.alerts.accounts). The session is a cookie signed with RASAD_SECRET_KEY (itsdangerous, with a
time limit): HttpOnly, SameSite=Lax, Secure when the request came over https (directly, or through a
reverse proxy that says so). It holds the user's name and a CSRF token; every form carries that
token and every POST is refused (403) unless the form's token equals the session's. A login starts
a new session (a new token), so a token seen before the login is worthless after it.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import parse_qs

from fastapi import Request
from fastapi.responses import Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from rasad import settings
from rasad.errors import Forbidden, InputError, NotAuthenticated

__all__ = ["COOKIE", "MAX_FORM_BYTES", "SESSION_SECONDS", "Session", "read_form", "require_user", "session_of",
           "set_session"]

COOKIE = "rasad_session"
SESSION_SECONDS = 12 * 3600
MAX_FORM_BYTES = 32 * 1024


@cache
def _process_key() -> str:
    return secrets.token_urlsafe(32)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.get("secret_key") or _process_key(), salt="rasad-session")


@dataclass(slots=True)
class Session:
    user: str | None
    csrf: str
    fresh: bool = False  # made for this request: not in a cookie yet
    issued: bool = False  # its token went into a form: a fresh session must then be set as a cookie

    @classmethod
    def new(cls, user: str | None = None) -> Session:
        return cls(user, secrets.token_urlsafe(24), fresh=True)

    def token(self) -> str:
        """The CSRF token, for a form."""
        self.issued = True
        return self.csrf


def session_of(request: Request) -> Session:
    """The request's session (cached on it), or a new anonymous one with a fresh CSRF token."""
    cached = getattr(request.state, "session", None)
    if isinstance(cached, Session):
        return cached
    found = None
    raw = request.cookies.get(COOKIE)
    if raw:
        try:
            data: dict[str, Any] = _serializer().loads(raw, max_age=SESSION_SECONDS)
            found = Session(data.get("u"), str(data["c"]))
        except (BadSignature, KeyError, TypeError):
            found = None
    request.state.session = found or Session.new()
    return request.state.session


def set_session(request: Request, response: Response, session: Session) -> None:
    request.state.session = session
    response.set_cookie(COOKIE, _serializer().dumps({"u": session.user, "c": session.csrf}), max_age=SESSION_SECONDS,
                        httponly=True, samesite="lax", secure=request.url.scheme == "https", path="/")


async def read_form(request: Request) -> dict[str, str]:
    """A POSTed form (application/x-www-form-urlencoded), its CSRF token checked against the session's."""
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        raise InputError("form", f"over {MAX_FORM_BYTES} bytes")
    try:
        fields = {k: v[-1] for k, v in parse_qs(body.decode("utf-8"), keep_blank_values=True).items()}
    except UnicodeDecodeError:
        raise InputError("form", "not UTF-8") from None
    token = fields.pop("csrf", "")
    if not token or not hmac.compare_digest(token, session_of(request).csrf):
        raise Forbidden("the form's CSRF token is missing or stale: reload the page and send it again")
    return fields


def require_user(request: Request) -> str:
    """The logged-in user's name; raises NotAuthenticated (401) without a login."""
    user = session_of(request).user
    if not user:
        raise NotAuthenticated("log in to create or change watches (/login)")
    return user
