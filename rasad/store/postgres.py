"""The PostgreSQL store (`postgresql://user@host:port/name`): for teams and archives that outgrow
one file. The same contract, search and Persian behaviour as the SQLite store: the same folded
words are indexed (a tsvector under a GIN index, rasad.store.postgres_search), hits are scored by
the same BM25 and ordered the same way, snippets are cut from the same text. Connections and
migrations: postgres_db; people and quotes: postgres_people; monitor state and stories:
postgres_monitor."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from rasad.errors import InputError, NotFound, StoreError
from rasad.link.people import person_key as entity_key
from rasad.models import Article
from rasad.store.base import Store, text_hash
from rasad.store.postgres_db import Database, pg_errors_as_store_errors, shown
from rasad.store.postgres_monitor import PostgresSources, PostgresStories
from rasad.store.postgres_people import PostgresPeople
from rasad.store.postgres_rank import counted_keys, ranking
from rasad.store.postgres_reprocess import PostgresReprocess
from rasad.store.postgres_search import document_words, tsquery_of
from rasad.store.postgres_watch import PostgresWatches
from rasad.store.postgres_window import certain_words, counted_term, first_alternatives, window
from rasad.store.search import Query as ParsedQuery
from rasad.store.search import make_snippet
from rasad.store.sqlite import FacetCache
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
_ENTITY_FACET = ("SELECT min(e.text) AS v, count(DISTINCT e.article_id) AS n FROM m JOIN entities e "
                 "ON e.article_id = m.id AND e.type = %s GROUP BY e.key ORDER BY n DESC, v LIMIT %s")
_COLUMNS = ("url", "text_hash", "file", "title", "kicker", "lead", "body", "agency_id", "agency_name", "published",
            "published_day", "dateline", "news_id", "record", "ingested_at", "words", "length", "frequencies")
FACETS = FacetCache()
# how many articles hold a term of `postings`, by (database, store generation, term): BM25's idf of a
# common word counts its postings over the whole archive (~125 ms for one in a third of 1,000,000
# articles); kept until an article is written (the generation), not emptied with the facets
TERM_COUNTS = FacetCache(size=50_000)
# a window whose ids span less than this many times its size is ranked from ranges of the indexes
# read in order (rasad.store.postgres_rank, `ranged`): a row read in order costs a few times less
# than a probe (docs/benchmarks.md, "PostgreSQL: the window's postings read as ranges")
RANGED_SPAN = 8



def _generation_in(conn: Any) -> tuple[int, int]:
    """The store's (instance, generation) as `conn` sees it: what the facet and term-count caches are
    keyed by (every write of articles or their entities raises the generation)."""
    rows = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('instance', 'generation')").fetchall())
    return int(rows["instance"]), int(rows["generation"])

class Selection:
    """A search's WHERE over `articles a`, with its parameters."""

    def __init__(self, query: ParsedQuery, filters: SearchFilters | None) -> None:
        self.query = query
        filters = filters or SearchFilters()
        self.filters: list[tuple[str, list[Any]]] = []  # conditions on the article besides its words
        if filters.agency:
            self.filters.append(("a.agency_id = %s", [filters.agency]))
        if filters.since:
            self.filters.append(("a.published_day >= %s", [filters.since.isoformat()]))
        if filters.until:
            self.filters.append(("a.published_day <= %s", [filters.until.isoformat()]))
        for kind, text in filters.entities:
            self.filters.append(("a.id IN (SELECT article_id FROM entities WHERE type = %s AND key = %s)",
                                 [kind, entity_key(text)]))
        where = [text for text, _ in self.filters]
        self.params: list[Any] = [p for _, params in self.filters for p in params]
        if query or query.excluded:
            where.insert(0, "a.words @@ %s::tsquery")
            self.params.insert(0, tsquery_of(query))
        self.where = " AND ".join(where) or "true"
        # more than the query's words: filters, excluded words (rasad.store.postgres_rank)
        self.narrowed = bool(self.filters) or bool(query.excluded)

    @property
    def ids(self) -> str:
        return f"SELECT a.id FROM articles a WHERE {self.where}"


