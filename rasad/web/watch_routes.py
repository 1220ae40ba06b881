"""The watches' pages: reading is open (the list, a watch with its alerts, both with JSON twins, and
its Atom feed at an unguessable URL); what writes needs a login and a CSRF token (rasad.web.auth):
log in and out, create, edit and delete a watch. Refusals: 401 without a login (the login page
says so), 403 for a bad CSRF token or another user's watch, 409 for a taken name, 422 for a form
that does not make a watch (the form again, with the reason)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from rasad.alerts.accounts import authenticate
from rasad.alerts.atom import atom_feed
from rasad.alerts.watches import change_watch, create_watch
from rasad.errors import Conflict, Forbidden, InputError, NotAuthenticated
from rasad.store import open_store
from rasad.store.base import Store
from rasad.store.watch_values import User, Watch, WatchSpec
from rasad.web.auth import Session, read_form, require_user, session_of, set_session
from rasad.web.twins import Twins, get_store
from rasad.web.watch_views import watch_view, watches_view

__all__ = ["watch_twins"]

watch_twins = Twins()
router = watch_twins.router
StoreDep = Annotated[Store, Depends(get_store)]
WatchId = Annotated[int, Path(ge=1, le=2**63 - 1)]
FEED_ALERTS = 50


@watch_twins.view("/watches", "watches.html", "Watches: what each matches and where it delivers")
def watches(store: StoreDep) -> dict[str, Any]:
    return watches_view(store)


def _render(request: Request, template: str, data: dict[str, Any], status: int = 200) -> HTMLResponse:
    page = watch_twins.env.get_template(template)
    return HTMLResponse(page.render(data=data, request=request, api=""), status_code=status)


def _safe_next(target: str | None) -> str:
    """Only a path on this site (never `//host` or `https://...`) is followed after a login."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/watches"


def _login_page(request: Request, target: str | None, error: str | None = None, status: int = 200) -> HTMLResponse:
    session = session_of(request)
    response = _render(request, "login.html", {"csrf": session.token(), "next": _safe_next(target), "error": error},
                       status)
    set_session(request, response, session)
    return response


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_form(request: Request, next: Annotated[str | None, Query(max_length=500)] = None) -> Response:
    return _login_page(request, next)


@router.post("/login", include_in_schema=False)
async def login(request: Request) -> Response:
    form = await read_form(request)

    def check() -> User:  # argon2 takes ~0.1 s of CPU and 64 MiB: off the event loop
        with open_store(request.app.state.db_url, write=False) as store:
            return authenticate(store, form.get("user", ""), form.get("password", ""))

    try:
        user = await run_in_threadpool(check)
    except NotAuthenticated as exc:
        return _login_page(request, form.get("next"), str(exc), 401)
    response = RedirectResponse(_safe_next(form.get("next")), status_code=303)
    set_session(request, response, Session.new(user.name))  # a new session: tokens seen before are void
    return response


@router.post("/logout", include_in_schema=False)
async def logout(request: Request) -> Response:
    await read_form(request)
    response = RedirectResponse("/", status_code=303)
    set_session(request, response, Session.new())
    return response


def _form_spec(form: dict[str, str]) -> WatchSpec:
    raw = form.get("story_agencies", "").strip()
    try:
        story = int(raw) if raw else None
    except ValueError:
        raise InputError("story-agencies", f"{raw!r} is not a number") from None
    return WatchSpec(query=form.get("query", ""), agency=form.get("agency"), person=form.get("person"),
                     org=form.get("org"), place=form.get("place"), quotes_only=bool(form.get("quotes_only")),
                     story_agencies=story, webhook=form.get("webhook"), email=form.get("email"),
                     digest=form.get("digest") or None)  # type: ignore[arg-type]


def _form_values(watch: Watch | None, form: dict[str, str] | None = None) -> dict[str, Any]:
    if form is not None:
        return {k: form.get(k, "") for k in ("name", "query", "person", "org", "place", "agency", "story_agencies",
                                               "webhook", "email", "digest", "quotes_only")}
    if watch is None:
        return dict.fromkeys(("name", "query", "person", "org", "place", "agency", "story_agencies", "webhook",
                              "email", "digest", "quotes_only"), "")
    values = {k: ("" if v is None else v) for k, v in watch.spec.to_record().items()}
    return values | {"name": watch.name}


