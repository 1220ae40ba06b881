"""Every page of the web app, each with its JSON twin under /api (rasad.web.twins.Twins): the
parameters are declared here once, the dict comes from rasad.web.views and article_views."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Depends, Path, Query

from rasad.store.base import Store
from rasad.web.article_views import article_view, person_view, story_view
from rasad.web.params import MAX_PAGE
from rasad.web.twins import Twins, get_store
from rasad.web.views import dashboard_view, search_view, sources_view

__all__ = ["twins"]

twins = Twins()
StoreDep = Annotated[Store, Depends(get_store)]
MAX_ID = 2**63 - 1  # SQLite's largest integer: a larger id is refused, not overflowed
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
Day = Annotated[str | None, Query(max_length=40, description="a day: Jalali 1404/08/01 or Gregorian 2025-10-23")]
Words = Annotated[str, Query(max_length=500)]
Names = Annotated[list[str], Query(max_length=20)]


@twins.view("/", "dashboard.html", "Dashboard: stories, articles per day, top names, latest quotes")
def dashboard(store: StoreDep, period: Literal["today", "7", "30"] = "7", since: Day = None, until: Day = None,
              q: Words = "") -> dict[str, Any]:
    """A period (today, 7 or 30 days up to today, or up to the newest stored day when nothing is
    recent; or a since/until range) with its stories, counts and quotes."""
    return dashboard_view(store, period, since, until, q)


@twins.view("/search", "search.html", "Search articles")
def search(store: StoreDep, q: Words = "", agency: Annotated[str | None, Query(max_length=100)] = None,
           since: Day = None, until: Day = None, person: Names = [],  # noqa: B006 (FastAPI copies defaults)
           org: Names = [], place: Names = [], collapse: bool = False,  # noqa: B006
           order: Literal["relevance", "newest"] = "relevance",
           page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
           per_page: Annotated[int, Query(ge=1, le=50)] = 20) -> dict[str, Any]:
    """Hits (best first: the query's words side by side, then BM25; or newest first), a page at a time,
    with facets: agencies over every match, people, organizations and places over the first 2,000
    hits (`faceted`). Query syntax: words (all required), "a phrase", a OR b, -excluded."""
    return search_view(store, q, agency, since, until, person, org, place, collapse, page, per_page, order)


@twins.view("/articles/{article_id}", "article.html", "One article with its entities, quotes and story")
def article(store: StoreDep, article_id: Id) -> dict[str, Any]:
    return article_view(store, article_id)


@twins.view("/people/{person_id}", "person.html", "A person: names, roles over time, quotes")
def person(store: StoreDep, person_id: Id, q: Words = "", since: Day = None, until: Day = None,
           limit: Annotated[int, Query(ge=1, le=200)] = 50) -> dict[str, Any]:
    return person_view(store, person_id, q, since, until, limit)


@twins.view("/stories/{story_id}", "story.html", "A story: first publisher, republications, word diffs")
def story(store: StoreDep, story_id: Id) -> dict[str, Any]:
    return story_view(store, story_id)


@twins.view("/sources", "sources.html", "Each watched outlet's health")
def sources(store: StoreDep) -> dict[str, Any]:
    return sources_view(store)
