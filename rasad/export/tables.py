"""What can be exported, each as a `Table` read from the Store contract: a search's hits (every
page, in the search's order: `Store.iter_hits`), a person's or a speaker's quotes (as `rasad
quotes` and the person page list them), a story's articles (the first publisher marked).

Each function checks what it is asked for before any row is read (an unknown story or person
raises NotFound), so a caller can still answer with an error; the rows are then read lazily.
Adding an export is one function here: a name, columns and a generator of dicts.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from rasad.export.writers import Table
from rasad.store.base import Store
from rasad.store.values import SearchFilters, jalali

__all__ = ["SEARCH_COLUMNS", "quotes_table", "search_table", "story_table"]

SEARCH_COLUMNS = ("id", "title", "agency", "agency_name", "published", "published_jalali", "url", "story", "also",
                  "score", "snippet")
QUOTE_COLUMNS = ("id", "article_id", "published", "published_jalali", "speaker", "person_id", "mention", "verb",
                 "kind", "text", "title", "agency", "url")
STORY_COLUMNS = ("id", "story", "first", "how", "delay_seconds", "title", "agency", "agency_name", "published",
                 "published_jalali", "url")


def search_table(store: Store, query: str = "", filters: SearchFilters | None = None,
                 collapse: bool = False, order: str = "relevance") -> Table:
    """Every hit of a search, in the order its pages show them."""
    stream = store.iter_hits(query, filters, collapse=collapse, order=order)

    def rows() -> Iterator[dict[str, Any]]:
        for hit in stream:
            yield hit.to_record()

    return Table("search", SEARCH_COLUMNS, rows(), stream.total)


def quotes_table(store: Store, speaker: str | None = None, person_id: int | None = None, query: str | None = None,
                 since: date | None = None, until: date | None = None) -> Table:
    """Quotes, newest first, by a speaker (a name, a surname or a role phrase) or a person's id,
    with words of `query`, between two days: the rows of `rasad quotes` and of the person page."""
    name = "quotes"
    if person_id is not None:
        store.person_by_id(person_id, quotes=0)  # NotFound before any row
        name = f"quotes-{person_id}"
    found = store.iter_quotes(speaker=speaker, person_id=person_id, query=query or None, since=since, until=until)

    def rows() -> Iterator[dict[str, Any]]:
        url_of: dict[int, str | None] = {}  # the articles of the last quotes (a quote's neighbours share one)
        for quote in found:
            if quote.article_id not in url_of:
                if len(url_of) >= 1000:
                    url_of.clear()
                url_of[quote.article_id] = store.get(quote.article_id).record.get("url")
            yield {"id": quote.id, "article_id": quote.article_id, "published": quote.day,
                   "published_jalali": jalali(quote.day), "speaker": quote.speaker, "person_id": quote.person_id,
                   "mention": quote.mention, "verb": quote.verb, "kind": quote.kind, "text": quote.text,
                   "title": quote.title, "agency": quote.agency, "url": url_of[quote.article_id]}

    return Table(name, QUOTE_COLUMNS, rows(), found.total)


def _moment(value: str | None) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value) if value else None
    except ValueError:
        return None
    return moment if moment and moment.tzinfo else None


def _agency_name(ident: str | None) -> str | None:
    from rasad.extract.agencies import agency_by_id

    agency = agency_by_id(ident) if ident else None
    return agency.name if agency else ident


def story_table(store: Store, story_id: int) -> Table:
    """A story's articles in publication order: the first publisher (`first` true, `how` "first"),
    then each copy with how it relates to the first and its delay after it in seconds."""
    story = store.story(story_id)  # NotFound before any row
    start = _moment(story.first.published_at)

    def rows() -> Iterator[dict[str, Any]]:
        for article in story.articles:
            first = article.id == story.first.id
            moment = _moment(article.published_at)
            delay = int((moment - start).total_seconds()) if moment and start else None
            yield {"id": article.id, "story": story.id, "first": first,
                   "how": "first" if first else article.how or "related", "delay_seconds": 0 if first else delay,
                   "title": article.title, "agency": article.agency, "agency_name": _agency_name(article.agency),
                   "published": article.published_at, "published_jalali": jalali(article.published_at),
                   "url": article.url}

    return Table(f"story-{story.id}", STORY_COLUMNS, rows(), len(story.articles))
