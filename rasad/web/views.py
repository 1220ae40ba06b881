"""The dashboard, search and sources views: each computes the one dict its page and its JSON twin
render. They read the store through the Store contract only."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from typing import Any

from rasad.errors import ConfigError, NotFound
from rasad.store.base import Store
from rasad.store.values import Facet, SearchFilters
from rasad.text.dates import TEHRAN, to_jalali
from rasad.web.format import mark_words
from rasad.web.params import agency_of, parse_day, search_filters

__all__ = ["PERIODS", "dashboard_view", "search_view", "sources_view"]

PERIODS = {"today": 1, "7": 7, "30": 30}
TOP_FACETS: tuple[Facet, ...] = ("PER", "ORG", "LOC", "agency")


def day_record(day: date | str | None) -> dict[str, str | None]:
    """A day as the pages and the API give it: Gregorian and Jalali ISO strings."""
    if day is None:
        return {"day": None, "jalali": None}
    value = date.fromisoformat(day) if isinstance(day, str) else day
    return {"day": value.isoformat(), "jalali": to_jalali(value)}


def agency_name(ident: str | None) -> str | None:
    agency = agency_of(ident)
    return agency.name if agency else ident


def search_view(store: Store, q: str = "", agency: str | None = None, since: str | None = None,
                until: str | None = None, person: list[str] | None = None, org: list[str] | None = None,
                place: list[str] | None = None, collapse: bool = False, page: int = 1,
                per_page: int = 20, order: str = "relevance") -> dict[str, Any]:
    """Hits for a query and filters, a page of them, with facet counts (agencies over every match,
    the others over the first FACET_SAMPLE hits: `faceted`). `ranked`: set when more matched than
    a search ranks (the search window): the hits and pages are those of the newest `ranked` matches."""
    person, org, place = person or [], org or [], place or []
    filters = search_filters(agency, since, until, person, org, place)
    result = store.search(q, filters, limit=per_page, offset=(page - 1) * per_page, collapse=collapse, order=order)
    reachable = result.total if result.ranked is None or collapse else result.ranked  # the window's hits
    pages = max(1, math.ceil(reachable / per_page))
    if page > pages:
        raise NotFound(f"page {page} is past the last page of results ({pages})")
    words = store.parse(q).words
    items = []
    for hit in result.hits:
        items.append({
            "id": hit.id, "title": hit.title, "agency": hit.agency, "agency_name": hit.agency_name,
            "published": hit.published, "published_jalali": day_record(hit.published)["jalali"],
            "snippet": hit.snippet, "marks": mark_words(hit.snippet, words),
            "title_marks": mark_words(hit.title, words),
            "url": hit.url, "story": hit.story, "also": hit.also, "score": round(hit.score, 4),
        })
    return {
        "query": {"q": q, "agency": agency or "", "since": since or "", "until": until or "", "person": person,
                  "org": org, "place": place, "collapse": collapse, "order": order, "per_page": per_page},
        "total": result.total, "items": items, "page": page, "per_page": per_page, "pages": pages,
        "facets": result.facets, "faceted": result.faceted, "ranked": result.ranked,
    }


def today() -> date:
    return datetime.now(TEHRAN).date()


def resolve_period(store: Store, period: str, since: str | None, until: str | None) -> dict[str, Any]:
    """The days a dashboard shows: a Jalali or Gregorian range when given; else the last `period`
    days up to today, or up to the newest stored article's day when those days hold nothing."""
    first, last = parse_day(since, "since"), parse_day(until, "until")
    if first or last:
        last = last or today()
        first = first or last - timedelta(days=PERIODS[period] - 1)
        if first > last:
            first, last = last, first
        anchor = "range"
    else:
        last, anchor = today(), "today"
        last_day = store.day_range()[1]
        newest = date.fromisoformat(last_day) if last_day else None
        if newest is not None and newest < last - timedelta(days=PERIODS[period] - 1):
            last, anchor = newest, "newest"
        first = last - timedelta(days=PERIODS[period] - 1)
    return {"period": period, "anchor": anchor, "since": day_record(first), "until": day_record(last),
            "days": (last - first).days + 1}