@contextmanager
def _snapshot(conn: Any) -> Iterator[None]:
    """The statements inside see one snapshot of the database (a read-only repeatable-read
    transaction, without JIT compilation), unless the connection is already inside a transaction
    (this thread's write)."""
    import psycopg

    if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
        yield
        return
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        # the ranking's index probes, costed per article, pass JIT's threshold: compiling the
        # statement takes longer than running it
        conn.execute("SET LOCAL jit = off")
        yield


@pg_errors_as_store_errors
class PostgresStore(PostgresPeople, PostgresSources, PostgresStories, PostgresWatches, PostgresReprocess, Store):
    def __init__(self, url: str, write: bool = True) -> None:
        self.url = "postgresql://" + url.split("://", 1)[1]
        self.db = Database(self.url, write)

    def close(self) -> None:
        self.db.close()

    @functools.cached_property
    def common(self) -> frozenset[str]:
        """The common grams, words and pairs, whose pairs this store keeps as terms of `postings`
        (schema 8, its own copy of rasad/data/common_grams.txt): read once."""
        with self.db.read() as conn:
            return frozenset(r[0] for r in conn.execute("SELECT term FROM common_grams"))

    def count(self) -> int:
        with self.db.read() as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    # writing

    def add(self, article: Article) -> AddResult:
        record = article.to_record()
        digest = text_hash(article)
        cols = self._columns(article, record, digest)  # the folding and the vector, outside the lock
        with self.db.write(lock=True) as conn:
            by_hash = by_url = None
            for found_id, found_hash, found_url in conn.execute(
                    "SELECT id, text_hash, url FROM articles WHERE text_hash = %s OR url = %s", (digest, article.url)):
                if found_hash == digest:
                    by_hash = int(found_id)
                elif article.url and found_url == article.url:
                    by_url = int(found_id)
            if by_hash is not None:  # this text is stored (under this URL or another): that is the article
                return AddResult(by_hash, "unchanged")
            row = None if by_url is None else (by_url,)
            if row is None:
                marks = ", ".join(f"%({c})s" for c in _COLUMNS)
                article_id = int(conn.execute(f"INSERT INTO articles ({', '.join(_COLUMNS)}) VALUES ({marks}) "
                                              "RETURNING id", cols).fetchone()[0])
                status = "added"
            else:
                article_id = int(row[0])
                self._rewrite(conn, article_id, cols)
                status = "updated"
            self._write_enrichments(conn, article_id, article)
            self._link_people(conn, article_id, article, record["published"])
            added = int(status == "added")
            conn.execute("UPDATE meta SET value = value + CASE key WHEN 'documents' THEN %s WHEN 'words' THEN %s "
                         "ELSE 1 END WHERE key IN ('documents', 'words', 'generation')",
                         (added, cols["length"] * added))
        return AddResult(article_id, status)  # type: ignore[arg-type]

    def replace_enrichments(self, article_id: int, article: Article) -> bool:
        import psycopg

        record = article.to_record()
        with self.db.write(lock=True) as conn:
            row = conn.execute("SELECT record, ingested_at, url, file FROM articles WHERE id = %s",
                               (article_id,)).fetchone()
            if row is None:
                raise NotFound(f"no article with id {article_id} in {shown(self.url)}")
            record["url"], record["file"] = row[2], row[3]
            article.url, article.file = row[2], row[3]
            cols = self._columns(article, record, text_hash(article))
            if json.loads(row[0]) == json.loads(cols["record"]):
                return False
            cols["ingested_at"] = row[1]
            try:
                with conn.transaction():
                    self._rewrite(conn, article_id, cols)
            except psycopg.errors.UniqueViolation:
                raise StoreError(f"article {article_id}: its reprocessed text is that of another stored "
                                 "article") from None
            self._write_enrichments(conn, article_id, article)
            self._link_people(conn, article_id, article, record["published"])
            conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'generation'")
        return True

    @staticmethod
    def _columns(article: Article, record: dict[str, Any], digest: str) -> dict[str, Any]:
        words, length, counts = document_words(article)
        return {
            "url": article.url, "text_hash": digest, "file": article.file, "title": article.title,
            "kicker": article.kicker, "lead": article.lead, "body": article.body,
            "agency_id": article.agency.id if article.agency else None,
            "agency_name": article.agency.name if article.agency else None,
            "published": article.published.isoformat() if article.published else None,
            "published_day": record["published"], "dateline": article.dateline, "news_id": article.news_id,
            "record": json.dumps(record, ensure_ascii=False),
            "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "words": words, "length": length, "frequencies": counts,
        }

    def _rewrite(self, conn: Any, article_id: int, cols: dict[str, Any]) -> None:
        """New content for a stored article: its row, with its enrichments and people links taken back."""
        old = conn.execute("SELECT length FROM articles WHERE id = %s", (article_id,)).fetchone()[0]
        sets = ", ".join(f"{c} = %({c})s" for c in _COLUMNS)
        conn.execute(f"UPDATE articles SET {sets} WHERE id = %(id)s", {**cols, "id": article_id})
        conn.execute("UPDATE meta SET value = value + %s WHERE key = 'words'", (cols["length"] - old,))
        self._unlink_people(conn, article_id)
        for table in _ENRICHMENT_TABLES:
            conn.execute(f"DELETE FROM {table} WHERE article_id = %s", (article_id,))

    @staticmethod
    def _write_enrichments(conn: Any, article_id: int, article: Article) -> None:
        with conn.cursor() as cur:  # the quotes are written with their people (postgres_people)
            cur.executemany(
                'INSERT INTO entities (article_id, text, type, start, "end", key) VALUES (%s, %s, %s, %s, %s, %s)',
                [(article_id, e.text, e.type, e.start, e.end, entity_key(e.text)) for e in article.entities])
            cur.executemany(
                "INSERT INTO persons (article_id, name, roles) VALUES (%s, %s, %s)",
                [(article_id, p.name, json.dumps(p.roles, ensure_ascii=False)) for p in article.persons])
            cur.executemany("INSERT INTO cited_sources (article_id, source) VALUES (%s, %s)",
                            [(article_id, s) for s in article.cited_sources])

    # reading

    def get(self, article_id: int) -> StoredArticle:
        with self.db.read() as conn:
            row = conn.execute("SELECT id, record, ingested_at FROM articles WHERE id = %s", (article_id,)).fetchone()
        if row is None:
            raise NotFound(f"no article with id {article_id} in {shown(self.url)}")
        return StoredArticle(int(row[0]), json.loads(row[1]), row[2])

    def id_ranges(self, size: int, filters: SearchFilters | None = None) -> list[IdRange]:
        q = Selection(ParsedQuery(), filters)
        with self.db.read() as conn:
            ids = [int(r[0]) for r in conn.execute(f"{q.ids} ORDER BY a.id", q.params)]
        return [IdRange(ids[i], ids[min(i + size, len(ids)) - 1], len(ids[i:i + size]))
                for i in range(0, len(ids), max(1, size))]

    def iter_articles(self, first: int | None = None, last: int | None = None,
                      filters: SearchFilters | None = None) -> Iterator[StoredArticle]:
        q = Selection(ParsedQuery(), filters)
        low, high = -(2**63) if first is None else first, 2**63 - 1 if last is None else last
        batch = 500
        while True:  # in batches by id: no connection held while the caller works
            with self.db.read() as conn:
                rows = conn.execute(
                    f"SELECT a.id, a.record, a.ingested_at FROM articles a WHERE {q.where} AND a.id >= %s "
                    "AND a.id <= %s ORDER BY a.id LIMIT %s", [*q.params, low, high, batch]).fetchall()
            for row in rows:
                yield StoredArticle(int(row[0]), json.loads(row[1]), row[2])
            if len(rows) < batch:
                return
            low = int(rows[-1][0]) + 1

    def documents_with(self, word: str) -> int:
        with self.db.read() as conn:  # the word's postings, by an index-only scan
            return int(conn.execute("SELECT count(*) FROM postings WHERE term = rasad_term(%s)", (word,)).fetchone()[0])

    def holds(self, word: str) -> bool:
        with self.db.read() as conn:  # the word's first posting, not its count
            return bool(conn.execute("SELECT EXISTS (SELECT 1 FROM postings WHERE term = rasad_term(%s))",
                                     (word,)).fetchone()[0])

    def search(self, query: str, filters: SearchFilters | None = None, limit: int = 20,
               offset: int = 0, collapse: bool = False, order: str = "relevance") -> SearchResult:
        q = Selection(self.parse(query), filters)
        if not q.query and not collapse and order in ORDERS:
            return self._browse(q, query, limit, offset)
        if q.query and order == "relevance":
            ordered, matched = self._ranked_window(q)
        else:
            ordered, matched = self._ranked(q, order), None
        shown = RankedPage.of(ordered, matched, collapse, limit, offset)
        facets: dict[str, dict[str, int]] = {"agency": shown.agencies}
        sample = shown.sample
        generation = self._generation()
        for kind in FACET_TYPES:
            facets[kind] = {c.value: c.articles for c in self._top_of(sample, kind, FACET_SIZE, generation)}
        hits = self._hits(q.query.words, [(m[0][0], m[0][1], len(m) - 1) for m in shown.page])
        return SearchResult(query, shown.total, hits, facets, len(sample), None if matched is None else len(ordered))

    def _ranked_window(self, q: Selection) -> tuple[list[tuple[int, float, str | None, int | None]], int | None]:
        """A search by relevance: its newest `search_window` matches (by id), found from the words'
        postings (rasad.store.postgres_window), ranked as `_ranked` ranks; with the number of all
        the matches when there were more (else None)."""
        with self.db.read() as conn, _snapshot(conn):  # the window and its scores: one snapshot
            statement, params = window(q.query, q.filters, self.search_window, common=self.common,
                                       sizes=self._alternative_sizes(conn, q.query))
            # in binary: 10,000 ids and their occurrences, read and sent back, parsed in C without text
            matched, ids, *occurrences = conn.execute(statement, params, binary=True).fetchone()
            carried = dict(zip(certain_words(q.query, self.common), occurrences, strict=True))
            term = counted_term(q.query, q.filters)
            cut = int(matched) > self.search_window
            holders = {term: int(matched)} if term else None
            keys = counted_keys(q.query, narrowed=q.narrowed or cut, order="relevance", common=self.common,
                                holders=holders)
            counts = self._term_counts(conn, keys) if keys else None
            statement, params = ranking(q.query, "true", [], narrowed=q.narrowed or cut, order="relevance",
                                        common=self.common, holders=holders, ids=ids, counts=counts,
                                        ranged=bool(ids) and max(ids) - min(ids) < RANGED_SPAN * len(ids),
                                        carried=carried)
            rows = conn.execute(statement, params, binary=True).fetchall()
        ranked = [(int(r[0]), float(r[1]), r[2], None if r[3] is None else int(r[3])) for r in rows]
        return ranked, int(matched) if cut else None

    def _alternative_sizes(self, conn: Any, query: ParsedQuery) -> dict[str, int] | None:
        """How many articles hold each word of the alternatives a window takes together (its first
        clause's, when every clause has some), when the ranking counts them anyway (their idf):
        rasad.store.postgres_window chooses by them how to write the union. Else None."""
        keys = [k for alternative in first_alternatives(query, self.common) for k in alternative]
        if not keys or not set(keys) <= set(counted_keys(query, narrowed=False, order="relevance",
                                                         common=self.common)):
            return None
        return self._term_counts(conn, keys)

    def _term_counts(self, conn: Any, keys: list[str]) -> dict[str, int]:
        """How many articles hold each term of `postings` in `keys`, in the connection's snapshot:
        kept per store generation (TERM_COUNTS), counted where not kept (an index-only count)."""
        generation = _generation_in(conn)

        def counter(key: str) -> Callable[[], int]:
            return lambda: int(conn.execute("SELECT count(*) FROM postings WHERE term = rasad_term(%s)",
                                            (key,)).fetchone()[0])

        return {key: int(TERM_COUNTS.get((self.url, generation, key), counter(key))) for key in keys}

    def iter_hits(self, query: str, filters: SearchFilters | None = None, collapse: bool = False,
                  batch: int = 500, order: str = "relevance") -> HitStream:
        q = Selection(self.parse(query), filters)
        chosen: list[tuple[int, float, int]] = []
        group_of: dict[int, int] = {}
        for article_id, score, _, story in self._ranked(q, order):
            if collapse and story is not None:
                if story in group_of:
                    first = chosen[group_of[story]]
                    chosen[group_of[story]] = (first[0], first[1], first[2] + 1)
                    continue
                group_of[story] = len(chosen)
            chosen.append((article_id, score, 0))

        def batches() -> Iterator[Hit]:
            for start in range(0, len(chosen), max(1, batch)):
                yield from self._hits(q.query.words, chosen[start:start + max(1, batch)])

        return HitStream(len(chosen), batches())

    def _ranked(self, q: Selection, order: str) -> list[tuple[int, float, str | None, int | None]]:
        """Every match in the search's order: (id, score, agency, story). `relevance`: the plain
        words side by side first, by the phrase's own BM25; then BM25; then the newest, then the last
        stored (as SQLite orders). `newest`: by day and id."""
        if order not in ORDERS:
            raise InputError(f"order {order!r}", f"unknown; one of {', '.join(ORDERS)}")
        statement, params = ranking(q.query, q.where, q.params, narrowed=q.narrowed, order=order, common=self.common)
        with self.db.read() as conn:
            rows = conn.execute(statement, params).fetchall()
        return [(int(r[0]), float(r[1]), r[2], None if r[3] is None else int(r[3])) for r in rows]

    def _hits(self, words: set[str], chosen: list[tuple[int, float, int]]) -> list[Hit]:
        """The hits for (id, score, others folded in), in that order, read in one query."""
        with self.db.read() as conn:
            rows = {int(r[0]): r for r in conn.execute(
                "SELECT a.id, a.url, a.title, a.agency_id, a.agency_name, a.published_day, a.lead, a.body, m.story_id "
                "FROM articles a LEFT JOIN story_members m ON m.article_id = a.id WHERE a.id = ANY (%s)",
                ([c[0] for c in chosen],))}
        hits = []
        for article_id, score, also in chosen:
            r = rows.get(article_id)
            if r is None:  # gone since it was matched
                continue
            snippet = make_snippet(r[7], words) if words else make_snippet(r[6] or r[7], [])
            hits.append(Hit(int(r[0]), r[2], r[3], r[4], r[5], snippet, float(score),
                            None if r[8] is None else int(r[8]), also, r[1]))
        return hits

    def _browse(self, q: Selection, query: str, limit: int, offset: int) -> SearchResult:
        """No words to match: the newest articles straight from the day index, counted and faceted in SQL."""
        with self.db.read() as conn:
            total = int(conn.execute(f"SELECT count(*) FROM articles a WHERE {q.where}", q.params).fetchone()[0])
            rows = conn.execute(
                "SELECT a.id, a.url, a.title, a.agency_id, a.agency_name, a.published_day, a.lead, a.body, m.story_id "
                f"FROM articles a LEFT JOIN story_members m ON m.article_id = a.id WHERE {q.where} "
                "ORDER BY a.published_day DESC NULLS LAST, a.id DESC LIMIT %s OFFSET %s",
                [*q.params, limit, offset]).fetchall()
        hits = [Hit(int(r[0]), r[2], r[3], r[4], r[5], make_snippet(r[6] or r[7], []), 0.0, r[8], 0, r[1])
                for r in rows]
        facets = {"agency": {c.value: c.articles for c in self._top(q, "agency", 20)}}
        for kind in FACET_TYPES:
            facets[kind] = {c.value: c.articles for c in self._top(q, kind, FACET_SIZE, newest=FACET_SAMPLE)}
        return SearchResult(query, total, hits, facets, min(total, FACET_SAMPLE))

    def articles_per_day(self, query: str = "", filters: SearchFilters | None = None) -> list[DayCount]:
        q = Selection(self.parse(query), filters)
        with self.db.read() as conn:
            rows = conn.execute(
                f"SELECT a.published_day, count(*) FROM articles a WHERE {q.where} AND a.published_day IS NOT NULL "
                "GROUP BY a.published_day ORDER BY a.published_day", q.params).fetchall()
        return [DayCount(day, int(n)) for day, n in rows]

    def day_range(self, filters: SearchFilters | None = None) -> tuple[str | None, str | None]:
        q = Selection(ParsedQuery(), filters)
        with self.db.read() as conn:
            row = conn.execute(f"SELECT min(a.published_day), max(a.published_day) FROM articles a WHERE {q.where}",
                               q.params).fetchone()
        return row[0], row[1]

    def top(self, facet: Facet, filters: SearchFilters | None = None, query: str = "",
            limit: int = 10) -> list[Counted]:
        return self._top(Selection(self.parse(query), filters), facet, limit)

    def _generation(self) -> tuple[int, int]:
        with self.db.read() as conn:
            return _generation_in(conn)

    def _top(self, q: Selection, facet: str, limit: int, newest: int | None = None) -> list[Counted]:
        key = (self.url, self._generation(), "query", q.ids, json.dumps(q.params), facet, limit, newest)
        return FACETS.get(key, lambda: self._count_top(q, facet, limit, newest))  # type: ignore[no-any-return]

    def _count_top(self, q: Selection, facet: str, limit: int, newest: int | None = None) -> list[Counted]:
        with self.db.read() as conn:
            if facet == "agency":
                rows = conn.execute(
                    f"SELECT coalesce(a.agency_id, '?') AS v, count(*) AS n FROM articles a WHERE {q.where} "
                    "GROUP BY a.agency_id ORDER BY n DESC, v LIMIT %s", [*q.params, limit]).fetchall()
            else:
                ids = q.ids if newest is None else (f"{q.ids} ORDER BY a.published_day DESC NULLS LAST, a.id DESC "
                                                    f"LIMIT {int(newest)}")
                rows = conn.execute(f"WITH m AS MATERIALIZED ({ids}) " + _ENTITY_FACET,
                                    [*q.params, facet, limit]).fetchall()
        return [Counted(v, int(n)) for v, n in rows]

    def _top_of(self, ids: list[int], kind: str, limit: int, generation: tuple[int, int]) -> list[Counted]:
        """The people, organizations or places named in most of the articles `ids`."""
        digest = hashlib.sha1(json.dumps(ids).encode()).hexdigest()
        key = (self.url, generation, "ids", digest, kind, limit)

        def count() -> list[Counted]:
            with self.db.read() as conn:
                rows = conn.execute("WITH m AS MATERIALIZED (SELECT unnest(%s::bigint[]) AS id) " + _ENTITY_FACET,
                                    [ids, kind, limit]).fetchall()
            return [Counted(v, int(n)) for v, n in rows]

        return FACETS.get(key, count)


__all__ = ["PostgresStore"]
