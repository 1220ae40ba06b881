"""The Store contract: what every storage backend does, in small interfaces by concern.

- `ArticleStore`: articles with their enrichments; search (a page, or every hit for exports:
  `iter_hits`), facets, the dashboard's aggregations, and the archive in partitions for
  reprocessing (`id_ranges`, `iter_articles`, `replace_enrichments`).
- `PeopleStore`: the people knowledge base (names, aliases, roles over time) and quotes (a
  number of them, or every one for exports: `iter_quotes`).
- `SourceStore`: what `rasad monitor` keeps between runs (feed and source state, items seen).
- `StoryStore`: near-duplicate signatures and story membership.
- `WatchStore`: watches, the alerts they recorded (once per watch and article), the outbox of
  deliveries they owe, and the accounts of the web app's writers.
- `ReprocessStore`: how far a reprocessing run (`rasad reprocess`) got, partition by partition, so
  that a run killed midway resumes where it stopped.

`Store` is all six, plus `close`. Every backend passes tests/store/test_contract.py; callers use
nothing else. A backend is opened from its URL through rasad.store.open_store.

Writes are atomic: each method that changes the store commits before it returns, or changes
nothing. Storing an article links its people and quotes in the same transaction.
"""

from __future__ import annotations

import functools
import hashlib
from abc import ABC, abstractmethod
from collections.abc import Iterator
from datetime import date
from typing import Any

from rasad.errors import AmbiguousName, NotFound
from rasad.models import Article
from rasad.store.search import Query, parse_query
from rasad.store.values import (
    PAGE_ATTEMPTS,
    SEARCH_WINDOW,
    AddResult,
    Counted,
    DayCount,
    Facet,
    HitStream,
    IdRange,
    PendingPage,
    PersonCandidate,
    PersonProfile,
    QuoteRow,
    ReprocessRun,
    RunPartition,
    SearchFilters,
    SearchResult,
    SignedArticle,
    SourceStatus,
    StoredArticle,
    Story,
    StoryOrder,
    Stream,
)
from rasad.store.watch_values import Alert, Delivery, NewAlert, Outcome, User, Watch, WatchSpec
from rasad.text.normalize import fold


def text_hash(article: Article) -> str:
    """Identity of an article's text: the same text under another URL or file is the same article."""
    key = fold(article.title + "\n" + article.body, normalized=True)
    return hashlib.sha1(" ".join(key.split()).encode("utf-8")).hexdigest()


