"""The SQLite store: one file, WAL, FTS5 over folded Persian text (rasad.text.normalize.fold), so a
query typed with a space, a ZWNJ or nothing inside a word, Arabic ي/ك or either kind of digit
finds the same articles."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from rasad.errors import NotFound, StoreError
from rasad.link.people import person_key as entity_key
from rasad.models import Article
from rasad.store.base import (
    FACET_SIZE,
    FACET_TYPES,
    AddResult,
    Hit,
    SearchFilters,
    SearchResult,
    Store,
    StoredArticle,
    text_hash,
)
from rasad.store.sqlite_monitor import MonitorTables
from rasad.store.sqlite_people import PeopleTables
from rasad.text.normalize import fold, normalize
from rasad.text.tokenize import split_sentences

SNIPPET_CHARS = 220
_PHRASE = re.compile(r'"([^"]+)"|(\S+)')


def migrations() -> list[tuple[int, str]]:
    """(number, SQL) of every migration in rasad/store/migrations, in order."""
    folder = resources.files("rasad.store.migrations")
    found = []
    for entry in folder.iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), entry.read_text(encoding="utf-8")))
    return sorted(found)


def query_terms(query: str) -> list[str]:
    """The folded terms and phrases of a query: `"وزیر کشور" می شود` -> ['وزیر کشور', 'میشود']. The
    whole query is normalized first, so that a word typed in two pieces is restored to one."""
    terms = []
    for phrase, word in _PHRASE.findall(normalize(query)):
        folded = re.sub(r"[^\w\s]", " ", fold(phrase or word, normalized=True)).strip()
        if folded:
            terms.append(" ".join(folded.split()))
    return terms


def match_expression(terms: list[str]) -> str:
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)


def make_snippet(article_text: str, terms: list[str]) -> str:
    """The sentence that holds the most query words, trimmed around the first of them."""
    words = {w for term in terms for w in term.split()}
    best, best_score = "", -1
    for sentence in split_sentences(article_text):
        key = set(re.findall(r"\w+", fold(sentence, normalized=True)))
        score = len(words & key)
        if score > best_score:
            best, best_score = sentence, score
        if score == len(words):
            break
    if len(best) <= SNIPPET_CHARS:
        return best
    return best[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"


class SQLiteStore(PeopleTables, MonitorTables, Store):
    def __init__(self, path: Path) -> None:
        self.path = path
        self.url = f"sqlite:///{path}"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, timeout=30, check_same_thread=False)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: cannot open the database ({exc})") from None
        except OSError as exc:
            raise StoreError(f"{path}: {exc.strerror or exc}") from None

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        for number, sql in migrations():
            if number > version:
                with self.db:
                    self.db.executescript(f"BEGIN;\n{sql}\nPRAGMA user_version = {number};\nCOMMIT;")

    def close(self) -> None:
        self.db.close()

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def add(self, article: Article) -> AddResult:
        record = article.to_record()
        digest = text_hash(article)
        row = None
        if article.url:
            row = self.db.execute("SELECT id, text_hash FROM articles WHERE url = ?", (article.url,)).fetchone()
        if row is None:
            row = self.db.execute("SELECT id, text_hash FROM articles WHERE text_hash = ?", (digest,)).fetchone()
        if row is not None and row["text_hash"] == digest:
            return AddResult(row["id"], "unchanged")
        with self.db:
            if row is None:
                article_id = self._insert(article, record, digest)
                status = "added"
            else:
                article_id = row["id"]
                self._update(article_id, article, record, digest)
                status = "updated"
            self._write_enrichments(article_id, article, record)
            self._link_people(article_id, article, record["published"])
        return AddResult(article_id, status)

    def _columns(self, article: Article, record: dict, digest: str) -> dict:
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

    def _insert(self, article: Article, record: dict, digest: str) -> int:
        cols = self._columns(article, record, digest)
        names = ", ".join(cols)
        marks = ", ".join(f":{c}" for c in cols)
        cursor = self.db.execute(f"INSERT INTO articles ({names}) VALUES ({marks})", cols)
        return int(cursor.lastrowid or 0)

    def _update(self, article_id: int, article: Article, record: dict, digest: str) -> None:
        cols = self._columns(article, record, digest)
        sets = ", ".join(f"{c} = :{c}" for c in cols)
        self.db.execute(f"UPDATE articles SET {sets} WHERE id = :id", {**cols, "id": article_id})
        self._unlink_quotes(article_id)
        self._unlink_roles(article_id)
        for table in ("entities", "persons", "quotes", "cited_sources", "article_people"):
            self.db.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
        self.db.execute("DELETE FROM articles_fts WHERE rowid = ?", (article_id,))

    def _write_enrichments(self, article_id: int, article: Article, record: dict) -> None:
        self.db.execute(
            "INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
            (article_id, fold(article.title, normalized=True),
             fold("\n".join(filter(None, [article.kicker, article.body])), normalized=True)),
        )
        self.db.executemany(
            'INSERT INTO entities (article_id, text, type, start, "end", key) VALUES (?, ?, ?, ?, ?, ?)',
            [(article_id, e.text, e.type, e.start, e.end, entity_key(e.text)) for e in article.entities],
        )
        self.db.executemany(
            "INSERT INTO persons (article_id, name, roles) VALUES (?, ?, ?)",
            [(article_id, p.name, json.dumps(p.roles, ensure_ascii=False)) for p in article.persons],
        )
        self.db.executemany(
            'INSERT INTO quotes (article_id, speaker, mention, verb, kind, text, start, "end") '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(article_id, q.speaker, q.mention, q.verb, q.kind, q.text, q.start, q.end) for q in article.quotes],
        )
        self.db.executemany(
            "INSERT INTO cited_sources (article_id, source) VALUES (?, ?)",
            [(article_id, s) for s in article.cited_sources],
        )

    def get(self, article_id: int) -> StoredArticle:
        row = self.db.execute("SELECT id, record, ingested_at FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFound(f"no article with id {article_id} in {self.path}")
        return StoredArticle(row["id"], json.loads(row["record"]), row["ingested_at"])

    def search(self, query: str, filters: SearchFilters | None = None, limit: int = 20,
               offset: int = 0, collapse: bool = False) -> SearchResult:
        terms = query_terms(query)
        clause, params = self._where(terms, filters or SearchFilters())
        source = ("articles a JOIN articles_fts ON articles_fts.rowid = a.id "
                  "LEFT JOIN story_members m ON m.article_id = a.id")
        rank = "bm25(articles_fts, 4.0, 1.0)" if terms else "0"
        order = "score, published_day DESC" if terms else "published_day DESC, id DESC"
        group = "coalesce(m.story_id, -a.id)" if collapse else "-a.id"
        matches = (f"SELECT a.id, a.title, a.agency_id, a.agency_name, a.published_day, a.lead, a.body, "
                   f"m.story_id, {rank} AS score, {group} AS grp FROM {source} WHERE {clause}")
        try:
            total = self.db.execute(f"SELECT count(DISTINCT {group}) FROM {source} WHERE {clause}",
                                    params).fetchone()[0]
            rows = self.db.execute(
                f"SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY grp ORDER BY {order}) AS rank_in_group, "
                f"count(*) OVER (PARTITION BY grp) AS group_size FROM ({matches})) WHERE rank_in_group = 1 "
                f"ORDER BY {order} LIMIT ? OFFSET ?", [*params, limit, offset],
            ).fetchall()
            facets = self._facets(f"SELECT a.id FROM {source} WHERE {clause}", params)
        except sqlite3.OperationalError as exc:
            raise StoreError(f"search failed for {query!r}: {exc}") from None
        hits = [
            Hit(r["id"], r["title"], r["agency_id"], r["agency_name"], r["published_day"],
                make_snippet(r["body"], terms) if terms else (r["lead"] or r["body"])[:SNIPPET_CHARS],
                -float(r["score"]), r["story_id"], r["group_size"] - 1)
            for r in rows
        ]
        return SearchResult(query, total, hits, facets)

    @staticmethod
    def _where(terms: list[str], filters: SearchFilters) -> tuple[str, list]:
        where, params = [], []
        if terms:
            where.append("articles_fts MATCH ?")
            params.append(match_expression(terms))
        if filters.agency:
            where.append("a.agency_id = ?")
            params.append(filters.agency)
        if filters.since:
            where.append("a.published_day >= ?")
            params.append(filters.since.isoformat())
        if filters.until:
            where.append("a.published_day <= ?")
            params.append(filters.until.isoformat())
        for kind, text in filters.entities:
            where.append("a.id IN (SELECT article_id FROM entities WHERE type = ? AND key = ?)")
            params += [kind, entity_key(text)]
        return " AND ".join(where) or "1", params

    def _facets(self, ids_sql: str, params: list) -> dict[str, dict[str, int]]:
        """Counts of articles by agency, and by the most frequent people, organizations and places."""
        facets = {"agency": {(r[0] or "?"): r[1] for r in self.db.execute(
            f"SELECT agency_id, count(*) FROM articles WHERE id IN ({ids_sql}) GROUP BY agency_id "
            "ORDER BY count(*) DESC LIMIT 20", params)}}
        marks = ",".join("?" * len(FACET_TYPES))
        rows = self.db.execute(
            f"SELECT type, min(text), count(DISTINCT article_id) AS n FROM entities WHERE type IN ({marks}) "
            f"AND article_id IN ({ids_sql}) GROUP BY type, key ORDER BY n DESC", [*FACET_TYPES, *params])
        for kind, text, n in rows:
            bucket = facets.setdefault(kind, {})
            if len(bucket) < FACET_SIZE:
                bucket[text] = n
        return facets


__all__ = ["SQLiteStore", "make_snippet", "query_terms"]
