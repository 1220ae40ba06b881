"""The SQLite store: one file, WAL, FTS5 over folded Persian text (rasad.store.search), so a query
typed with a space, a ZWNJ or nothing inside a word, Arabic ي/ك or either kind of digit finds the
same articles. Connections: rasad.store.sqlite_db; people and quotes: sqlite_people; monitor
state and stories: sqlite_monitor; watches, alerts, the outbox and users: sqlite_watch."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from operator import itemgetter
from pathlib import Path
from typing import Any

from rasad.errors import InputError, NotFound, StoreError
from rasad.link.people import person_key as entity_key
from rasad.models import Article
from rasad.store.base import Store, text_hash
from rasad.store.pairs import pair_query, pair_term, pairs_row
from rasad.store.search import SNIPPET_CHARS, TITLE_WEIGHT, index_fields, make_snippet
from rasad.store.search import Query as ParsedQuery
from rasad.store.sqlite_db import Database, any_of, match_expression, phrase, sqlite_errors_as_store_errors
from rasad.store.sqlite_monitor import SQLiteSources, SQLiteStories
from rasad.store.sqlite_people import SQLitePeople
from rasad.store.sqlite_reprocess import SQLiteReprocess
from rasad.store.sqlite_watch import SQLiteWatches
from rasad.store.tags import agency_tag, article_tags, range_tags
from rasad.store.values import (
    FACET_SAMPLE,
    FACET_SIZE,
    FACET_TYPES,
    ORDERS,
    AddResult,
    Counted,
    DayCount,
    Facet,
    Hit,
    HitStream,
    IdRange,
    RankedPage,
    SearchFilters,
    SearchResult,
    StoredArticle,
)

_ENRICHMENT_TABLES = ("entities", "persons", "quotes", "cited_sources", "article_people")
# an entity facet over the matched articles `m`: from each article to its entities, through the
# covering index entities (article_id, type, key, text)
_ENTITY_FACET = ("SELECT min(e.text) AS v, count(DISTINCT e.article_id) AS n FROM m CROSS JOIN entities e "
                 "ON e.article_id = m.id AND e.type = ? GROUP BY e.key ORDER BY n DESC, v LIMIT ?")
_NEXT_GENERATION = "UPDATE meta SET value = value + 1 WHERE key = 'generation'"
FACET_CACHE_SIZE = 256  # facet counts kept per process, valid until the store's next article write


class FacetCache:
    """Facet counts by (database, generation, question): a page 2 of a search, the same dashboard
    again, another page of the whole archive reuse what was counted, until an article is written."""

    def __init__(self, size: int = FACET_CACHE_SIZE) -> None:
        self.size = size
        self._items: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def get(self, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = compute()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value


FACETS = FacetCache()
WORDS, PAIRS = "articles_fts", "pairs_fts"  # the full-text indexes of words and of pairs (rasad.store.pairs)


def rank(fts: str) -> str:
    """BM25 in a full-text index: title, body; the filter words (rasad.store.tags) weigh 0."""
    return f"-bm25({fts}, {TITLE_WEIGHT}, 1.0, 0.0)"


def path_of(url: str) -> Path:
    """`sqlite:///relative.db`, `sqlite:////absolute.db` or a bare path -> the file's path."""
    return Path(url.removeprefix("sqlite://").removeprefix("/") if url.startswith("sqlite://") else url)