class ArticleStore(ABC):
    # a search by relevance ranks at most this many matches, the newest (values.SEARCH_WINDOW)
    search_window: int = SEARCH_WINDOW

    @abstractmethod
    def add(self, article: Article) -> AddResult:
        """Store an article with its enrichments and link its people and quotes. An article with a
        stored URL updates that article; the same text (`text_hash`) again is "unchanged"."""

    @abstractmethod
    def get(self, article_id: int) -> StoredArticle:
        """The article with this id; raises NotFound."""

    @abstractmethod
    def count(self) -> int:
        """How many articles are stored."""

    @abstractmethod
    def search(self, query: str, filters: SearchFilters | None = None, limit: int = 20,
               offset: int = 0, collapse: bool = False, order: str = "relevance") -> SearchResult:
        """Hits for a query (rasad.store.search.parse_query: words, phrases, OR, exclusions), in
        `order`: `relevance` puts the articles holding the plain words side by side first, then the
        best BM25, then the newest; `newest` (and any search without words) the newest first.
        Agencies are counted over every match; people, organizations and places over the first
        FACET_SAMPLE results in that order (`SearchResult.faceted` says how many). With `collapse`,
        the articles of one story give one hit (its first in that order), counting the others.

        The search window: by relevance, when the query with its filters matches more than
        `search_window` articles (values.SEARCH_WINDOW), only the newest `search_window` matches by
        arrival (the highest ids) are ranked, with the BM25 of the whole archive; `ranked` says
        so (None when every match was ranked). `total` still counts every match (exactly; with
        `collapse`, the stories of the ranked matches), and agencies are counted over the ranked
        matches. `newest` order and searches without words are never windowed. `iter_hits` ranks
        every match (an export reads them all anyway)."""

    @abstractmethod
    def documents_with(self, word: str) -> int:
        """How many articles hold a word of the index (a word of rasad.store.search.search_key)."""

    @abstractmethod
    def holds(self, word: str) -> bool:
        """Whether any article holds a word of the index: `documents_with` above 0, answered
        without counting (the first posting found is enough; a common word is in most articles)."""

    def parse(self, query: str) -> Query:
        """A query parsed against this archive's words (rasad.store.search.parse_query)."""
        return parse_query(query, functools.lru_cache(maxsize=256)(self.documents_with),
                           functools.lru_cache(maxsize=256)(self.holds))

    @abstractmethod
    def iter_hits(self, query: str, filters: SearchFilters | None = None, collapse: bool = False,
                  batch: int = 500, order: str = "relevance") -> HitStream:
        """Every hit of `search(query, filters, collapse=collapse, order=order)`, all pages in their order, with the
        same fields, without facets: the matching and ordering are done once, then the articles are
        read `batch` at a time, so memory stays small whatever the number of hits (exports)."""

    @abstractmethod
    def articles_per_day(self, query: str = "", filters: SearchFilters | None = None) -> list[DayCount]:
        """How many matching articles were published each day, oldest first (undated ones left out)."""

    @abstractmethod
    def day_range(self, filters: SearchFilters | None = None) -> tuple[str | None, str | None]:
        """The first and the last publication day (YYYY-MM-DD) of the matching articles."""

    @abstractmethod
    def top(self, facet: Facet, filters: SearchFilters | None = None, query: str = "",
            limit: int = 10) -> list[Counted]:
        """The agencies (`agency`) or the people, organizations or places (`PER`, `ORG`, `LOC`)
        named in the most matching articles, most first."""

    @abstractmethod
    def id_ranges(self, size: int, filters: SearchFilters | None = None) -> list[IdRange]:
        """The matching articles in partitions of at most `size`, by ascending id."""

    @abstractmethod
    def iter_articles(self, first: int | None = None, last: int | None = None,
                      filters: SearchFilters | None = None) -> Iterator[StoredArticle]:
        """The matching articles with ids in [first, last], by ascending id."""

    @abstractmethod
    def replace_enrichments(self, article_id: int, article: Article) -> bool:
        """Write back what a newer model extracted from a stored article (its text is kept): the
        record, entities, persons, quotes and cited sources, with people and quotes relinked.
        Returns whether anything changed; raises NotFound."""


class PeopleStore(ABC):
    @abstractmethod
    def find_people(self, name: str) -> list[PersonCandidate]:
        """The people a name may stand for: those whose name or alias it is, or failing that, whose
        name holds all its words (a surname); most written about first."""

    def person(self, name: str, quotes: int = 10) -> PersonProfile:
        """A person's profile by name, alias or surname. Raises NotFound, or AmbiguousName (with
        the candidates) when it names several people. The same in every backend: composed from
        `find_people` and `person_by_id`."""
        found = self.find_people(name)
        if not found:
            raise NotFound(f"no person named {name!r} in the store")
        if len(found) > 1:
            raise AmbiguousName(name, found)
        return self.person_by_id(found[0].id, quotes)

    @abstractmethod
    def person_by_id(self, person_id: int, quotes: int = 10) -> PersonProfile:
        """A person's profile by id; raises NotFound."""

    @abstractmethod
    def quotes(self, speaker: str | None = None, since: date | None = None, until: date | None = None,
               query: str | None = None, person_id: int | None = None, limit: int = 20,
               article_id: int | None = None) -> list[QuoteRow]:
        """Quotes, newest first, by speaker (a person's name or surname, or a role phrase as
        written), day, words of the quote, person or article (an article's in text order)."""

    @abstractmethod
    def iter_quotes(self, speaker: str | None = None, since: date | None = None, until: date | None = None,
                    query: str | None = None, person_id: int | None = None, batch: int = 500) -> Stream[QuoteRow]:
        """Every quote `quotes` lists with these filters, without a limit, in its order: listed once,
        then read `batch` at a time as they are consumed (exports)."""

    @abstractmethod
    def role_holder(self, role: str, day: date) -> int | None:
        """The person who held `role` on `day`, as far as the stored articles tell."""


