"""The storage interface every backend implements, the values it returns, and the factory that
opens a store from a URL (`sqlite:///path.db`; `postgresql://...` later)."""

from __future__ import annotations

import hashlib
import os
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from rasad.errors import ConfigError
from rasad.link.people import PersonProfile, QuoteRow
from rasad.models import Article
from rasad.text.normalize import fold


@dataclass(slots=True)
class AddResult:
    id: int
    status: str  # "added", "updated" (same URL, new content) or "unchanged" (seen before)


@dataclass(slots=True)
class StoredArticle:
    id: int
    record: dict[str, Any]  # the JSON contract of the article
    ingested_at: str


@dataclass(slots=True)
class Hit:
    id: int
    title: str
    agency: str | None  # agency id
    agency_name: str | None
    published: str | None  # YYYY-MM-DD
    snippet: str
    score: float
    story: int | None = None  # the story the article belongs to
    also: int = 0  # with collapse: other hits of the same story folded into this one

    def to_record(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "agency": self.agency, "agency_name": self.agency_name,
                "published": self.published, "snippet": self.snippet, "score": round(self.score, 4),
                "story": self.story, "also": self.also}


@dataclass(slots=True)
class SearchResult:
    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)  # facet -> value -> count


@dataclass(slots=True)
class SearchFilters:
    agency: str | None = None  # agency id
    since: date | None = None
    until: date | None = None
    entities: list[tuple[str, str]] = field(default_factory=list)  # (type, text): ("PER", "اسکندر مومنی")


FACET_TYPES = ("PER", "ORG", "LOC")  # entity types counted as facets of a search
FACET_SIZE = 10


def text_hash(article: Article) -> str:
    """Identity of an article's text: the same text under another URL or file is the same article."""
    key = fold(article.title + "\n" + article.body, normalized=True)
    return hashlib.sha1(" ".join(key.split()).encode("utf-8")).hexdigest()


class Store(ABC):
    """Articles with their enrichments, searchable. Implementations pass tests/store/test_contract.py."""

    url: str

    @abstractmethod
    def add(self, article: Article) -> AddResult:
        """Store an article, or update the one with the same URL; the same text twice is stored once."""

    @abstractmethod
    def get(self, article_id: int) -> StoredArticle:
        """The article with this id; raises NotFound."""

    @abstractmethod
    def search(self, query: str, filters: SearchFilters | None = None, limit: int = 20,
               offset: int = 0, collapse: bool = False) -> SearchResult:
        """Ranked hits for a query, in the same normalized form articles are indexed in. With
        `collapse`, the articles of one story give one hit (its best), counting the others."""

    @abstractmethod
    def person(self, name: str, quotes: int = 10) -> PersonProfile:
        """A person's roles over time and recent quotes; raises NotFound (also when ambiguous)."""

    @abstractmethod
    def quotes(self, speaker: str | None = None, since: date | None = None, until: date | None = None,
               query: str | None = None, person_id: int | None = None, limit: int = 20) -> list[QuoteRow]:
        """Quotes, newest first, filtered by speaker, dates and words of the quote."""

    @abstractmethod
    def count(self) -> int:
        """How many articles are stored."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def default_db_url() -> str:
    """RASAD_DB, or a per-user file: $XDG_DATA_HOME/rasad/rasad.db (~/.local/share/rasad/rasad.db)."""
    if os.environ.get("RASAD_DB"):
        return os.environ["RASAD_DB"]
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return f"sqlite:///{base / 'rasad' / 'rasad.db'}"


def open_store(url: str | None = None) -> Store:
    """Open the store a URL names: `sqlite:///relative.db`, `sqlite:////absolute.db`, or a path."""
    url = url or default_db_url()
    if url.startswith("sqlite:///"):
        from rasad.store.sqlite import SQLiteStore

        return SQLiteStore(Path(url.removeprefix("sqlite:///")))
    if url.startswith(("postgresql://", "postgres://")):
        raise ConfigError(f"{url}: the PostgreSQL store is not built yet; use sqlite:///path.db")
    if "://" not in url:
        from rasad.store.sqlite import SQLiteStore

        return SQLiteStore(Path(url))
    raise ConfigError(f"{url}: unknown database URL; use sqlite:///path/to/file.db")


__all__ = [
    "FACET_SIZE", "FACET_TYPES", "AddResult", "Hit", "SearchFilters", "SearchResult", "Store", "StoredArticle",
    "default_db_url", "open_store", "text_hash",
]