class Selection:
    """A search's FROM and WHERE over `articles a`: with words, from a full-text index through the
    covering index of ids, days and agencies (the article rows hold their long texts before those
    columns, so reading them from the rows would cost a page chain each). The index is the words'
    (`articles_fts`), or the pairs' (`pairs_fts`, rasad.store.pairs) when every term of the query is
    a phrase. With words, an agency and a date range are filter words of the full-text match
    (rasad.store.tags); `bounds` gives the archive's first and last day, for a range open at one end."""

    def __init__(self, query: ParsedQuery, filters: SearchFilters | None,
                 bounds: Callable[[], tuple[str | None, str | None]] | None = None) -> None:
        self.query = query
        filters = filters or SearchFilters()
        self.fts = WORDS
        self.filter_words = ""  # ` AND ...` of the filters matched as words
        rest: list[str] = []  # the conditions beside the full-text match
        self.params: list[Any] = []
        by_words = {"agency": False, "days": False}
        if query:
            self.filter_words, by_words = _filter_words(filters, bounds)
            pairs = pair_query(query)
            self.fts = PAIRS if pairs else WORDS
            self.params.append(self.match(match_expression(pairs or query)))
        elif query.excluded:
            rest.append("a.id NOT IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
            self.params.append(any_of(query.excluded))
        if filters.agency and not by_words["agency"]:
            rest.append("a.agency_id = ?")
            self.params.append(filters.agency)
        if filters.since and not by_words["days"]:
            rest.append("a.published_day >= ?")
            self.params.append(filters.since.isoformat())
        if filters.until and not by_words["days"]:
            rest.append("a.published_day <= ?")
            self.params.append(filters.until.isoformat())
        for kind, text in filters.entities:
            if self.filter_words:  # few candidates left: each tested in the index of its entities
                rest.append("EXISTS (SELECT 1 FROM entities e WHERE e.article_id = a.id AND e.type = ? AND e.key = ?)")
            else:  # the entity's articles listed once (a common entity costs its size, a rare one nothing)
                rest.append("a.id IN (SELECT article_id FROM entities WHERE type = ? AND key = ?)")
            self.params += [kind, entity_key(text)]
        self._rest = rest
        self.source, self.where = self.over(self.fts) if query else ("articles a", " AND ".join(rest) or "1")
        self.filtered = bool(rest)  # conditions beyond the full-text match

    def over(self, fts: str) -> tuple[str, str]:
        """FROM and WHERE with the full-text match asked of the index `fts` (its expression the
        first parameter)."""
        source = f"{fts} JOIN articles a INDEXED BY articles_summary ON a.id = {fts}.rowid"
        return source, " AND ".join([f"{fts} MATCH ?", *self._rest])

    def match(self, expression: str) -> str:
        """A full-text expression restricted to this selection's filter words."""
        return f"({expression}){self.filter_words}" if self.filter_words else expression

    def side_by_side(self) -> tuple[str, str, str, list[Any]]:
        """The plain words side by side as a phrase of their pairs, with this selection's filters:
        (index, FROM, WHERE, parameters). From the index alone when its match says every filter (the
        articles' covering index is read only for the conditions beside it)."""
        assert self.query.adjacent is not None
        source, where = self.over(PAIRS) if self._rest else (PAIRS, f"{PAIRS} MATCH ?")
        return PAIRS, source, where, [self.match(phrase(pair_term(self.query.adjacent))), *self.params[1:]]

    @property
    def ids(self) -> str:
        return f"SELECT a.id FROM {self.source} WHERE {self.where}"


def _filter_words(filters: SearchFilters, bounds: Callable[[], tuple[str | None, str | None]] | None
                  ) -> tuple[str, dict[str, bool]]:
    """The filters that full-text words can say (` AND "xa1..." AND ("xm140401" OR ...)`), and which
    filters they said."""
    parts, done = [], {"agency": False, "days": False}
    if filters.agency:
        parts.append(phrase((agency_tag(filters.agency),)))
        done["agency"] = True
    if (filters.since or filters.until) and bounds is not None:
        first, last = filters.since, filters.until
        if first is None or last is None:
            low, high = bounds()
            first = first or (date.fromisoformat(low) if low else None)
            last = last or (date.fromisoformat(high) if high else None)
        words = range_tags(first, last) if first and last and first <= last else None
        if words:
            parts.append("(" + " OR ".join(phrase((w,)) for w in words) + ")")
            done["days"] = True
    return "".join(" AND " + p for p in parts), done


@sqlite_errors_as_store_errors
class SQLiteStore(SQLitePeople, SQLiteSources, SQLiteStories, SQLiteWatches, SQLiteReprocess, Store):
    def __init__(self, url: str, write: bool = True) -> None:
        self.path = path_of(url)
        self.url = f"sqlite:///{self.path}"
        self.db = Database(self.path, write)

    def close(self) -> None:
        self.db.close()

    def count(self) -> int:
        return int(self.db.read().execute("SELECT count(*) FROM articles").fetchone()[0])

    # writing

    def add(self, article: Article) -> AddResult:
        record = article.to_record()
        digest = text_hash(article)
        with self.db.write() as db:
            row = None
            if article.url:
                row = db.execute("SELECT id, text_hash FROM articles WHERE url = ?", (article.url,)).fetchone()
            if row is None:
                row = db.execute("SELECT id, text_hash FROM articles WHERE text_hash = ?", (digest,)).fetchone()
            if row is not None and row["text_hash"] != digest:
                # a stored URL with new text that another article already has: that is the article
                same = db.execute("SELECT id, text_hash FROM articles WHERE text_hash = ?", (digest,)).fetchone()
                row = same or row
            if row is not None and row["text_hash"] == digest:
                return AddResult(row["id"], "unchanged")
            cols = self._columns(article, record, digest)
            if row is None:
                names, marks = ", ".join(cols), ", ".join(f":{c}" for c in cols)
                article_id = int(db.execute(f"INSERT INTO articles ({names}) VALUES ({marks})", cols).lastrowid or 0)
                status = "added"
            else:
                article_id = row["id"]
                self._rewrite(db, article_id, cols)
                status = "updated"
            self._write_enrichments(db, article_id, article)
            self._link_people(db, article_id, article, record["published"])
            db.execute(_NEXT_GENERATION)
        return AddResult(article_id, status)  # type: ignore[arg-type]

    def replace_enrichments(self, article_id: int, article: Article) -> bool:
        record = article.to_record()
        with self.db.write() as db:
            row = db.execute("SELECT record, ingested_at, url, file FROM articles WHERE id = ?",
                             (article_id,)).fetchone()
            if row is None:
                raise NotFound(f"no article with id {article_id} in {self.path}")
            record["url"], record["file"] = row["url"], row["file"]
            article.url, article.file = row["url"], row["file"]
            cols = self._columns(article, record, text_hash(article))
            if json.loads(row["record"]) == json.loads(cols["record"]):
                return False
            cols["ingested_at"] = row["ingested_at"]
            try:
                self._rewrite(db, article_id, cols)
            except sqlite3.IntegrityError:
                raise StoreError(f"article {article_id}: its reprocessed text is that of another stored "
                                 "article") from None
            self._write_enrichments(db, article_id, article)
            self._link_people(db, article_id, article, record["published"])
            db.execute(_NEXT_GENERATION)
        return True

    @staticmethod
    def _columns(article: Article, record: dict[str, Any], digest: str) -> dict[str, Any]:
        return {
            "url": article.url, "text_hash": digest, "file": article.file, "title": article.title,
            "kicker": article.kicker, "lead": article.lead, "body": article.body,
            "agency_id": article.agency.id if article.agency else None,
            "agency_name": article.agency.name if article.agency else None,
            "published": article.published.isoformat() if article.published else None,
            "published_day": record["published"], "dateline": article.dateline, "news_id": article.news_id,
            "record": json.dumps(record, ensure_ascii=False),
            "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }

    def _rewrite(self, db: sqlite3.Connection, article_id: int, cols: dict[str, Any]) -> None:
        """New content for a stored article: its row, with its enrichments and people links taken back."""
        sets = ", ".join(f"{c} = :{c}" for c in cols)
        db.execute(f"UPDATE articles SET {sets} WHERE id = :id", {**cols, "id": article_id})
        self._unlink_people(db, article_id)
        for table in _ENRICHMENT_TABLES:
            db.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
        old = db.execute("SELECT title, body, tags FROM articles_fts WHERE rowid = ?", (article_id,)).fetchone()
        if old is not None:  # the pairs' index keeps no text: a row is taken out by the values it holds
            db.execute("INSERT INTO pairs_fts (pairs_fts, rowid, title, body, tags) VALUES ('delete', ?, ?, ?, ?)",
                       (article_id, *pairs_row(*old)))
        db.execute("DELETE FROM articles_fts WHERE rowid = ?", (article_id,))

    @staticmethod
    def _write_enrichments(db: sqlite3.Connection, article_id: int, article: Article) -> None:
        title, body = index_fields(article)
        tags = article_tags(article.agency.id if article.agency else None,
                            article.published.date().isoformat() if article.published else None)
        db.execute("INSERT INTO articles_fts (rowid, title, body, tags) VALUES (?, ?, ?, ?)",
                   (article_id, title, body, tags))
        db.execute("INSERT INTO pairs_fts (rowid, title, body, tags) VALUES (?, ?, ?, ?)",
                   (article_id, *pairs_row(title, body, tags)))
        db.executemany(
            'INSERT INTO entities (article_id, text, type, start, "end", key) VALUES (?, ?, ?, ?, ?, ?)',
            [(article_id, e.text, e.type, e.start, e.end, entity_key(e.text)) for e in article.entities])
        db.executemany(
            "INSERT INTO persons (article_id, name, roles) VALUES (?, ?, ?)",
            [(article_id, p.name, json.dumps(p.roles, ensure_ascii=False)) for p in article.persons])
        db.executemany(
            'INSERT INTO quotes (article_id, speaker, mention, verb, kind, text, start, "end") '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(article_id, q.speaker, q.mention, q.verb, q.kind, q.text, q.start, q.end) for q in article.quotes])
        db.executemany("INSERT INTO cited_sources (article_id, source) VALUES (?, ?)",
                       [(article_id, s) for s in article.cited_sources])

    # reading

    def get(self, article_id: int) -> StoredArticle:
        row = self.db.read().execute("SELECT id, record, ingested_at FROM articles WHERE id = ?",
                                     (article_id,)).fetchone()
        if row is None:
            raise NotFound(f"no article with id {article_id} in {self.path}")
        return StoredArticle(row["id"], json.loads(row["record"]), row["ingested_at"])

    def id_ranges(self, size: int, filters: SearchFilters | None = None) -> list[IdRange]:
        q = Selection(ParsedQuery(), filters)
        ids = [r[0] for r in self.db.read().execute(f"{q.ids} ORDER BY a.id", q.params)]
        return [IdRange(ids[i], ids[min(i + size, len(ids)) - 1], len(ids[i:i + size]))
                for i in range(0, len(ids), max(1, size))]

    def iter_articles(self, first: int | None = None, last: int | None = None,
                      filters: SearchFilters | None = None) -> Iterator[StoredArticle]:
        q = Selection(ParsedQuery(), filters)
        rows = self.db.read().execute(
            f"SELECT a.id, a.record, a.ingested_at FROM {q.source} WHERE {q.where} AND a.id >= ? AND a.id <= ? "
            "ORDER BY a.id", [*q.params, -(2**63) if first is None else first, 2**63 - 1 if last is None else last])
        for row in rows:
            yield StoredArticle(row["id"], json.loads(row["record"]), row["ingested_at"])

    def documents_with(self, word: str) -> int:
        """How many articles hold a word of the index (a search key's word)."""
        row = self.db.read().execute("SELECT doc FROM articles_fts_vocab WHERE term = ?", (word,)).fetchone()
        return int(row[0]) if row else 0

    def holds(self, word: str) -> bool:
        """The word's first posting, not its count (a common word's count reads its whole doclist)."""
        return self.db.read().execute("SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT 1",
                                      (phrase((word,)),)).fetchone() is not None

    def _ranked(self, q: Selection, order: str, collapse: bool) -> sqlite3.Cursor:
        """Every match of a search in its order, sorted in SQL: (id, score, agency, story or None).
        `relevance`: the plain words side by side first, by the phrase's own BM25; then BM25; then
        the newest, then the last stored. `newest`: by day and id."""
        if order not in ORDERS:
            raise InputError(f"order {order!r}", f"unknown; one of {', '.join(ORDERS)}")
        score = rank(q.fts) if q.query else "0.0"
        story = "m.story_id" if collapse else "NULL"  # without collapse, stories are read for the hits only
        joined = "LEFT JOIN story_members m ON m.article_id = a.id " if collapse else ""
        params, side_by_side = list(q.params), ""
        ranking = "a.published_day DESC, a.id DESC"
        if order == "relevance":
            ranking = f"score DESC, {ranking}"
            if q.query.adjacent:
                fts, _, _, side = q.side_by_side()
                side_by_side = (f"WITH p(id, score) AS MATERIALIZED (SELECT rowid, {rank(fts)} FROM {fts} "
                                f"WHERE {fts} MATCH ?) ")
                joined += "LEFT JOIN p ON p.id = a.id "
                ranking = "p.score DESC, " + ranking
                params.insert(0, side[0])
        try:
            return self.db.read().execute(f"{side_by_side}SELECT a.id, {score} AS score, a.agency_id, {story} "
                                          f"FROM {q.source} {joined}WHERE {q.where} ORDER BY {ranking}", params)
        except sqlite3.OperationalError as exc:
            raise StoreError(f"search failed: {exc}") from None

    def search(self, query: str, filters: SearchFilters | None = None, limit: int = 20,
               offset: int = 0, collapse: bool = False, order: str = "relevance") -> SearchResult:
        q = Selection(self.parse(query), filters, self.day_range)
        if not q.query and not collapse and order in ORDERS:
            return self._browse(q, query, limit, offset)
        if q.query and order == "relevance":
            ordered, matched = self._ranked_window(q, collapse)
        else:
            ordered, matched = self._ranked(q, order, collapse).fetchall(), None  # the full-text match runs once
        shown = RankedPage.of(ordered, matched, collapse, limit, offset)
        facets: dict[str, dict[str, int]] = {"agency": shown.agencies}
        sample = shown.sample
        facets.update(self._entity_facets(sample))
        hits = self._hits(q.query.words, [(m[0][0], float(m[0][1]), len(m) - 1) for m in shown.page])
        return SearchResult(query, shown.total, hits, facets, len(sample), None if matched is None else len(ordered))

    def _ranked_window(self, q: Selection, collapse: bool) -> tuple[list[Any], int | None]:
        """A search by relevance, its match run once: the newest `search_window` matches (the
        full-text index gives them newest first and stops there), ranked as `_ranked` ranks, as
        (id, score, agency, story or None); with the number of all the matches when there were more
        (else None). SQLite orders the window by score, day and id; the plain words side by side
        then come first by a stable sort on the phrase's own BM25 (read for the window's ids only)."""
        story = "m.story_id" if collapse else "NULL"
        joined = "LEFT JOIN story_members m ON m.article_id = a.id " if collapse else ""
        db = self.db.read()
        try:
            rows = db.execute(
                f"WITH w AS MATERIALIZED (SELECT a.id AS id, {rank(q.fts)} AS score, "
                f"a.agency_id AS agency, {story} AS story, a.published_day AS day FROM {q.source} {joined}"
                f"WHERE {q.where} ORDER BY {q.fts}.rowid DESC LIMIT ?) "
                "SELECT id, score, agency, story FROM w ORDER BY score DESC, day DESC, id DESC",
                [*q.params, self.search_window + 1]).fetchall()
            matched = None
            if len(rows) > self.search_window:  # one more than the window matched: the oldest goes
                oldest = min(map(itemgetter(0), rows))
                rows = [r for r in rows if r[0] != oldest]
                counted = (f"SELECT count(*) FROM {q.source} WHERE {q.where}" if q.filtered else
                           f"SELECT count(*) FROM {q.fts} WHERE {q.fts} MATCH ?")
                matched = int(db.execute(counted, q.params).fetchone()[0])
            if q.query.adjacent and rows:  # the phrase's matches among the window's (its filters kept, so
                # that a sparse window of a filtered search does not score the phrase's every match)
                fts, source, where, params = q.side_by_side()
                side = dict(db.execute(f"SELECT {fts}.rowid, {rank(fts)} FROM {source} WHERE {where} "
                                       f"AND {fts}.rowid >= ?", [*params, min(map(itemgetter(0), rows))]))
                missing = float("-inf")
                rows.sort(key=lambda r: side.get(r[0], missing), reverse=True)  # stable: ties keep their order
        except sqlite3.OperationalError as exc:
            raise StoreError(f"search failed: {exc}") from None
        return rows, matched

    def _hits(self, words: set[str], chosen: list[tuple[int, float, int]]) -> list[Hit]:
        """The hits for (id, score, others folded in), in that order, read in one query."""
        rows = {r["id"]: r for r in self.db.read().execute(
            "SELECT a.id, a.url, a.title, a.agency_id, a.agency_name, a.published_day, a.lead, a.body, m.story_id "
            "FROM articles a LEFT JOIN story_members m ON m.article_id = a.id "
            f"WHERE a.id IN ({','.join('?' * len(chosen))})", [c[0] for c in chosen])}
        hits = []
        for article_id, score, also in chosen:
            r = rows.get(article_id)
            if r is None:  # gone since it was matched
                continue
            snippet = make_snippet(r["body"], words) if words else make_snippet(r["lead"] or r["body"], [])
            hits.append(Hit(r["id"], r["title"], r["agency_id"], r["agency_name"], r["published_day"], snippet,
                            score, r["story_id"], also, r["url"]))
        return hits

    def iter_hits(self, query: str, filters: SearchFilters | None = None, collapse: bool = False,
                  batch: int = 500, order: str = "relevance") -> HitStream:
        """The match runs once, ordered in SQL as `search` orders it; only ids, scores and fold
        counts are kept (24 bytes a hit), and the articles are read `batch` at a time as the hits
        are consumed."""
        q = Selection(self.parse(query), filters, self.day_range)
        ids, scores, also = array("q"), array("d"), array("q")
        group_of: dict[int, int] = {}
        for article_id, score, _, story in self._ranked(q, order, collapse):
            if collapse and story is not None:
                if story in group_of:
                    also[group_of[story]] += 1
                    continue
                group_of[story] = len(ids)
            ids.append(article_id)
            scores.append(score)
            also.append(0)
        return HitStream(len(ids), self._hit_batches(q.query.words, ids, scores, also, max(1, batch)))

    def _hit_batches(self, words: set[str], ids: array[int], scores: array[float], also: array[int],
                     batch: int) -> Iterator[Hit]:
        for start in range(0, len(ids), batch):
            end = start + batch
            try:
                chosen = list(zip(ids[start:end], scores[start:end], also[start:end], strict=True))
                yield from self._hits(words, chosen)
            except sqlite3.Error as exc:
                raise StoreError(f"{self.path}: {exc}") from exc

    def _browse(self, q: Selection, query: str, limit: int, offset: int) -> SearchResult:
        """No words to match: the newest articles straight from the day index, counted and faceted in SQL."""
        db = self.db.read()
        total = db.execute(f"SELECT count(*) FROM {q.source} WHERE {q.where}", q.params).fetchone()[0]
        rows = db.execute(
            f"SELECT a.id, a.url, a.title, a.agency_id, a.agency_name, a.published_day, a.lead, a.body, m.story_id "
            f"FROM {q.source} LEFT JOIN story_members m ON m.article_id = a.id WHERE {q.where} "
            "ORDER BY a.published_day DESC, a.id DESC LIMIT ? OFFSET ?", [*q.params, limit, offset]).fetchall()
        hits = [Hit(r["id"], r["title"], r["agency_id"], r["agency_name"], r["published_day"],
                    make_snippet(r["lead"] or r["body"], []), 0.0, r["story_id"], 0, r["url"]) for r in rows]
        facets = {"agency": {c.value: c.articles for c in self._top(q, "agency", 20)}}
        for kind in FACET_TYPES:
            facets[kind] = {c.value: c.articles for c in self._top(q, kind, FACET_SIZE, newest=FACET_SAMPLE)}
        return SearchResult(query, total, hits, facets, min(total, FACET_SAMPLE))

    def articles_per_day(self, query: str = "", filters: SearchFilters | None = None) -> list[DayCount]:
        q = Selection(self.parse(query), filters, self.day_range)
        rows = self.db.read().execute(
            f"SELECT a.published_day, count(*) FROM {q.source} WHERE {q.where} AND a.published_day IS NOT NULL "
            "GROUP BY a.published_day ORDER BY a.published_day", q.params)
        return [DayCount(day, n) for day, n in rows]

    def day_range(self, filters: SearchFilters | None = None) -> tuple[str | None, str | None]:
        """Unfiltered: two seeks in the day index (min and max in one SELECT would scan it)."""
        q = Selection(ParsedQuery(), filters)
        each = f"(SELECT {{}}(a.published_day) FROM {q.source} WHERE {q.where})"
        row = self.db.read().execute(f"SELECT {each.format('min')}, {each.format('max')}",
                                     [*q.params, *q.params]).fetchone()
        return row[0], row[1]

    def top(self, facet: Facet, filters: SearchFilters | None = None, query: str = "",
            limit: int = 10) -> list[Counted]:
        return self._top(Selection(self.parse(query), filters, self.day_range), facet, limit)

    def _generation(self) -> tuple[int, int]:
        """(this database's instance number, its generation): what facet counts are valid for."""
        rows = dict(self.db.read().execute("SELECT key, value FROM meta WHERE key IN ('instance', 'generation')"))
        return int(rows["instance"]), int(rows["generation"])

    def _top(self, q: Selection, facet: str, limit: int, newest: int | None = None) -> list[Counted]:
        """The facet's most frequent values among the articles a query matches (matched once, in SQL),
        or among the `newest` of them."""
        key = (str(self.path), self._generation(), "query", q.ids, json.dumps(q.params), facet, limit, newest)
        return FACETS.get(key, lambda: self._count_top(q, facet, limit, newest))

    def _count_top(self, q: Selection, facet: str, limit: int, newest: int | None) -> list[Counted]:
        db = self.db.read()
        ids = q.ids if newest is None else f"{q.ids} ORDER BY a.published_day DESC, a.id DESC LIMIT {int(newest)}"
        matched = f"WITH m AS MATERIALIZED ({ids}) "  # left to itself, SQLite matches again for every entity
        if facet == "agency":  # straight from an index that holds the agency (never the long article rows)
            rows = db.execute(
                f"SELECT coalesce(a.agency_id, '?') AS v, count(*) AS n FROM {q.source} WHERE {q.where} "
                "GROUP BY a.agency_id ORDER BY n DESC, v LIMIT ?", [*q.params, limit])
        else:
            rows = db.execute(matched + _ENTITY_FACET, [*q.params, facet, limit])
        return [Counted(v, n) for v, n in rows]

    def _entity_facets(self, ids: list[int]) -> dict[str, dict[str, int]]:
        """The people, organizations and places named in most of the articles `ids` (passed once, as
        a JSON array), from the articles to their entities through a covering index, in one pass."""
        listed = json.dumps(ids)
        key = (str(self.path), self._generation(), "ids", hashlib.sha1(listed.encode()).hexdigest())

        def count() -> dict[str, dict[str, int]]:
            rows = self.db.read().execute(
                "WITH m(id) AS MATERIALIZED (SELECT value FROM json_each(?)) "
                "SELECT e.type, min(e.text), count(DISTINCT e.article_id) FROM m CROSS JOIN entities e "
                f"ON e.article_id = m.id AND e.type IN ({', '.join('?' * len(FACET_TYPES))}) GROUP BY e.type, e.key",
                [listed, *FACET_TYPES])
            by_kind: dict[str, list[tuple[str, int]]] = {kind: [] for kind in FACET_TYPES}
            for kind, text, n in rows:
                by_kind[kind].append((text, n))
            return {kind: dict(sorted(values, key=lambda vn: (-vn[1], vn[0]))[:FACET_SIZE])
                    for kind, values in by_kind.items()}

        return FACETS.get(key, count)  # type: ignore[no-any-return]


__all__ = ["SNIPPET_CHARS", "SQLiteStore", "path_of"]
