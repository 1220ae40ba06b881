"""The Store contract: what every storage backend does, in small interfaces by concern.

- `ArticleStore`: articles with their enrichments; search, facets, the dashboard's aggregations,
  and the archive in partitions for reprocessing (`id_ranges`, `iter_articles`,
  `replace_enrichments`).
- `PeopleStore`: the people knowledge base (names, aliases, roles over time) and quotes.
- `SourceStore`: what `rasad monitor` keeps between runs (feed and source state, items seen).
- `StoryStore`: near-duplicate signatures and story membership.
- `ReprocessStore`: how far a reprocessing run (`rasad reprocess`) got, partition by partition, so
  that a run killed midway resumes where it stopped.

`Store` is all five, plus `close`. Every backend passes tests/store/test_contract.py; callers use
nothing else. A backend is opened from its URL through rasad.store.open_store.

Writes are atomic: each method that changes the store commits before it returns, or changes
nothing. Storing an article links its people and quotes in the same transaction.
"""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from collections.abc import Iterator
from datetime import date
from typing import Any

from rasad.errors import AmbiguousName, NotFound
from rasad.models import Article
from rasad.store.values import (
    PAGE_ATTEMPTS,
    AddResult,
    Counted,
    DayCount,
    Facet,
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
)
from rasad.text.normalize import fold


def text_hash(article: Article) -> str:
    """Identity of an article's text: the same text under another URL or file is the same article."""
    key = fold(article.title + "\n" + article.body, normalized=True)
    return hashlib.sha1(" ".join(key.split()).encode("utf-8")).hexdigest()


class ArticleStore(ABC):
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
               offset: int = 0, collapse: bool = False) -> SearchResult:
        """Hits for a query (rasad.store.search.query_terms: words and quoted phrases, all required),
        best first, or newest first without a query; facet counts over all matches. With
        `collapse`, the articles of one story give one hit (its best), counting the others."""

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


class Store(ArticleStore, PeopleStore, SourceStore, StoryStore, ReprocessStore):
    """Everything rasad keeps. Implementations pass tests/store/test_contract.py."""

    url: str

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["ArticleStore", "PeopleStore", "ReprocessStore", "SourceStore", "Store", "StoryStore", "text_hash"]