class SourceStore(ABC):
    @abstractmethod
    def feed_states(self) -> dict[str, dict[str, Any]]:
        """Each feed URL's saved fetch state (ETag, Last-Modified)."""

    @abstractmethod
    def save_feed_state(self, url: str, source: str, state: dict[str, Any]) -> None: ...

    @abstractmethod
    def record_poll(self, name: str, error: str | None, new_items: int, when: str | None = None) -> None:
        """One poll of a source: its outcome and how many new articles it brought."""

    @abstractmethod
    def source_states(self, days: int = 7) -> dict[str, SourceStatus]:
        """Each polled source's health, with its items on the last `days` days that had any."""

    @abstractmethod
    def is_seen(self, url: str, page_attempts: int = PAGE_ATTEMPTS) -> bool:
        """Whether a feed item is done: stored with its page, or its page failed `page_attempts` times."""

    @abstractmethod
    def mark_seen(self, url: str, source: str, article_id: int | None, page_ok: bool = True) -> None:
        """A feed item stored; `page_ok=False` when only the feed's text was (the page is retried)."""

    @abstractmethod
    def pending_pages(self, source: str, page_attempts: int = PAGE_ATTEMPTS) -> list[PendingPage]:
        """A source's items stored from the feed alone whose page is to be tried again, oldest first."""


class StoryStore(ABC):
    @abstractmethod
    def save_signatures(self, article_id: int, duplicate: bytes, topic: bytes) -> None: ...

    @abstractmethod
    def signed_articles(self, since: date | None = None) -> Iterator[SignedArticle]:
        """Signed articles published on or after a day (and undated ones), oldest first."""

    @abstractmethod
    def unsigned_articles(self, ingested_since: str) -> list[int]:
        """Ids of articles stored at or after a time (ISO 8601, UTC) that have no signatures yet:
        what a process that died between storing and linking left unlinked. Ascending."""

    @abstractmethod
    def save_story(self, first_id: int, members: list[tuple[int, str | None]]) -> None:
        """A story's members (article id, how it relates to the first), the first among them."""

    @abstractmethod
    def story_of(self, article_id: int) -> int | None: ...

    @abstractmethod
    def story(self, story_id: int) -> Story:
        """A story by its id (its first article's); raises NotFound."""

    @abstractmethod
    def stories(self, min_size: int = 2, since: date | None = None, limit: int = 50, until: date | None = None,
                order: StoryOrder = "newest") -> list[Story]:
        """Stories of at least `min_size` articles first published between `since` and `until`:
        newest first, or (`agencies`) carried by the most agencies first, then the most articles."""


class ReprocessStore(ABC):
    @abstractmethod
    def open_run(self, key: str, partitions: list[IdRange]) -> ReprocessRun:
        """The unfinished run under `key` (the newest, with its partitions as first planned and
        which are done), or else a new run over `partitions`."""

    @abstractmethod
    def partition_done(self, run_id: int, partition: RunPartition) -> None:
        """Record a partition (by its `first` id) of a run as written back, with its counts and the
        articles to link again; raises NotFound for an unknown run or partition."""

    @abstractmethod
    def finish_run(self, run_id: int) -> None:
        """Mark a run finished: a run under the same key starts afresh. Raises NotFound."""

    @abstractmethod
    def reprocess_runs(self, limit: int = 20) -> list[ReprocessRun]:
        """The latest runs, newest first, with their partitions."""


