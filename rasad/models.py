"""The values that flow through rasad: a raw document, the article it becomes, and its enrichments.

Character offsets (`start`, `end`) always refer to the article's normalized text, `Article.text`:
the title, the kicker, the lead and the paragraphs joined by blank lines (see `Article.text`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

_PLACE_PREFIX = re.compile("^(?:استان|شهرستان|شهر|کشور|بخش|روستای)[ \u200c]+")


def bare_place(name: str) -> str:
    """`استان تهران` -> `تهران`: a place by its name alone."""
    return _PLACE_PREFIX.sub("", name).strip()


def _distinct(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(n for n in names if n))


def _aware(value: datetime, tz: Any) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=tz)


@dataclass(slots=True)
class FeedItem:
    """One item of an RSS or Atom feed, as rasad.acquire.feeds reads it."""

    title: str
    link: str | None
    summary: str = ""  # as the feed gives it: may hold HTML
    published: datetime | None = None  # timezone-aware
    published_raw: str | None = None
    guid: str | None = None
    author: str | None = None
    categories: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RawDocument:
    """Bytes or text as acquired, with where it came from."""

    source: str  # a path or a URL
    content: bytes | str
    url: str | None = None
    fetched: datetime | None = None
    headers: dict[str, str] = field(default_factory=dict)  # HTTP headers or feed fields
    media_type: str = "text/plain"  # text/plain, text/html, application/rss+xml ...


@dataclass(slots=True, frozen=True)
class Agency:
    id: str  # canonical id: "ILNA", "IRNA"
    name: str  # full Persian name: "خبرگزاری کار ایران"


@dataclass(slots=True)
class Entity:
    text: str
    type: str  # PER ORG LOC FAC EVENT DAT TIM MON PCT
    start: int
    end: int


@dataclass(slots=True)
class Quote:
    speaker: str | None  # the fullest name the article gives, or the role phrase
    mention: str  # the words at the cue: "وی", "خدائیان", "وزیر کشور"
    verb: str  # the reporting cue: "گفت", "تاکید کرد", "با بیان اینکه"
    kind: str  # "direct" or "indirect"
    text: str
    start: int
    end: int


@dataclass(slots=True)
class Person:
    name: str
    roles: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Article:
    """A parsed, normalized article. Text fields hold normalized Persian (see rasad.text.normalize)."""

    title: str
    paragraphs: list[str] = field(default_factory=list)
    kicker: str | None = None
    lead: str | None = None
    file: str | None = None
    url: str | None = None
    agency: Agency | None = None
    published: datetime | None = None  # timezone-aware; Asia/Tehran when only a local time is known
    dateline: str | None = None
    news_id: str | None = None
    cited_sources: list[str] = field(default_factory=list)
    language: str = "fa"
    entities: list[Entity] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)  # footer debris removed from the body
    event_date_jalali: str | None = None  # the first date the lead or body gives (`????-11-26` without a year)

    @property
    def body(self) -> str:
        """Lead and paragraphs, one a line."""
        return "\n".join(p for p in [self.lead, *self.paragraphs] if p)

    @property
    def text(self) -> str:
        """The text that offsets refer to: title, kicker, lead and paragraphs, each block apart."""
        return "\n\n".join(p for p in [self.title, self.kicker, self.lead, *self.paragraphs] if p)

    @property
    def published_jalali(self) -> str | None:
        if self.published is None:
            return None
        from rasad.text.dates import to_jalali

        return to_jalali(self.published.date())

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Article:
        """An article back from its JSON record (as stored): text, agency, dates and enrichments."""
        from rasad.text.dates import TEHRAN

        agency = record.get("agency")
        published = record.get("published_at") or record.get("published")  # records before published_at: a day
        return cls(
            title=record["title"], paragraphs=list(record.get("paragraphs") or []), kicker=record.get("kicker"),
            lead=record.get("lead"), file=record.get("file"), url=record.get("url"),
            agency=Agency(agency["id"], agency["name"]) if agency else None,
            published=_aware(datetime.fromisoformat(published), TEHRAN) if published else None,
            dateline=record.get("dateline"), news_id=record.get("news_id"),
            cited_sources=list(record.get("cited_sources") or []),
            entities=[Entity(**e) for e in record.get("entities") or []],
            persons=[Person(p["name"], list(p.get("roles") or [])) for p in record.get("persons") or []],
            quotes=[Quote(**q) for q in record.get("quotes") or []],
            keywords=list(record.get("keywords") or []),
            boilerplate=list(record.get("boilerplate") or []),
            event_date_jalali=record.get("event_date_jalali"),
        )

    def to_record(self) -> dict[str, Any]:
        """The article as the public JSON contract (docs/architecture.md). Extend it, never rename."""
        return {
            "file": self.file,
            "url": self.url,
            "title": self.title,
            "kicker": self.kicker,
            "lead": self.lead,
            "paragraphs": list(self.paragraphs),
            "agency": asdict(self.agency) if self.agency else None,
            "published": self.published.date().isoformat() if self.published else None,
            "published_at": self.published.isoformat() if self.published else None,
            "published_jalali": self.published_jalali,
            "dateline": self.dateline,
            "news_id": self.news_id,
            "cited_sources": list(self.cited_sources),
            "entities": [asdict(e) for e in self.entities],
            "persons": [{"name": p.name, "roles": list(p.roles)} for p in self.persons],
            "organizations": _distinct(e.text for e in self.entities if e.type == "ORG"),
            "locations": _distinct(bare_place(e.text) for e in self.entities if e.type == "LOC"),
            "quotes": [asdict(q) for q in self.quotes],
            "keywords": list(self.keywords),
            "boilerplate": list(self.boilerplate),
            "event_date_jalali": self.event_date_jalali,
        }
