"""The values a store takes and returns. Backend-neutral: every backend fills them the same way,
and the contract suite (tests/store/test_contract.py) checks that it does.

Dates are `date` objects in arguments; in results they are ISO strings (`YYYY-MM-DD`, or a full
ISO 8601 timestamp where the name says `_at`), ready for JSON.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, Literal, TypeVar


def jalali(value: str | None) -> str | None:
    """The Jalali day (`1404-08-11`) of an ISO day or timestamp (`2025-11-02`, `2025-11-02T09:30:00+03:30`)."""
    if not value:
        return None
    from rasad.text.dates import to_jalali

    try:
        return to_jalali(date.fromisoformat(value[:10]))
    except ValueError:
        return None


T = TypeVar("T")
AddStatus = Literal["added", "updated", "unchanged"]
StoryOrder = Literal["newest", "agencies"]
Facet = Literal["agency", "PER", "ORG", "LOC"]

FACET_TYPES: tuple[str, ...] = ("PER", "ORG", "LOC")  # entity types counted as facets of a search
FACET_SIZE = 10
# people, organizations and places are counted over the first this many results in the order shown
# (the best matches, or the newest): a common word matches most of an archive, and its counts would
# cost more than the page (agencies are counted over every match)
FACET_SAMPLE = 2000


@dataclass(slots=True)
class RankedPage:
    """What a search shows of its ranked rows `(id, score, agency, story, ...)`: the total (stories
    when collapsing, else every match: `matched` when a window cut the rows), the page's groups of
    rows (one row each unless collapsing: a story's first row and its others), the agency facet over
    every ranked row, and the ids the other facets are counted over (the first FACET_SAMPLE)."""

    total: int
    page: list[list[Any]]
    agencies: dict[str, int]
    sample: list[int]

    @classmethod
    def of(cls, ordered: list[Any], matched: int | None, collapse: bool, limit: int, offset: int) -> RankedPage:
        if collapse:
            groups: dict[int, list[Any]] = {}
            for row in ordered:
                groups.setdefault(row[3] if row[3] is not None else -row[0], []).append(row)
            total, page = len(groups), list(groups.values())[offset:offset + limit]
        else:
            total, page = matched or len(ordered), [[row] for row in ordered[offset:offset + limit]]
        counted = Counter(r[2] or "?" for r in ordered)
        agencies = dict(sorted(counted.items(), key=lambda kv: (-kv[1], kv[0]))[:20])
        return cls(total, page, agencies, sorted(r[0] for r in ordered[:FACET_SAMPLE]))
# a search by relevance that matches more articles than this ranks only the newest this many of them
# (by arrival: the highest ids); counting BM25 over every match of a common word (`ایران` is in most
# articles) costs time in proportion to the archive, and this bounds it (SearchResult.ranked)
SEARCH_WINDOW = 10_000
ORDERS: tuple[str, ...] = ("relevance", "newest")
PAGE_ATTEMPTS = 3  # a feed item's page is fetched at most this many times


@dataclass(slots=True)
class AddResult:
    id: int
    status: AddStatus  # "added", "updated" (same URL, new content) or "unchanged" (seen before)


@dataclass(slots=True)
class StoredArticle:
    id: int
    record: dict[str, Any]  # the JSON contract of the article (rasad.models.Article.to_record)
    ingested_at: str  # ISO 8601, UTC


@dataclass(slots=True)
class SearchFilters:
    agency: str | None = None  # agency id
    since: date | None = None  # publication day, included
    until: date | None = None  # publication day, included
    entities: list[tuple[str, str]] = field(default_factory=list)  # (type, text): ("PER", "اسکندر مومنی")


@dataclass(slots=True)
class Hit:
    """One article found. `score` is the article's BM25 relevance to the query (k1 1.2, b 0.75,
    the title counted four times, over the folded words of the title and body, a quoted phrase as
    one term): the same formula in every backend, higher is better, 0 without a query."""

    id: int
    title: str
    agency: str | None  # agency id
    agency_name: str | None
    published: str | None  # YYYY-MM-DD
    snippet: str
    score: float
    story: int | None = None  # the story the article belongs to
    also: int = 0  # with collapse: other hits of the same story folded into this one
    url: str | None = None

    def to_record(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "agency": self.agency, "agency_name": self.agency_name,
                "published": self.published, "published_jalali": jalali(self.published), "snippet": self.snippet,
                "score": round(self.score, 4), "story": self.story, "also": self.also, "url": self.url}


@dataclass(slots=True)
class SearchResult:
    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)  # facet -> value -> count
    faceted: int = 0  # the results people, organizations and places were counted over (FACET_SAMPLE)
    # None: every match was ranked. A number (SEARCH_WINDOW): more articles matched (`total` of them)
    # than a search ranks, and the hits are the best of the newest this many matches (by arrival);
    # agencies were counted over those too
    ranked: int | None = None


@dataclass(slots=True)
class Stream(Generic[T]):
    """Every row of a listing (a search's hits, quotes), in its order, read a batch at a time as it
    is consumed: what an export writes. `total` is known before the first row."""

    total: int
    rows: Iterator[T]

    def __iter__(self) -> Iterator[T]:
        return self.rows


HitStream = Stream[Hit]  # every hit of a search (SearchResult.total of the same search)


@dataclass(slots=True)
class DayCount:
    day: str  # YYYY-MM-DD
    articles: int


@dataclass(slots=True)
class Counted:
    value: str  # an agency id, or an entity's text
    articles: int


@dataclass(slots=True)
class RoleHistory:
    role: str
    first_seen: str | None
    last_seen: str | None
    articles: int


@dataclass(slots=True)
class QuoteRow:
    id: int
    article_id: int
    day: str | None
    speaker: str | None  # the person's canonical name when linked, else the quote's speaker
    person_id: int | None
    mention: str | None
    verb: str | None
    kind: str | None
    text: str
    title: str
    agency: str | None

    def to_record(self) -> dict[str, object]:
        return {"id": self.id, "article_id": self.article_id, "day": self.day, "day_jalali": jalali(self.day),
                "speaker": self.speaker,
                "person_id": self.person_id, "mention": self.mention, "verb": self.verb, "kind": self.kind,
                "text": self.text, "title": self.title, "agency": self.agency}


@dataclass(slots=True)
class PersonCandidate:
    """One of the people a name may stand for."""

    id: int
    name: str
    articles: int
    role: str | None  # the role seen last, to tell homonyms apart

    def to_record(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "articles": self.articles, "role": self.role}


@dataclass(slots=True)
class PersonProfile:
    id: int
    name: str
    aliases: list[str]
    roles: list[RoleHistory]
    articles: int
    quotes: list[QuoteRow]

    def to_record(self) -> dict[str, object]:
        return {
            "id": self.id, "name": self.name, "aliases": self.aliases, "articles": self.articles,
            "roles": [{"role": r.role, "first_seen": r.first_seen, "last_seen": r.last_seen,
                       "first_seen_jalali": jalali(r.first_seen), "last_seen_jalali": jalali(r.last_seen),
                       "articles": r.articles} for r in self.roles],
            "quotes": [q.to_record() for q in self.quotes],
        }


@dataclass(slots=True)
class SourceStatus:
    name: str
    last_polled: str | None = None
    last_success: str | None = None
    last_error: str | None = None
    errors: int = 0
    failing_since: str | None = None
    items: int = 0
    items_per_day: dict[str, int] = field(default_factory=dict)  # the last days with items

    def to_record(self) -> dict[str, Any]:
        return {"name": self.name, "last_polled": self.last_polled, "last_success": self.last_success,
                "last_error": self.last_error, "errors": self.errors, "failing_since": self.failing_since,
                "items": self.items, "items_per_day": self.items_per_day}


@dataclass(slots=True)
class PendingPage:
    """A feed item stored from the feed alone, whose page is to be fetched again."""

    url: str
    title: str
    published_at: str | None  # ISO 8601


@dataclass(slots=True)
class SignedArticle:
    """A stored article with its near-duplicate and topic signatures: what rebuilds the story linker."""

    id: int
    record: dict[str, Any]
    duplicate: bytes
    topic: bytes


@dataclass(slots=True)
class StoryArticle:
    id: int
    url: str | None
    agency: str | None
    published_at: str | None  # ISO 8601 with offset
    title: str
    how: str | None = None  # how it relates to the first: cites, near-duplicate, both, or None

    def to_record(self) -> dict[str, Any]:
        return {"id": self.id, "url": self.url, "agency": self.agency, "published": self.published_at,
                "published_jalali": jalali(self.published_at), "title": self.title, "how": self.how}


@dataclass(slots=True)
class Story:
    id: int  # the id of its first article
    first: StoryArticle
    articles: list[StoryArticle]  # in publication order

    def to_record(self) -> dict[str, Any]:
        return {"id": self.id, "first": self.first.to_record(), "articles": [a.to_record() for a in self.articles]}


@dataclass(slots=True, frozen=True)
class IdRange:
    """A partition of the archive: the articles whose ids lie in [first, last]."""

    first: int
    last: int
    articles: int


@dataclass(slots=True)
class RunPartition:
    """One partition of a reprocessing run: its id range, and once written back, what it changed
    (`counts`: articles read, changed, failed...) and the articles whose story is to be linked again."""

    first: int
    last: int
    articles: int
    done: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    relink: list[int] = field(default_factory=list)


@dataclass(slots=True)
class ReprocessRun:
    """A reprocessing run: `key` names what it does (stages, model, filters, partition size), so a
    run started again with the same key resumes the unfinished one. Partitions in id order."""

    id: int
    key: str
    started_at: str  # ISO 8601, UTC
    finished_at: str | None
    partitions: list[RunPartition]


__all__ = [
    "FACET_SAMPLE",
    "FACET_SIZE",
    "FACET_TYPES",
    "ORDERS",
    "PAGE_ATTEMPTS",
    "AddResult",
    "AddStatus",
    "Counted",
    "DayCount",
    "Facet",
    "Hit",
    "HitStream",
    "IdRange",
    "PendingPage",
    "PersonCandidate",
    "PersonProfile",
    "QuoteRow",
    "RankedPage",
    "ReprocessRun",
    "RoleHistory",
    "RunPartition",
    "SearchFilters",
    "SearchResult",
    "SignedArticle",
    "SourceStatus",
    "StoredArticle",
    "Story",
    "StoryArticle",
    "StoryOrder",
    "Stream",
    "jalali",
]
