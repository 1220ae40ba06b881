"""Each page and its JSON twin from one view: `Twins.view` registers a view under `/api/...` (the
dict is the JSON answer, documented in the OpenAPI schema) and under the page's path (a Jinja
template renders the same dict). Also the store a request reads (`get_store`) and the templates'
environment (autoescaped; filters and helpers from rasad.web.format)."""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, get_type_hints
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from fastapi.routing import APIRouter
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from rasad import __version__
from rasad.store import Store, open_store
from rasad.web import format as fmt
from rasad.web.auth import session_of
from rasad.web.views import agency_name

__all__ = ["HERE", "Twins", "api_url", "close_store", "get_store", "templates"]

HERE = Path(__file__).resolve().parent


_OPENING = threading.Lock()


def get_store(request: Request) -> Iterator[Store]:
    """The app's store, opened read-only once and shared by the requests of every thread (SQLite
    reads on a connection per thread; PostgreSQL from one pool, not a new pool a request). A store
    that cannot be opened yet (no database there) is tried again by the next request."""
    app = request.app
    store: Store | None = getattr(app.state, "store", None)
    if store is None:
        with _OPENING:
            store = getattr(app.state, "store", None)
            if store is None:
                store = open_store(app.state.db_url, write=False)
                app.state.store = store
    yield store


def close_store(app: Any) -> None:
    """Close the app's shared store (at shutdown)."""
    store = getattr(app.state, "store", None)
    if store is not None:
        app.state.store = None
        store.close()


def templates() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(fa=fmt.fa_digits, jdate=fmt.jalali_date, delay=fmt.format_delay, agency_name=agency_name)
    env.globals.update(bar_chart=fmt.bar_chart, timeline=fmt.timeline, jalali_day=fmt.jalali_day,
                       search_href=fmt.search_href, marked=fmt.marked,
                       export_links=fmt.export_links,
                       urlencode=lambda pairs: urlencode(pairs, doseq=True), version=__version__,
                       session_of=session_of)
    return env


class Twins:
    """Registers each view under its page path (HTML, left out of the schema) and `/api` path (JSON)."""

    def __init__(self) -> None:
        self.router = APIRouter()
        self.env = templates()

    def view(self, path: str, template: str, summary: str) -> Callable[[Callable[..., dict[str, Any]]],
                                                                     Callable[..., dict[str, Any]]]:
        def register(func: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
            self.router.add_api_route("/api" + (path if path != "/" else "/dashboard"), func, methods=["GET"],
                                      summary=summary, response_model=None, name="api_" + func.__name__)
            self.router.add_api_route(path, self._page(func, template), methods=["GET"], include_in_schema=False,
                                      response_class=HTMLResponse, name=func.__name__)
            return func

        return register

    def _page(self, func: Callable[..., dict[str, Any]], template: str) -> Callable[..., Response]:
        """The view as a page: the same parameters (and `request`), the dict rendered by `template`."""
        hints = get_type_hints(func, include_extras=True)
        params = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY, annotation=hints.get(p.name, p.annotation))
                  for p in inspect.signature(func).parameters.values()]
        page = self.env.get_template(template)

        def render(request: Request, **kwargs: Any) -> Response:
            data = func(**kwargs)
            return HTMLResponse(page.render(data=data, request=request, api=api_url(request)))

        render.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
            [inspect.Parameter("request", inspect.Parameter.KEYWORD_ONLY, annotation=Request), *params])
        render.__name__ = func.__name__ + "_page"
        return render


def api_url(request: Request) -> str:
    path = request.url.path
    return ("/api/dashboard" if path == "/" else "/api" + path) + (f"?{request.url.query}" if request.url.query else "")
