"""Moving a whole store from one backend to another (`rasad migrate-store --from URL --to URL`):
SQLite to PostgreSQL or back, everything (articles with their enrichments, people, aliases and
roles, quotes, signatures and stories, the monitor's state, watches with their alerts and delivery
outbox, the web app's users, reprocessing runs with their partitions), with the same ids.

The copy goes in batches, each one transaction on the target that also records how far it got (the
table `rasad_transfer` in the target), so a copy that was killed resumes where it stopped. What a
backend derives for search (SQLite's FTS5 tables, PostgreSQL's tsvectors) is computed on the way
from the same folded text (rasad.store.search). At the end every table is compared: row counts and
a checksum of its rows (order-independent: the sum of the rows' hashes), on both sides.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from rasad.errors import ConfigError, StoreError
from rasad.models import Article
from rasad.store.pairs import pairs_row
from rasad.store.schema import backend_of
from rasad.store.search import index_fields
from rasad.store.tags import article_tags
from rasad.text.normalize import fold

# the columns both backends keep, table by table (what a backend derives for search is left out)
TABLES: dict[str, tuple[str, ...]] = {
    "people": ("id", "name", "key"),
    "person_aliases": ("person_id", "alias", "key", "rkey"),
    "person_roles": ("person_id", "role", "key", "first_seen", "last_seen", "articles"),
    "articles": ("id", "url", "text_hash", "file", "title", "kicker", "lead", "body", "agency_id", "agency_name",
                 "published", "published_day", "dateline", "news_id", "record", "ingested_at"),
    "entities": ("article_id", "text", "type", "start", "end", "key"),
    "persons": ("article_id", "name", "roles"),
    "cited_sources": ("article_id", "source"),
    "article_people": ("article_id", "person_id"),
    "quotes": ("id", "article_id", "speaker", "mention", "verb", "kind", "text", "start", "end", "person_id", "day"),
    "article_signatures": ("article_id", "duplicate", "topic"),
    "story_members": ("article_id", "story_id", "how"),
    "feed_state": ("url", "source", "state"),
    "source_state": ("name", "last_polled", "last_success", "last_error", "errors", "failing_since", "items"),
    "source_daily": ("name", "day", "items"),
    "seen_items": ("url", "source", "first_seen", "article_id", "page_ok", "attempts"),
    "watches": ("id", "name", "spec", "secret", "feed_token", "owner", "created_at", "updated_at"),
    "users": ("id", "name", "password_hash", "created_at"),
    "alerts": ("id", "watch_id", "article_id", "quote", "reason", "created_at"),
    "outbox": ("id", "alert_id", "watch_id", "channel", "target", "state", "attempts", "next_try", "claimed_until",
               "last_error", "sent_at", "created_at"),
    "reprocess_runs": ("id", "key", "started_at", "finished_at"),
    "reprocess_partitions": ("run_id", "first_id", "last_id", "articles", "done_at", "counts", "relink"),
}
PEOPLE_TABLES = ("person_aliases", "person_roles")  # copied with their people, by person_id
ARTICLE_TABLES = ("entities", "persons", "cited_sources", "article_people", "quotes", "article_signatures",
                  "story_members")  # copied with their articles, by article_id
# copied whole, each in one transaction (the watches before their alerts and deliveries, copied by id in batches)
SMALL_TABLES = ("feed_state", "source_state", "source_daily", "watches", "users")
RUN_TABLES = ("reprocess_partitions",)  # copied with their reprocessing runs, by run_id
# the tables whose ids PostgreSQL draws from a sequence, advanced past the copied ids at the end
SEQUENCES = ("articles", "people", "quotes", "watches", "users", "alerts", "outbox", "reprocess_runs")
BATCH = 500
WORKERS = min(4, os.cpu_count() or 1)  # processes that compute PostgreSQL's search columns
_PROGRESS = ("CREATE TABLE IF NOT EXISTS rasad_transfer (step TEXT PRIMARY KEY, position TEXT, done INTEGER "
             "NOT NULL DEFAULT 0, source TEXT NOT NULL)")


# a batch of a table copied by id: its source rows, and for it and each child table (table, source
# rows, the getter of the rows to insert)
Batch = tuple[list[tuple[Any, ...]], list[tuple[str, list[tuple[Any, ...]], Callable[[], list[tuple[Any, ...]]]]]]


def _names(columns: tuple[str, ...]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


class Side:
    """One store's database, spoken to in SQL with `?` placeholders."""

    backend: str

    def rows(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def cursor_rows(self, sql: str) -> Iterator[tuple[Any, ...]]:
        raise NotImplementedError

    def execute(self, sql: str) -> None:
        raise NotImplementedError

    @contextmanager
    def transaction(self) -> Iterator[Callable[[str, list[tuple[Any, ...]]], None]]:
        raise NotImplementedError
        yield

    def close(self) -> None:
        raise NotImplementedError


class SQLiteSide(Side):
    backend = "sqlite"

    def __init__(self, url: str, write: bool) -> None:
        from rasad.store.sqlite import path_of

        self.path = path_of(url)
        mode = "rw" if write else "ro"
        if not self.path.is_file():
            raise StoreError(f"{self.path}: no database there")
        self.db = sqlite3.connect(f"file:{self.path}?mode={mode}", uri=True, isolation_level=None, timeout=30)

    def rows(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[tuple[Any, ...]]:
        return self.db.execute(sql, params).fetchall()

    def cursor_rows(self, sql: str) -> Iterator[tuple[Any, ...]]:
        yield from self.db.execute(sql)

    def execute(self, sql: str) -> None:
        self.db.execute(sql)

    @contextmanager
    def transaction(self) -> Iterator[Callable[[str, list[tuple[Any, ...]]], None]]:
        def run(sql: str, rows: list[tuple[Any, ...]]) -> None:
            if rows:
                self.db.executemany(sql, rows)

        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield run
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()


class PostgresSide(Side):
    backend = "postgresql"

    def __init__(self, url: str, write: bool) -> None:
        import psycopg

        self.conn = psycopg.connect(url, autocommit=True)
        if not write:
            self.conn.read_only = True
        else:  # articles written without their postings, made in one statement at the end (schema 9)
            self.conn.execute("SET rasad.postings = 'deferred'")

    @staticmethod
    def _sql(sql: str) -> str:
        return sql.replace("?", "%s")

    def rows(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[tuple[Any, ...]]:
        return self.conn.execute(self._sql(sql), params).fetchall()  # type: ignore[arg-type]

    def execute(self, sql: str) -> None:
        self.conn.execute(sql)  # type: ignore[arg-type]

    def cursor_rows(self, sql: str) -> Iterator[tuple[Any, ...]]:
        with self.conn.transaction(), self.conn.cursor(name="rasad_transfer_read") as cur:
            cur.itersize = 2000
            cur.execute(sql)  # type: ignore[arg-type]
            yield from cur

    @contextmanager
    def transaction(self) -> Iterator[Callable[[str, list[tuple[Any, ...]]], None]]:
        with self.conn.transaction(), self.conn.cursor() as cur:
            def run(sql: str, rows: list[tuple[Any, ...]]) -> None:
                if rows:
                    cur.executemany(self._sql(sql), rows)  # type: ignore[arg-type]
            yield run

    def close(self) -> None:
        self.conn.close()


def open_side(url: str, write: bool) -> Side:
    return SQLiteSide(url, write) if backend_of(url) == "sqlite" else PostgresSide(url, write)


@dataclass(slots=True)
class TableCheck:
    table: str
    source_rows: int
    target_rows: int
    source_sum: str
    target_sum: str

    @property
    def ok(self) -> bool:
        return self.source_rows == self.target_rows and self.source_sum == self.target_sum


def _value(value: Any) -> Any:
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return value


def checksum(side: Side, table: str) -> tuple[int, str]:
    """(rows, checksum) of a table over the columns both backends keep: the sum of each row's
    SHA-256 (as JSON), modulo 2**128, so that it does not depend on the order rows are read in."""
    total, n = 0, 0
    for row in side.cursor_rows(f"SELECT {_names(TABLES[table])} FROM {table}"):
        digest = hashlib.sha256(json.dumps([_value(v) for v in row], ensure_ascii=False).encode()).digest()
        total = (total + int.from_bytes(digest[:16], "big")) % 2**128
        n += 1
    return n, f"{total:032x}"


class Transfer:
    """One copy from `source` to `target`; `run` does (or resumes) it."""

    def __init__(self, source: str, target: str, batch: int = BATCH, pause: float = 0.0) -> None:
        for url in (source, target):
            backend_of(url)
        if source == target:
            raise ConfigError("--from and --to name the same store")
        self.source_url, self.target_url = source, target
        self.batch, self.pause = max(1, batch), pause
        from rasad.store import open_store

        open_store(source, write=False).close()  # there, and up to date
        open_store(target, write=True).close()  # created or migrated
        self._pool: Any = None
        self.source = open_side(source, write=False)
        self.target = open_side(target, write=True)
        self._prepare()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool = None
        self.source.close()
        self.target.close()

    # progress, kept in the target

    def _prepare(self) -> None:
        self.target.execute(_PROGRESS)
        others = self.target.rows("SELECT DISTINCT source FROM rasad_transfer")
        if others and others[0][0] != self.source_url:
            raise StoreError(f"{self.target_url}: it holds a copy of another store ({others[0][0]}) under way")
        if not others and any(self.target.rows(f"SELECT count(*) FROM {table}")[0][0]
                              for table in ("articles", "people", "watches", "users", "reprocess_runs")):
            raise StoreError(f"{self.target_url}: the target store is not empty (migrate-store copies into a new "
                             "one)")

    def position(self, step: str) -> tuple[str | None, bool]:
        rows = self.target.rows("SELECT position, done FROM rasad_transfer WHERE step = ?", (step,))
        return (rows[0][0], bool(rows[0][1])) if rows else (None, False)

    @staticmethod
    def _record(run: Callable[[str, list[tuple[Any, ...]]], None], step: str, position: str | None, done: bool,
                source: str) -> None:
        run("DELETE FROM rasad_transfer WHERE step = ?", [(step,)])
        run("INSERT INTO rasad_transfer (step, position, done, source) VALUES (?, ?, ?, ?)",
            [(step, position, int(done), source)])

    # the copy

    def total_articles(self) -> int:
        return int(self.source.rows("SELECT count(*) FROM articles")[0][0])

    def run(self, progress: Callable[[str, int], None] | None = None) -> list[TableCheck]:
        """Copy what is left to copy, then compare every table. `progress(step, rows)` is told each batch."""
        tell = progress or (lambda step, n: None)
        self._by_id("people", "people", PEOPLE_TABLES, "person_id", tell)
        self._by_id("articles", "articles", ARTICLE_TABLES, "article_id", tell)
        for table in SMALL_TABLES:
            self._whole(table, tell)
        self._seen_items(tell)
        self._by_id("alerts", "alerts", (), "id", tell)
        self._by_id("outbox", "outbox", (), "id", tell)
        self._by_id("reprocess_runs", "reprocess_runs", RUN_TABLES, "run_id", tell)
        self._postings(tell)
        self._finish()
        return self.verify()

    def _insert(self, table: str) -> str:
        columns = TABLES[table]
        return f"INSERT INTO {table} ({_names(columns)}) VALUES ({', '.join('?' * len(columns))})"

    def _by_id(self, step: str, table: str, children: tuple[str, ...], key: str,
               tell: Callable[[str, int], None]) -> None:
        position, done = self.position(step)
        if done:
            return
        last = int(position) if position is not None else 0
        for rows, parts in self._prepared(table, children, key, last):
            high = rows[-1][0]
            with self.target.transaction() as run:
                for name, found, inserted in parts:
                    run(self._insert_main(name), inserted())
                    self._derived(run, name, found)
                self._record(run, step, str(high), False, self.source_url)
            last = high
            tell(step, len(rows))
            if self.pause:
                time.sleep(self.pause)
        with self.target.transaction() as run:
            self._record(run, step, str(last), True, self.source_url)

    def _prepared(self, table: str, children: tuple[str, ...], key: str, last: int) -> Iterator[Batch]:
        """The source's rows of `table` after id `last`, `batch` at a time in the order of their
        ids, each batch with what to write for it: (table, its source rows, the getter of the rows
        to insert) for the table and each of its children. One batch ahead: the next batch's search
        columns are computed by the worker processes while this one is written."""
        ahead: Batch | None = None
        while rows := self.source.rows(f"SELECT {_names(TABLES[table])} FROM {table} WHERE id > ? ORDER BY id "
                                       "LIMIT ?", (last, self.batch)):
            first, last = rows[0][0], rows[-1][0]
            parts = [(table, rows, self._main_rows(table, rows))]
            for child in children:
                found = self.source.rows(f"SELECT {_names(TABLES[child])} FROM {child} WHERE {key} >= ? "
                                         f"AND {key} <= ?", (first, last))
                parts.append((child, found, self._main_rows(child, found)))
            if ahead is not None:
                yield ahead
            ahead = (rows, parts)
        if ahead is not None:
            yield ahead

    def _insert_main(self, table: str) -> str:
        """The INSERT of a table's rows, with what PostgreSQL derives for search where it has it."""
        if self.target.backend == "postgresql" and table in ("articles", "quotes"):
            extra = ("words", "length", "frequencies") if table == "articles" else ("words",)
            columns = (*TABLES[table], *extra)
            marks = ", ".join(["?"] * len(TABLES[table]) + ["?::tsvector", "?", "?::jsonb"][:len(extra)])
            return f"INSERT INTO {table} ({_names(columns)}) VALUES ({marks})"
        return self._insert(table)

    def _main_rows(self, table: str, rows: list[tuple[Any, ...]]) -> Callable[[], list[tuple[Any, ...]]]:
        """The getter of the rows to insert. PostgreSQL's search columns of many articles or quotes
        are computed by a few processes at once, begun now (folding and writing out the words is
        most of a copy's time); anything else when asked for."""
        row_of = {"articles": _article_row, "quotes": _quote_row}.get(table)
        if self.target.backend != "postgresql" or row_of is None:
            return lambda: [tuple(bytes(v) if isinstance(v, memoryview) else v for v in r) for r in rows]
        if len(rows) < 200 or WORKERS < 2:
            return lambda: [row_of(r) for r in rows]
        if self._pool is None:
            import multiprocessing

            self._pool = multiprocessing.get_context("fork").Pool(WORKERS)
        computed = self._pool.map_async(row_of, rows, chunksize=max(1, len(rows) // (4 * WORKERS)))
        return lambda: computed.get()  # type: ignore[no-any-return]

    def _derived(self, run: Callable[[str, list[tuple[Any, ...]]], None], table: str,
                 rows: list[tuple[Any, ...]]) -> None:
        """SQLite's full-text tables for the rows just copied."""
        if self.target.backend != "sqlite":
            return
        if table == "articles":
            named = [dict(zip(TABLES["articles"], r, strict=True)) for r in rows]
            indexed = [(r["id"], *index_fields(_indexable(r)), article_tags(r["agency_id"], r["published_day"]))
                       for r in named]
            run("INSERT INTO articles_fts (rowid, title, body, tags) VALUES (?, ?, ?, ?)", indexed)
            run("INSERT INTO pairs_fts (rowid, title, body, tags) VALUES (?, ?, ?, ?)",
                [(i, *pairs_row(title, body, tags)) for i, title, body, tags in indexed])
        elif table == "quotes":
            run("INSERT INTO quotes_fts (rowid, text) VALUES (?, ?)",
                [(r[0], fold(r[6], normalized=True)) for r in rows])

    def _whole(self, table: str, tell: Callable[[str, int], None]) -> None:
        if self.position(table)[1]:
            return
        rows = self.source.rows(f"SELECT {_names(TABLES[table])} FROM {table}")
        with self.target.transaction() as run:
            run(f"DELETE FROM {table}", [()])
            run(self._insert(table), rows)
            self._record(run, table, None, True, self.source_url)
        tell(table, len(rows))

    def _seen_items(self, tell: Callable[[str, int], None]) -> None:
        position, done = self.position("seen_items")
        if done:
            return
        last = position or ""
        while True:
            rows = self.source.rows(f"SELECT {_names(TABLES['seen_items'])} FROM seen_items WHERE url > ? "
                                    "ORDER BY url LIMIT ?", (last, self.batch))
            if not rows:
                break
            with self.target.transaction() as run:
                run(self._insert("seen_items"), rows)
                self._record(run, "seen_items", rows[-1][0], False, self.source_url)
            last = rows[-1][0]
            tell("seen_items", len(rows))
        with self.target.transaction() as run:
            self._record(run, "seen_items", last, True, self.source_url)

    def _postings(self, tell: Callable[[str, int], None]) -> None:
        """PostgreSQL's `postings` (each word's and kept pair's occurrences per article, what search
        matches and ranks from), written for every article at once after the articles are in: one
        statement and one sort of the key, where the trigger placed each row in the key as it came
        (schema 9). In the transaction that records it done: killed, it is done again on resume."""
        if self.target.backend != "postgresql" or self.position("postings")[1]:
            return
        tell("postings", 0)  # begun
        with self.target.transaction() as run:
            written = int(self.target.rows("SELECT rasad_rebuild_postings()")[0][0])
            self._record(run, "postings", None, True, self.source_url)
        self.target.execute("VACUUM (ANALYZE) postings")  # index-only scans, without visiting the rows
        tell("postings", written)

    def _finish(self) -> None:
        """What the target keeps beside the rows: PostgreSQL's id sequences and search statistics;
        a new generation (facet counts kept by readers are stale), and a new watch generation
        (a matcher running on the target reloads the watches)."""
        with self.target.transaction() as run:
            if self.target.backend == "postgresql":
                for table in SEQUENCES:
                    self.target.rows(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                     f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)")
                run("UPDATE meta SET value = (SELECT count(*) FROM articles) WHERE key = 'documents'", [()])
                run("UPDATE meta SET value = (SELECT coalesce(sum(length), 0) FROM articles) WHERE key = 'words'",
                    [()])
            run("UPDATE meta SET value = value + 1 WHERE key IN ('generation', 'watch_generation')", [()])

    def verify(self) -> list[TableCheck]:
        checks = []
        for table in TABLES:
            n, total = checksum(self.source, table)
            m, other = checksum(self.target, table)
            checks.append(TableCheck(table, n, m, total, other))
        return checks


def _article_row(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """An article's row with PostgreSQL's search columns (words, length, frequencies) after it."""
    from rasad.store.postgres_search import document_words

    return (*row, *document_words(_indexable(dict(zip(TABLES["articles"], row, strict=True)))))


def _quote_row(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A quote's row with PostgreSQL's search column (words) after it."""
    from rasad.store.postgres_search import plain_vector

    return (*row, plain_vector(fold(row[6], normalized=True)))


def _indexable(values: dict[str, Any]) -> Article:
    """An article with the stored title, kicker and body: what search indexes (index_fields)."""
    return Article(title=values["title"], kicker=values["kicker"], paragraphs=[values["body"]])


__all__ = ["BATCH", "TABLES", "TableCheck", "Transfer", "checksum"]
