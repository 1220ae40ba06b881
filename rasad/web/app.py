"""The web app: one FastAPI application whose every page has a JSON twin.

A view is written once (rasad.web.routes): it declares its parameters, reads the store and returns
a dict. `rasad.web.twins.Twins.view` registers it twice: under `/api/...` the dict is the JSON
answer (and the OpenAPI schema documents it); under the page's path a Jinja template renders the
same dict. Errors
go through one handler: the status comes from `rasad.errors.http_status_for` (or the framework's
own 404/405/422), the body is `{"error": message}` under `/api/` and a page elsewhere. Every
response carries the security headers (`SECURITY_HEADERS`). The store is opened read-only for each
request; only the watches' forms write, behind a login and a CSRF token (rasad.web.auth,
rasad.web.watch_routes). With `deliver=True` (`rasad serve`) a background thread sends the alerts
due (rasad.alerts.deliver.DeliveryWorker) for as long as the app runs.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from rasad import __version__
from rasad.errors import RasadError, http_status_for
from rasad.settings import default_db_url
from rasad.web.auth import set_session
from rasad.web.exports import router as exports_router
from rasad.web.routes import twins
from rasad.web.twins import HERE, close_store
from rasad.web.watch_routes import watch_twins

__all__ = ["SECURITY_HEADERS", "HeadAsGet", "create_app"]

log = logging.getLogger("rasad.web")

SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
                                "frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def error_message(exc: Exception) -> tuple[int, str]:
    """The status and message of any error a request can meet."""
    if isinstance(exc, RequestValidationError):
        problems = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path"))
            problems.append(f"{where}: {err.get('msg')}")
        return 422, "; ".join(problems) or "invalid request"
    if isinstance(exc, StarletteHTTPException):
        return exc.status_code, str(exc.detail)
    status = http_status_for(exc)
    if status >= 500 and not isinstance(exc, RasadError):
        return status, "internal error"
    return status, str(exc)


Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]]


class HeadAsGet:
    """HEAD answers as GET would, headers (Content-Length included) without the body: the routes
    are declared for GET only, so HEAD would otherwise be a 405 (curl -I, link checkers, probes)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Callable[[], Awaitable[Message]],
                       send: Callable[[Message], Awaitable[None]]) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    worker = None
    if app.state.deliver:
        from rasad.alerts.deliver import DeliveryWorker

        worker = DeliveryWorker(app.state.db_url).start()
    try:
        yield
    finally:
        if worker is not None:
            worker.stop()
        close_store(app)


def create_app(db_url: str | None = None, deliver: bool = False) -> FastAPI:
    """The app over the store at `db_url` (default: RASAD_DB, else the per-user database); with
    `deliver`, alerts are sent from a background thread while it runs."""
    app = FastAPI(title="rasad", version=__version__, docs_url=None, redoc_url=None, lifespan=_lifespan,
                  description="Persian news monitoring: search, articles, people, stories, sources, watches. "
                              "Every page under / has its JSON twin under /api/.")
    app.state.db_url = db_url or default_db_url()
    app.state.deliver = deliver
    app.include_router(twins.router)
    app.include_router(watch_twins.router)
    app.include_router(exports_router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    error_page = twins.env.get_template("error.html")

    async def handle_error(request: Request, exc: Exception) -> Response:
        status, message = error_message(exc)
        if status >= 500:
            log.error("%s %s: %s", request.method, request.url.path, exc, exc_info=not isinstance(exc, RasadError))
        if request.url.path.startswith(("/api/", "/export/")) or request.url.path == "/openapi.json":
            return JSONResponse({"error": message}, status_code=status)
        return HTMLResponse(error_page.render(status=status, message=message, request=request, api=""),
                            status_code=status)

    for kind in (RasadError, RequestValidationError, StarletteHTTPException, Exception):
        app.add_exception_handler(kind, handle_error)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        try:
            response = await call_next(request)
        except Exception as exc:  # an error no handler caught still answers, with the headers
            response = await handle_error(request, exc)
        response.headers.update(SECURITY_HEADERS)
        session = getattr(request.state, "session", None)
        if session is not None and session.fresh and session.issued and "set-cookie" not in response.headers:
            set_session(request, response, session)  # a form got this new session's CSRF token
        return response

    app.add_middleware(HeadAsGet)  # outermost: the routes and the handlers see a GET
    return app