class WatchStore(ABC):
    """Watches, alerts, the delivery outbox, users. Names are unique (a second one is a Conflict);
    a watch is found by its name or its id; removing it removes its alerts and deliveries."""

    @abstractmethod
    def add_watch(self, name: str, spec: WatchSpec, owner: str | None = None) -> Watch:
        """A new watch with a fresh random webhook secret and feed token; raises Conflict for a taken name."""

    @abstractmethod
    def update_watch(self, watch_id: int, spec: WatchSpec, name: str | None = None) -> Watch:
        """Change what a watch matches and where it delivers (and its name); raises NotFound, Conflict."""

    @abstractmethod
    def remove_watch(self, watch_id: int) -> None:
        """Remove a watch with its alerts and deliveries; raises NotFound."""

    @abstractmethod
    def watch(self, key: int | str) -> Watch:
        """A watch by id or name; raises NotFound."""

    @abstractmethod
    def watch_by_token(self, token: str) -> Watch:
        """The watch whose Atom feed token this is; raises NotFound."""

    @abstractmethod
    def watches(self) -> list[Watch]:
        """Every watch, by name."""

    @abstractmethod
    def watch_generation(self) -> int:
        """A number raised by every write to the watches: a matcher reloads them when it changes."""

    @abstractmethod
    def record_alerts(self, alerts: list[NewAlert]) -> list[int | None]:
        """Record alerts and queue their deliveries, all in one transaction; for each, the alert's
        id, or None when this (watch, article) has one already (nothing is queued again). Raises
        NotFound, recording none, when a watch or an article does not exist (a watch removed since
        it matched)."""

    def record_alert(self, alert: NewAlert) -> int | None:
        """One alert: `record_alerts([alert])[0]`."""
        return self.record_alerts([alert])[0]

    @abstractmethod
    def alerts(self, watch_id: int | None = None, since: str | None = None, limit: int = 100) -> list[Alert]:
        """Alerts, newest first, of one watch or all, recorded at or after `since` (ISO 8601), with
        their article's title, agency, publication time and URL."""

    @abstractmethod
    def alert(self, alert_id: int) -> Alert:
        """One alert with its article's title, agency, publication time and URL; raises NotFound."""

    @abstractmethod
    def claim_deliveries(self, now: str, lease_until: str, limit: int = 100) -> list[Delivery]:
        """Take the deliveries due at `now` (pending with `next_try <= now`, or claimed by a process
        whose lease ran out) for sending: they are marked `sending` until `lease_until`, so no other
        process takes them meanwhile. Oldest first."""

    @abstractmethod
    def finish_delivery(self, outcome: Outcome, now: str) -> None:
        """Record a claimed delivery's outcome: sent, pending again at `retry_at`, or failed."""

    @abstractmethod
    def deliveries(self, watch_id: int | None = None, state: str | None = None,
                   alert_id: int | None = None) -> list[Delivery]:
        """The outbox's rows, oldest first, by watch, state or alert."""

    @abstractmethod
    def add_user(self, name: str, password_hash: str) -> User:
        """A new account; raises Conflict for a taken name."""

    @abstractmethod
    def user(self, name: str) -> User:
        """An account by name; raises NotFound."""

    @abstractmethod
    def set_password(self, name: str, password_hash: str) -> None:
        """Replace an account's password hash; raises NotFound."""


class Store(ArticleStore, PeopleStore, SourceStore, StoryStore, WatchStore, ReprocessStore):
    """Everything rasad keeps. Implementations pass tests/store/test_contract.py."""

    url: str

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["ArticleStore", "PeopleStore", "ReprocessStore", "SourceStore", "Store", "StoryStore", "WatchStore",
           "text_hash"]