def _form_page(request: Request, watch_id: int | None, values: dict[str, Any], error: str | None = None,
               status: int = 200) -> HTMLResponse:
    session = session_of(request)
    return _render(request, "watch_form.html", {"watch_id": watch_id, "form": values, "csrf": session.token(),
                                                "error": error}, status)


def _refuse_login(request: Request, exc: NotAuthenticated) -> HTMLResponse:
    return _login_page(request, request.url.path, str(exc), 401)


def _mine(watch: Watch, user: str) -> None:
    if watch.owner is not None and watch.owner != user:
        raise Forbidden(f"the watch {watch.name!r} is {watch.owner}'s: only they may change it")


@router.get("/watches/new", response_class=HTMLResponse, include_in_schema=False)
def new_watch_form(request: Request) -> Response:
    try:
        require_user(request)
    except NotAuthenticated as exc:
        return _refuse_login(request, exc)
    return _form_page(request, None, _form_values(None))


@router.post("/watches", include_in_schema=False)
async def create(request: Request) -> Response:
    form = await read_form(request)
    user = require_user(request)

    def write() -> Watch:
        with open_store(request.app.state.db_url) as store:
            return create_watch(store, form.get("name", ""), _form_spec(form), owner=user)

    try:
        made = await run_in_threadpool(write)
    except (InputError, Conflict) as exc:
        return _form_page(request, None, _form_values(None, form), str(exc), exc.http_status)
    return RedirectResponse(f"/watches/{made.id}", status_code=303)


@router.get("/watches/{watch_id}/edit", response_class=HTMLResponse, include_in_schema=False)
def edit_watch_form(request: Request, store: StoreDep, watch_id: WatchId) -> Response:
    try:
        user = require_user(request)
    except NotAuthenticated as exc:
        return _refuse_login(request, exc)
    watch = store.watch(watch_id)
    _mine(watch, user)
    return _form_page(request, watch.id, _form_values(watch))


@router.post("/watches/{watch_id}", include_in_schema=False)
async def update(request: Request, watch_id: WatchId) -> Response:
    form = await read_form(request)
    user = require_user(request)

    def write() -> Response:
        with open_store(request.app.state.db_url) as store:
            watch = store.watch(watch_id)
            _mine(watch, user)
            try:
                change_watch(store, watch, form.get("name", ""), _form_spec(form))
            except (InputError, Conflict) as exc:
                return _form_page(request, watch.id, _form_values(watch, form), str(exc), exc.http_status)
        return RedirectResponse(f"/watches/{watch_id}", status_code=303)

    return await run_in_threadpool(write)


@router.post("/watches/{watch_id}/delete", include_in_schema=False)
async def delete(request: Request, watch_id: WatchId) -> Response:
    await read_form(request)
    user = require_user(request)

    def write() -> None:
        with open_store(request.app.state.db_url) as store:
            watch = store.watch(watch_id)
            _mine(watch, user)
            store.remove_watch(watch.id)

    await run_in_threadpool(write)
    return RedirectResponse("/watches", status_code=303)


@router.get("/watches/feed/{token}.atom", include_in_schema=False)
def feed(request: Request, store: StoreDep, token: Annotated[str, Path(max_length=100)]) -> Response:
    """A watch's alerts as Atom; the token in the URL is the only key."""
    watch = store.watch_by_token(token)
    base = str(request.base_url).rstrip("/")
    body = atom_feed(watch, store.alerts(watch_id=watch.id, limit=FEED_ALERTS), base,
                     f"{base}/watches/feed/{quote(token)}.atom")
    return Response(body, media_type="application/atom+xml; charset=utf-8")


@watch_twins.view("/watches/{watch_id}", "watch.html", "A watch with its alerts, deliveries and feed")
def watch(store: StoreDep, watch_id: WatchId) -> dict[str, Any]:
    return watch_view(store, watch_id)