def days_between(counts: dict[str, int], first: date, last: date) -> list[dict[str, Any]]:
    """Every day from first to last with its count (0 for a day without articles)."""
    out = []
    day = first
    while day <= last:
        out.append({**day_record(day), "articles": counts.get(day.isoformat(), 0)})
        day += timedelta(days=1)
    return out


def dashboard_view(store: Store, period: str = "7", since: str | None = None, until: str | None = None,
                   q: str = "") -> dict[str, Any]:
    """A period's overview: stories carried by the most agencies, articles per day (all, and for a
    query), the most named people, organizations, places and agencies, and the latest quotes."""
    shown = resolve_period(store, period, since, until)
    first = date.fromisoformat(shown["since"]["day"])
    last = date.fromisoformat(shown["until"]["day"])
    filters = SearchFilters(since=first, until=last)
    if shown["days"] > 366:
        shown["days"] = 366  # a chart of a year at most: the range is cut at its start
        first = last - timedelta(days=365)
        filters.since, shown["since"] = first, day_record(first)

    def per_day(query: str) -> list[dict[str, Any]]:
        return days_between({d.day: d.articles for d in store.articles_per_day(query, filters)}, first, last)

    top = {facet: [{"value": c.value, "articles": c.articles,
                    **({"name": agency_name(c.value)} if facet == "agency" else {})}
                   for c in store.top(facet, filters, limit=10)]
           for facet in TOP_FACETS}
    quotes = [{**row.to_record(), "jalali": day_record(row.day)["jalali"]}
              for row in store.quotes(since=first, until=last, limit=10)]
    all_days = per_day("")
    return {
        "period": shown, "q": q,
        "total": sum(d["articles"] for d in all_days),
        "per_day": all_days,
        "query_per_day": per_day(q) if q.strip() else None,
        "stories": top_stories(store, first, last),
        "top": top, "quotes": quotes,
    }


def top_stories(store: Store, first: date, last: date, limit: int = 10) -> list[dict[str, Any]]:
    """Stories first published in [first, last], carried by the most agencies first."""
    rows: list[dict[str, Any]] = []
    for story in store.stories(min_size=2, since=first, until=last, limit=limit, order="agencies"):
        agencies = sorted({a.agency for a in story.articles if a.agency})
        rows.append({
            "id": story.id, "title": story.first.title, "articles": len(story.articles), "agencies": agencies,
            "first_agency": story.first.agency, "first_agency_name": agency_name(story.first.agency),
            "first_published": story.first.published_at,
        })
    return rows[:limit]


def sources_view(store: Store) -> dict[str, Any]:
    """Each watched outlet's health: the sources list, with what the monitor recorded of each."""
    from rasad.sources import load_sources

    states = store.source_states()
    try:
        watched = {s.name: s for s in load_sources()}
        problem = None
    except ConfigError as error:
        watched, problem = {}, str(error)
    rows: list[dict[str, Any]] = []
    for name in list(watched) + sorted(set(states) - set(watched)):
        state = states.get(name)
        source = watched.get(name)
        record = state.to_record() if state else {"name": name, "last_polled": None, "last_success": None,
                                                   "last_error": None, "errors": 0, "failing_since": None,
                                                   "items": 0, "items_per_day": {}}
        record["status"] = ("never polled" if state is None or not state.last_polled
                            else "failing" if state.failing_since or state.last_error else "ok")
        record["watched"] = source is not None
        record["enabled"] = source.enabled if source else None
        record["agency"] = source.agency if source else None
        record["feeds"] = source.feeds if source else []
        record["interval_seconds"] = source.interval_seconds if source else None
        rows.append(record)
    return {"sources": rows, "problem": problem,
            "counts": {k: sum(1 for r in rows if r["status"] == k) for k in ("ok", "failing", "never polled")}}
