"""What `rasad monitor` keeps in SQLite between runs, and the stories articles form. Mixed into
SQLiteStore."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

from rasad.errors import NotFound
from rasad.store.sqlite_db import Database
from rasad.store.values import (
    PAGE_ATTEMPTS,
    PendingPage,
    SignedArticle,
    SourceStatus,
    Story,
    StoryArticle,
    StoryOrder,
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SQLiteSources:
    db: Database

    def feed_states(self) -> dict[str, dict[str, Any]]:
        return {url: json.loads(state) for url, state in self.db.read().execute("SELECT url, state FROM feed_state")}

    def save_feed_state(self, url: str, source: str, state: dict[str, Any]) -> None:
        with self.db.write() as db:
            db.execute("INSERT INTO feed_state (url, source, state) VALUES (?, ?, ?) ON CONFLICT (url) "
                       "DO UPDATE SET source = excluded.source, state = excluded.state",
                       (url, source, json.dumps(state)))

    def record_poll(self, name: str, error: str | None, new_items: int, when: str | None = None) -> None:
        when = when or _now()
        with self.db.write() as db:
            db.execute("INSERT OR IGNORE INTO source_state (name) VALUES (?)", (name,))
            if error:
                db.execute("UPDATE source_state SET last_polled = ?, last_error = ?, errors = errors + 1, "
                           "failing_since = coalesce(failing_since, ?) WHERE name = ?", (when, error, when, name))
            else:
                db.execute("UPDATE source_state SET last_polled = ?, last_success = ?, failing_since = NULL, "
                           "items = items + ? WHERE name = ?", (when, when, new_items, name))
            if new_items:
                db.execute("INSERT INTO source_daily (name, day, items) VALUES (?, ?, ?) ON CONFLICT (name, day) "
                           "DO UPDATE SET items = items + excluded.items", (name, when[:10], new_items))

    def source_states(self, days: int = 7) -> dict[str, SourceStatus]:
        db = self.db.read()
        states = {row[0]: SourceStatus(*row) for row in db.execute(
            "SELECT name, last_polled, last_success, last_error, errors, failing_since, items FROM source_state")}
        for name, day, items in db.execute("SELECT name, day, items FROM source_daily ORDER BY day DESC"):
            status = states.get(name)
            if status is not None and len(status.items_per_day) < days:
                status.items_per_day[day] = items
        return states

    def is_seen(self, url: str, page_attempts: int = PAGE_ATTEMPTS) -> bool:
        row = self.db.read().execute("SELECT page_ok, attempts FROM seen_items WHERE url = ?", (url,)).fetchone()
        return row is not None and (bool(row[0]) or row[1] >= page_attempts)

    def mark_seen(self, url: str, source: str, article_id: int | None, page_ok: bool = True) -> None:
        with self.db.write() as db:
            db.execute(
                "INSERT INTO seen_items (url, source, first_seen, article_id, page_ok) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (url) DO UPDATE SET attempts = attempts + 1, page_ok = excluded.page_ok, "
                "article_id = coalesce(excluded.article_id, article_id)",
                (url, source, _now(), article_id, int(page_ok)))

    def pending_pages(self, source: str, page_attempts: int = PAGE_ATTEMPTS) -> list[PendingPage]:
        return [PendingPage(*row) for row in self.db.read().execute(
            "SELECT s.url, a.title, a.published FROM seen_items s JOIN articles a ON a.id = s.article_id "
            "WHERE s.source = ? AND s.page_ok = 0 AND s.attempts < ? ORDER BY s.first_seen, s.url",
            (source, page_attempts))]


class SQLiteStories:
    db: Database

    def save_signatures(self, article_id: int, duplicate: bytes, topic: bytes) -> None:
        with self.db.write() as db:
            db.execute("INSERT OR REPLACE INTO article_signatures (article_id, duplicate, topic) VALUES (?, ?, ?)",
                       (article_id, duplicate, topic))

    def signed_articles(self, since: date | None = None) -> Iterator[SignedArticle]:
        day = since.isoformat() if since else None
        rows = self.db.read().execute(
            "SELECT a.id, a.record, s.duplicate, s.topic FROM article_signatures s JOIN articles a "
            "ON a.id = s.article_id WHERE ? IS NULL OR a.published_day >= ? OR a.published_day IS NULL "
            "ORDER BY a.published, a.id", (day, day))
        for article_id, record, duplicate, topic in rows:
            yield SignedArticle(article_id, json.loads(record), bytes(duplicate), bytes(topic))

    def unsigned_articles(self, ingested_since: str) -> list[int]:
        return [r[0] for r in self.db.read().execute(
            "SELECT id FROM articles a WHERE ingested_at >= ? AND NOT EXISTS "
            "(SELECT 1 FROM article_signatures s WHERE s.article_id = a.id) ORDER BY id", (ingested_since,))]

    def save_story(self, first_id: int, members: list[tuple[int, str | None]]) -> None:
        with self.db.write() as db:
            db.executemany(
                "INSERT INTO story_members (article_id, story_id, how) VALUES (?, ?, ?) ON CONFLICT (article_id) "
                "DO UPDATE SET story_id = excluded.story_id, how = excluded.how",
                [(article_id, first_id, how) for article_id, how in members])

    def story_of(self, article_id: int) -> int | None:
        row = self.db.read().execute("SELECT story_id FROM story_members WHERE article_id = ?",
                                     (article_id,)).fetchone()
        return row[0] if row else None

    def stories(self, min_size: int = 2, since: date | None = None, limit: int = 50, until: date | None = None,
                order: StoryOrder = "newest") -> list[Story]:
        first, last = (since.isoformat() if since else None), (until.isoformat() if until else None)
        ranking = ("count(DISTINCT a.agency_id) DESC, count(*) DESC, f.published DESC, m.story_id DESC"
                   if order == "agencies" else "f.published DESC, m.story_id DESC")
        ids = [r[0] for r in self.db.read().execute(
            "SELECT m.story_id FROM story_members m JOIN articles f INDEXED BY articles_summary ON f.id = m.story_id "
            "JOIN articles a INDEXED BY articles_summary ON a.id = m.article_id "
            "WHERE (? IS NULL OR f.published_day >= ?) AND (? IS NULL OR f.published_day <= ?) "
            f"GROUP BY m.story_id HAVING count(*) >= ? ORDER BY {ranking} LIMIT ?",
            (first, first, last, last, min_size, limit))]
        return [self.story(story_id) for story_id in ids]

    def story(self, story_id: int) -> Story:
        rows = self.db.read().execute(
            "SELECT a.id, a.url, a.agency_id, a.published, a.title, m.how FROM story_members m "
            "JOIN articles a ON a.id = m.article_id WHERE m.story_id = ? ORDER BY a.published, a.id", (story_id,))
        articles = [StoryArticle(*row) for row in rows]
        if not articles:
            raise NotFound(f"no story with id {story_id} in the store")
        first = next((a for a in articles if a.id == story_id), articles[0])
        return Story(story_id, first, articles)


__all__ = ["SQLiteSources", "SQLiteStories"]
