"""What `rasad monitor` keeps in PostgreSQL between runs, and the stories articles form. Mixed into
PostgresStore."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

from rasad.errors import NotFound
from rasad.store.postgres_db import Database
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


class PostgresSources:
    db: Database

    def feed_states(self) -> dict[str, dict[str, Any]]:
        with self.db.read() as conn:
            return {url: json.loads(state) for url, state in conn.execute("SELECT url, state FROM feed_state")}

    def save_feed_state(self, url: str, source: str, state: dict[str, Any]) -> None:
        with self.db.write() as conn:
            conn.execute("INSERT INTO feed_state (url, source, state) VALUES (%s, %s, %s) ON CONFLICT (url) "
                         "DO UPDATE SET source = excluded.source, state = excluded.state",
                         (url, source, json.dumps(state)))

    def record_poll(self, name: str, error: str | None, new_items: int, when: str | None = None) -> None:
        when = when or _now()
        with self.db.write() as conn:
            conn.execute("INSERT INTO source_state (name) VALUES (%s) ON CONFLICT DO NOTHING", (name,))
            if error:
                conn.execute("UPDATE source_state SET last_polled = %s, last_error = %s, errors = errors + 1, "
                             "failing_since = coalesce(failing_since, %s) WHERE name = %s", (when, error, when, name))
            else:
                conn.execute("UPDATE source_state SET last_polled = %s, last_success = %s, failing_since = NULL, "
                             "items = items + %s WHERE name = %s", (when, when, new_items, name))
            if new_items:
                conn.execute("INSERT INTO source_daily AS d (name, day, items) VALUES (%s, %s, %s) "
                             "ON CONFLICT (name, day) DO UPDATE SET items = d.items + excluded.items",
                             (name, when[:10], new_items))

    def source_states(self, days: int = 7) -> dict[str, SourceStatus]:
        with self.db.read() as conn:
            states = {row[0]: SourceStatus(row[0], row[1], row[2], row[3], int(row[4]), row[5], int(row[6]))
                      for row in conn.execute("SELECT name, last_polled, last_success, last_error, errors, "
                                              "failing_since, items FROM source_state")}
            for name, day, items in conn.execute("SELECT name, day, items FROM source_daily ORDER BY day DESC"):
                status = states.get(name)
                if status is not None and len(status.items_per_day) < days:
                    status.items_per_day[day] = int(items)
        return states

    def is_seen(self, url: str, page_attempts: int = PAGE_ATTEMPTS) -> bool:
        with self.db.read() as conn:
            row = conn.execute("SELECT page_ok, attempts FROM seen_items WHERE url = %s", (url,)).fetchone()
        return row is not None and (bool(row[0]) or row[1] >= page_attempts)

    def mark_seen(self, url: str, source: str, article_id: int | None, page_ok: bool = True) -> None:
        with self.db.write() as conn:
            conn.execute(
                "INSERT INTO seen_items AS s (url, source, first_seen, article_id, page_ok) "
                "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (url) DO UPDATE SET attempts = s.attempts + 1, "
                "page_ok = excluded.page_ok, article_id = coalesce(excluded.article_id, s.article_id)",
                (url, source, _now(), article_id, int(page_ok)))

    def pending_pages(self, source: str, page_attempts: int = PAGE_ATTEMPTS) -> list[PendingPage]:
        with self.db.read() as conn:
            return [PendingPage(*row) for row in conn.execute(
                "SELECT s.url, a.title, a.published FROM seen_items s JOIN articles a ON a.id = s.article_id "
                "WHERE s.source = %s AND s.page_ok = 0 AND s.attempts < %s ORDER BY s.first_seen, s.url",
                (source, page_attempts))]


class PostgresStories:
    db: Database

    def save_signatures(self, article_id: int, duplicate: bytes, topic: bytes) -> None:
        with self.db.write() as conn:
            conn.execute("INSERT INTO article_signatures (article_id, duplicate, topic) VALUES (%s, %s, %s) "
                         "ON CONFLICT (article_id) DO UPDATE SET duplicate = excluded.duplicate, "
                         "topic = excluded.topic",
                         (article_id, duplicate, topic))

    def signed_articles(self, since: date | None = None) -> Iterator[SignedArticle]:
        day = since.isoformat() if since else None
        with self.db.read() as conn:
            rows = conn.execute(
                "SELECT a.id, a.record, s.duplicate, s.topic FROM article_signatures s JOIN articles a "
                "ON a.id = s.article_id WHERE %s::text IS NULL OR a.published_day >= %s OR a.published_day IS NULL "
                "ORDER BY a.published NULLS FIRST, a.id", (day, day)).fetchall()
        for article_id, record, duplicate, topic in rows:
            yield SignedArticle(int(article_id), json.loads(record), bytes(duplicate), bytes(topic))

    def unsigned_articles(self, ingested_since: str) -> list[int]:
        with self.db.read() as conn:
            return [int(r[0]) for r in conn.execute(
                "SELECT id FROM articles a WHERE ingested_at >= %s AND NOT EXISTS "
                "(SELECT 1 FROM article_signatures s WHERE s.article_id = a.id) ORDER BY id", (ingested_since,))]

    def save_story(self, first_id: int, members: list[tuple[int, str | None]]) -> None:
        with self.db.write() as conn, conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO story_members (article_id, story_id, how) VALUES (%s, %s, %s) ON CONFLICT (article_id) "
                "DO UPDATE SET story_id = excluded.story_id, how = excluded.how",
                [(article_id, first_id, how) for article_id, how in members])

    def story_of(self, article_id: int) -> int | None:
        with self.db.read() as conn:
            row = conn.execute("SELECT story_id FROM story_members WHERE article_id = %s", (article_id,)).fetchone()
        return int(row[0]) if row else None

    def stories(self, min_size: int = 2, since: date | None = None, limit: int = 50, until: date | None = None,
                order: StoryOrder = "newest") -> list[Story]:
        first, last = (since.isoformat() if since else None), (until.isoformat() if until else None)
        ranking = ("count(DISTINCT a.agency_id) DESC, count(*) DESC, f.published DESC NULLS LAST, m.story_id DESC"
                   if order == "agencies" else "f.published DESC NULLS LAST, m.story_id DESC")
        with self.db.read() as conn:
            ids = [int(r[0]) for r in conn.execute(
                "SELECT m.story_id FROM story_members m JOIN articles f ON f.id = m.story_id "
                "JOIN articles a ON a.id = m.article_id "
                "WHERE (%s::text IS NULL OR f.published_day >= %s) AND (%s::text IS NULL OR f.published_day <= %s) "
                f"GROUP BY m.story_id, f.published HAVING count(*) >= %s ORDER BY {ranking} LIMIT %s",
                (first, first, last, last, min_size, limit))]
        return [self.story(story_id) for story_id in ids]

    def story(self, story_id: int) -> Story:
        with self.db.read() as conn:
            rows = conn.execute(
                "SELECT a.id, a.url, a.agency_id, a.published, a.title, m.how FROM story_members m "
                "JOIN articles a ON a.id = m.article_id WHERE m.story_id = %s ORDER BY a.published NULLS FIRST, a.id",
                (story_id,)).fetchall()
        articles = [StoryArticle(int(r[0]), *r[1:]) for r in rows]
        if not articles:
            raise NotFound(f"no story with id {story_id} in the store")
        first = next((a for a in articles if a.id == story_id), articles[0])
        return Story(story_id, first, articles)


__all__ = ["PostgresSources", "PostgresStories"]
