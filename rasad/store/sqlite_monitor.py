"""What `rasad monitor` keeps in SQLite between runs, and the stories articles form. Mixed into
SQLiteStore."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


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
class StoryArticle:
    id: int
    url: str | None
    agency: str | None
    published: str | None
    title: str
    how: str | None = None

    def to_record(self) -> dict[str, Any]:
        return {"id": self.id, "url": self.url, "agency": self.agency, "published": self.published,
                "title": self.title, "how": self.how}


@dataclass(slots=True)
class StoryRow:
    id: int
    first: StoryArticle
    articles: list[StoryArticle]

    def to_record(self) -> dict[str, Any]:
        return {"id": self.id, "first": self.first.to_record(), "articles": [a.to_record() for a in self.articles]}


PAGE_ATTEMPTS = 3  # a feed item's page is fetched at most this many times


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class MonitorTables:
    db: sqlite3.Connection

    # feeds and sources

    def feed_states(self) -> dict[str, dict[str, Any]]:
        return {url: json.loads(state) for url, state in self.db.execute("SELECT url, state FROM feed_state")}

    def save_feed_state(self, url: str, source: str, state: dict[str, Any]) -> None:
        with self.db:
            self.db.execute("INSERT INTO feed_state (url, source, state) VALUES (?, ?, ?) ON CONFLICT (url) "
                            "DO UPDATE SET source = excluded.source, state = excluded.state",
                            (url, source, json.dumps(state)))

    def record_poll(self, name: str, error: str | None, new_items: int, when: str | None = None) -> None:
        """One poll of a source: its outcome and how many new articles it brought."""
        when = when or _now()
        with self.db:
            self.db.execute("INSERT OR IGNORE INTO source_state (name) VALUES (?)", (name,))
            if error:
                self.db.execute(
                    "UPDATE source_state SET last_polled = ?, last_error = ?, errors = errors + 1, "
                    "failing_since = coalesce(failing_since, ?) WHERE name = ?", (when, error, when, name))
            else:
                self.db.execute(
                    "UPDATE source_state SET last_polled = ?, last_success = ?, failing_since = NULL, "
                    "items = items + ? WHERE name = ?", (when, when, new_items, name))
            if new_items:
                self.db.execute(
                    "INSERT INTO source_daily (name, day, items) VALUES (?, ?, ?) ON CONFLICT (name, day) "
                    "DO UPDATE SET items = items + excluded.items", (name, when[:10], new_items))

    def source_states(self, days: int = 7) -> dict[str, SourceStatus]:
        states = {}
        for row in self.db.execute("SELECT name, last_polled, last_success, last_error, errors, failing_since, "
                                   "items FROM source_state"):
            states[row[0]] = SourceStatus(*row)
        for name, day, items in self.db.execute("SELECT name, day, items FROM source_daily ORDER BY day DESC"):
            status = states.get(name)
            if status is not None and len(status.items_per_day) < days:
                status.items_per_day[day] = items
        return states

    def is_seen(self, url: str, page_attempts: int = PAGE_ATTEMPTS) -> bool:
        """Whether a feed item is done: stored with its page, or its page failed `page_attempts` times."""
        row = self.db.execute("SELECT page_ok, attempts FROM seen_items WHERE url = ?", (url,)).fetchone()
        return row is not None and (bool(row[0]) or row[1] >= page_attempts)

    def mark_seen(self, url: str, source: str, article_id: int | None, page_ok: bool = True) -> None:
        """A feed item stored; `page_ok=False` when only the feed's text was (the page is retried)."""
        with self.db:
            self.db.execute(
                "INSERT INTO seen_items (url, source, first_seen, article_id, page_ok) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (url) DO UPDATE SET attempts = attempts + 1, page_ok = excluded.page_ok, "
                "article_id = coalesce(excluded.article_id, article_id)",
                (url, source, _now(), article_id, int(page_ok)))

    def pending_pages(self, source: str, page_attempts: int = PAGE_ATTEMPTS) -> list[tuple[str, str, str | None]]:
        """(url, title, published) of a source's items stored from the feed alone whose page is to be
        tried again."""
        return [tuple(row) for row in self.db.execute(
            "SELECT s.url, a.title, a.published FROM seen_items s JOIN articles a ON a.id = s.article_id "
            "WHERE s.source = ? AND s.page_ok = 0 AND s.attempts < ? ORDER BY s.first_seen",
            (source, page_attempts))]

    # stories

    def save_signatures(self, article_id: int, duplicate: bytes, topic: bytes) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO article_signatures (article_id, duplicate, topic) "
                            "VALUES (?, ?, ?)", (article_id, duplicate, topic))

    def signed_articles(self, since: str | None = None) -> Iterator[tuple[int, dict[str, Any], bytes, bytes]]:
        """(id, record, duplicate signature, topic signature) of signed articles published since a day,
        oldest first: what rebuilds the story linker after a restart. The record's `published` is
        the full timestamp here, not only the day."""
        rows = self.db.execute(
            "SELECT a.id, json_set(a.record, '$.published', a.published), s.duplicate, s.topic "
            "FROM article_signatures s JOIN articles a "
            "ON a.id = s.article_id WHERE ? IS NULL OR a.published_day >= ? OR a.published_day IS NULL "
            "ORDER BY a.published, a.id", (since, since))
        for article_id, record, duplicate, topic in rows:
            yield article_id, json.loads(record), duplicate, topic

    def save_story(self, first_id: int, members: list[tuple[int, str | None]]) -> None:
        """A story's members (article id, how it relates to the first), the first among them."""
        with self.db:
            self.db.executemany(
                "INSERT INTO story_members (article_id, story_id, how) VALUES (?, ?, ?) ON CONFLICT (article_id) "
                "DO UPDATE SET story_id = excluded.story_id, how = excluded.how",
                [(article_id, first_id, how) for article_id, how in members])

    def story_of(self, article_id: int) -> int | None:
        row = self.db.execute("SELECT story_id FROM story_members WHERE article_id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def stories(self, min_size: int = 2, since: str | None = None, limit: int = 50) -> list[StoryRow]:
        """Stories of at least `min_size` articles, newest first publisher first."""
        ids = [r[0] for r in self.db.execute(
            "SELECT m.story_id FROM story_members m JOIN articles f ON f.id = m.story_id "
            "WHERE ? IS NULL OR f.published_day >= ? GROUP BY m.story_id HAVING count(*) >= ? "
            "ORDER BY f.published DESC, m.story_id DESC LIMIT ?", (since, since, min_size, limit))]
        return [self._story_row(story_id) for story_id in ids]

    def _story_row(self, story_id: int) -> StoryRow:
        rows = self.db.execute(
            "SELECT a.id, a.url, a.agency_id, a.published, a.title, m.how FROM story_members m "
            "JOIN articles a ON a.id = m.article_id WHERE m.story_id = ? ORDER BY a.published, a.id", (story_id,))
        articles = [StoryArticle(*row) for row in rows]
        first = next((a for a in articles if a.id == story_id), articles[0])
        return StoryRow(story_id, first, articles)


__all__ = ["PAGE_ATTEMPTS", "MonitorTables", "SourceStatus", "StoryArticle", "StoryRow"]
