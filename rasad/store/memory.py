"""The in-memory store: the whole Store contract in Python dictionaries, kept by name for the life of
the process (`memory://NAME`; every `open_store` of one name sees the same data). It is the second
backend behind the interface: tests of the CLI and the monitor run on it, and the contract suite
holds it to what the SQLite store does, down to the order of results and the BM25 scores."""

from __future__ import annotations

import copy
import json
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from rasad.errors import InputError, NotFound, StoreError
from rasad.link.people import person_key as entity_key
from rasad.models import Article
from rasad.store.base import Store, text_hash
from rasad.store.memory_people import MemoryPeople, PeopleData
from rasad.store.memory_reprocess import MemoryReprocess, ReprocessData
from rasad.store.memory_watch import MemoryWatches, WatchData
from rasad.store.search import Query, Term, bm25, bm25_average, index_fields, make_snippet, occurrences, words_of
from rasad.store.values import (
    FACET_SAMPLE,
    FACET_SIZE,
    FACET_TYPES,
    ORDERS,
    PAGE_ATTEMPTS,
    AddResult,
    Counted,
    DayCount,
    Facet,
    Hit,
    HitStream,
    IdRange,
    PendingPage,
    SearchFilters,
    SearchResult,
    SignedArticle,
    SourceStatus,
    StoredArticle,
    Story,
    StoryArticle,
    StoryOrder,
)


@dataclass(slots=True)
class Row:
    id: int
    url: str | None
    text_hash: str
    file: str | None
    record: dict[str, Any]
    ingested_at: str
    title: str
    lead: str | None
    body: str
    agency_id: str | None
    agency_name: str | None
    published: str | None  # ISO 8601
    day: str | None  # YYYY-MM-DD
    title_words: list[str]
    body_words: list[str]
    entities: list[tuple[str, str, str]]  # (type, key, text)


@dataclass
class Data(PeopleData, WatchData, ReprocessData):
    """One named store's contents."""

    lock: threading.RLock = field(default_factory=threading.RLock)
    articles: dict[int, Row] = field(default_factory=dict)
    by_url: dict[str, int] = field(default_factory=dict)
    by_hash: dict[str, int] = field(default_factory=dict)
    feed_state: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    source_state: dict[str, SourceStatus] = field(default_factory=dict)
    source_daily: dict[tuple[str, str], int] = field(default_factory=dict)
    seen: dict[str, dict[str, Any]] = field(default_factory=dict)
    signatures: dict[int, tuple[bytes, bytes]] = field(default_factory=dict)
    story_members: dict[int, tuple[int, str | None]] = field(default_factory=dict)


_STORES: dict[str, Data] = {}
_STORES_LOCK = threading.Lock()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _counted(query: Query, row: Row) -> list[tuple[int, int]]:
    """(in title, in body) of every phrase of the match expression (`Query.scored`, then
    `Query.excluded`), as FTS5's bm25 counts them: none for the terms of an alternative of several
    terms the article does not hold whole (`وزیر کشور` where only `وزیرکشور` matched), since FTS5
    clears the positions of an OR's branch that failed."""
    def count(term: Term) -> tuple[int, int]:
        return occurrences(term, row.title_words), occurrences(term, row.body_words)

    counts = []
    for clause in query.required:
        for alternative in clause:
            found = [count(t) for t in alternative]
            whole = len(clause) == 1 or all(c != (0, 0) for c in found)
            counts += found if whole else [(0, 0)] * len(found)
    return counts + [count(t) for t in query.excluded]


def _newest_first(ids: Iterable[int], day: dict[int, str | None]) -> list[int]:
    """Ids by day, newest first and undated last, then by id, highest first (as SQL's
    `ORDER BY day DESC, id DESC` does)."""
    ordered = sorted(ids, reverse=True)
    ordered.sort(key=lambda i: day[i] or "", reverse=True)
    return ordered


class MemoryStore(MemoryPeople, MemoryWatches, MemoryReprocess, Store):
    def __init__(self, url: str, write: bool = True) -> None:
        self.url = url
        name = url.removeprefix("memory://")
        self.writable = write
        with _STORES_LOCK:
            if name not in _STORES:
                if not write:
                    raise StoreError(f"{url}: no such store in this process")
                _STORES[name] = Data()
            self.data = _STORES[name]

    @staticmethod
    def forget(url: str) -> None:
        """Drop a named store's contents (tests start afresh with it)."""
        with _STORES_LOCK:
            _STORES.pop(url.removeprefix("memory://"), None)

    def close(self) -> None:
        pass

    def _writing(self) -> threading.RLock:
        if not self.writable:
            raise StoreError(f"{self.url}: the store is open for reading only")
        return self.data.lock

    def count(self) -> int:
        return len(self.data.articles)

    # writing

    def add(self, article: Article) -> AddResult:
        record = article.to_record()
        digest = text_hash(article)
        with self._writing():
            d = self.data
            found = d.by_url.get(article.url) if article.url else None
            if found is None or (d.articles[found].text_hash != digest and digest in d.by_hash):
                found = d.by_hash.get(digest, found)  # the same text under another article is that article
            if found is not None and d.articles[found].text_hash == digest:
                return AddResult(found, "unchanged")
            if found is None:
                article_id = max(d.articles, default=0) + 1
                status = "added"
            else:
                article_id = found
                self._unstore(article_id)
                status = "updated"
            self._store(article_id, article, record, digest, _now())
        return AddResult(article_id, status)  # type: ignore[arg-type]

    def replace_enrichments(self, article_id: int, article: Article) -> bool:
        record = article.to_record()
        with self._writing():
            old = self.data.articles.get(article_id)
            if old is None:
                raise NotFound(f"no article with id {article_id} in {self.url}")
            article.url, article.file = old.url, old.file
            record["url"], record["file"] = old.url, old.file
            if json.loads(json.dumps(record, ensure_ascii=False)) == old.record:
                return False
            digest = text_hash(article)
            if self.data.by_hash.get(digest, article_id) != article_id:
                raise StoreError(f"article {article_id}: its reprocessed text is that of another stored article")
            self._unstore(article_id)
            self._store(article_id, article, record, digest, old.ingested_at)
        return True

    def _store(self, article_id: int, article: Article, record: dict[str, Any], digest: str, when: str) -> None:
        title, body = index_fields(article)
        row = Row(article_id, article.url, digest, article.file, json.loads(json.dumps(record, ensure_ascii=False)),
                  when, article.title, article.lead, article.body, article.agency.id if article.agency else None,
                  article.agency.name if article.agency else None,
                  article.published.isoformat() if article.published else None, record["published"],
                  words_of(title), words_of(body), [(e.type, entity_key(e.text), e.text) for e in article.entities])
        d = self.data
        d.articles[article_id] = row
        if article.url:
            d.by_url[article.url] = article_id
        d.by_hash[digest] = article_id
        self._link_people(article_id, article, row.day)

    def _unstore(self, article_id: int) -> None:
        row = self.data.articles.pop(article_id)
        if row.url:
            self.data.by_url.pop(row.url, None)
        self.data.by_hash.pop(row.text_hash, None)
        self._unlink_people(article_id)

    # reading

    def get(self, article_id: int) -> StoredArticle:
        row = self.data.articles.get(article_id)
        if row is None:
            raise NotFound(f"no article with id {article_id} in {self.url}")
        return StoredArticle(row.id, copy.deepcopy(row.record), row.ingested_at)

    def documents_with(self, word: str) -> int:
        """How many articles hold a word of the index (a search key's word)."""
        with self.data.lock:
            return sum(1 for r in self.data.articles.values() if word in r.title_words or word in r.body_words)

    def holds(self, word: str) -> bool:
        with self.data.lock:
            return any(word in r.title_words or word in r.body_words for r in self.data.articles.values())

    def _matching(self, query: Query, filters: SearchFilters | None) -> list[Row]:
        f = filters or SearchFilters()
        wanted = [(kind, entity_key(text)) for kind, text in f.entities]
        rows = []
        for row in self.data.articles.values():
            if f.agency and row.agency_id != f.agency:
                continue
            if (f.since or f.until) and row.day is None:
                continue
            if (f.since and row.day < f.since.isoformat()) or (f.until and row.day > f.until.isoformat()):  # type: ignore[operator]
                continue
            if any(not any(e[0] == kind and e[1] == key for e in row.entities) for kind, key in wanted):
                continue
            if (query or query.excluded) and not query.holds(
                    lambda t, row=row: bool(occurrences(t, row.title_words) or occurrences(t, row.body_words))):  # type: ignore[misc]
                continue
            rows.append(row)
        return rows

    def _scores(self, query: Query, rows: list[Row]) -> dict[int, float]:
        terms = query.scored + query.excluded  # the phrases of the match expression, as FTS5 counts them
        if not query:
            return {row.id: 0.0 for row in rows}
        everything = list(self.data.articles.values())
        n = len(everything)
        average = bm25_average(sum(len(r.title_words) + len(r.body_words) for r in everything), n)
        holding = [sum(1 for r in everything if occurrences(t, r.title_words) or occurrences(t, r.body_words))
                   for t in terms]
        return {row.id: bm25(_counted(query, row), holding, n, len(row.title_words) + len(row.body_words), average)
                for row in rows}

    def search(self, query: str, filters: SearchFilters | None = None, limit: int = 20,
               offset: int = 0, collapse: bool = False, order: str = "relevance") -> SearchResult:
        parsed = self.parse(query)
        with self.data.lock:
            matched = self._matching(parsed, filters)
            rows = matched
            if parsed and order == "relevance" and len(matched) > self.search_window:  # the newest by arrival
                rows = sorted(matched, key=lambda r: r.id)[-self.search_window:]
            ordered, groups = self._ranked(parsed, rows, collapse, order)
            hits = self._hits(parsed.words, groups[offset:offset + limit])
            sample = [self.data.articles[i] for i in ordered[:FACET_SAMPLE]]
            facets = {"agency": {c.value: c.articles for c in self._top(rows, "agency", 20)}}
            for kind in FACET_TYPES:
                facets[kind] = {c.value: c.articles for c in self._top(sample, kind, FACET_SIZE)}
        windowed = len(rows) < len(matched)
        total = len(matched) if windowed and not collapse else len(groups)
        return SearchResult(query, total, hits, facets, len(sample), len(rows) if windowed else None)

    def iter_hits(self, query: str, filters: SearchFilters | None = None, collapse: bool = False,
                  batch: int = 500, order: str = "relevance") -> HitStream:
        parsed = self.parse(query)
        with self.data.lock:
            _, groups = self._ranked(parsed, self._matching(parsed, filters), collapse, order)

        def batches() -> Iterator[Hit]:
            for start in range(0, len(groups), max(1, batch)):
                with self.data.lock:
                    found = self._hits(parsed.words, groups[start:start + max(1, batch)])
                yield from found

        return HitStream(len(groups), batches())

    def _ranked(self, parsed: Query, rows: list[Row], collapse: bool,
                order: str) -> tuple[list[int], list[tuple[int, float, int]]]:
        """The ids of the matching `rows` in order, and the hits as (id, score, others folded in).
        `relevance`: the plain words side by side first, by the phrase's own BM25; then BM25; then
        the newest, then the last stored. `newest`: by day and id."""
        if order not in ORDERS:
            raise InputError(f"order {order!r}", f"unknown; one of {', '.join(ORDERS)}")
        scores = self._scores(parsed, rows)
        ordered = _newest_first(scores, {r.id: r.day for r in rows})
        if parsed and order == "relevance":
            ordered.sort(key=lambda i: -scores[i])
            if parsed.adjacent:
                side = self._scores(Query(required=[[(parsed.adjacent,)]]), rows)
                held = {i for i in side if self._side_by_side(i, parsed.adjacent)}
                ordered.sort(key=lambda i: -side[i] if i in held else float("inf"))
        groups: dict[int, list[int]] = {}
        for article_id in ordered:
            story = self.data.story_members.get(article_id, (None,))[0]
            groups.setdefault(story if collapse and story is not None else -article_id, []).append(article_id)
        return ordered, [(m[0], scores[m[0]], len(m) - 1) for m in groups.values()]

    def _side_by_side(self, article_id: int, words: tuple[str, ...]) -> bool:
        row = self.data.articles[article_id]
        return bool(occurrences(words, row.title_words) or occurrences(words, row.body_words))

    def _hits(self, words: set[str], chosen: list[tuple[int, float, int]]) -> list[Hit]:
        hits = []
        for article_id, score, also in chosen:
            row = self.data.articles.get(article_id)
            if row is None:  # gone since it was matched
                continue
            snippet = make_snippet(row.body, words) if words else make_snippet(row.lead or row.body, [])
            hits.append(Hit(row.id, row.title, row.agency_id, row.agency_name, row.day, snippet, score,
                            self.data.story_members.get(row.id, (None,))[0], also, row.url))
        return hits

    def articles_per_day(self, query: str = "", filters: SearchFilters | None = None) -> list[DayCount]:
        with self.data.lock:
            days = Counter(r.day for r in self._matching(self.parse(query), filters) if r.day)
        return [DayCount(day, n) for day, n in sorted(days.items())]

    def day_range(self, filters: SearchFilters | None = None) -> tuple[str | None, str | None]:
        with self.data.lock:
            days = [r.day for r in self._matching(Query(), filters) if r.day]
        return (min(days), max(days)) if days else (None, None)

    def top(self, facet: Facet, filters: SearchFilters | None = None, query: str = "",
            limit: int = 10) -> list[Counted]:
        with self.data.lock:
            return self._top(self._matching(self.parse(query), filters), facet, limit)

    @staticmethod
    def _top(rows: list[Row], facet: str, limit: int) -> list[Counted]:
        if facet == "agency":
            counts = Counter(r.agency_id or "?" for r in rows)
            return [Counted(v, n) for v, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]
        names: dict[str, str] = {}
        articles: dict[str, set[int]] = {}
        for row in rows:
            for kind, key, text in row.entities:
                if kind == facet:
                    names[key] = min(names.get(key, text), text)
                    articles.setdefault(key, set()).add(row.id)
        ranked = sorted(((names[k], len(a)) for k, a in articles.items()), key=lambda vn: (-vn[1], vn[0]))
        return [Counted(v, n) for v, n in ranked[:limit]]

    def id_ranges(self, size: int, filters: SearchFilters | None = None) -> list[IdRange]:
        with self.data.lock:
            ids = sorted(r.id for r in self._matching(Query(), filters))
        size = max(1, size)
        return [IdRange(ids[i], ids[min(i + size, len(ids)) - 1], len(ids[i:i + size]))
                for i in range(0, len(ids), size)]

    def iter_articles(self, first: int | None = None, last: int | None = None,
                      filters: SearchFilters | None = None) -> Iterator[StoredArticle]:
        with self.data.lock:
            ids = sorted(r.id for r in self._matching(Query(), filters)
                         if (first is None or r.id >= first) and (last is None or r.id <= last))
        for article_id in ids:
            if article_id in self.data.articles:
                yield self.get(article_id)

    # monitor state

    def feed_states(self) -> dict[str, dict[str, Any]]:
        return {url: copy.deepcopy(state) for url, (_, state) in self.data.feed_state.items()}

    def save_feed_state(self, url: str, source: str, state: dict[str, Any]) -> None:
        with self._writing():
            self.data.feed_state[url] = (source, json.loads(json.dumps(state)))

    def record_poll(self, name: str, error: str | None, new_items: int, when: str | None = None) -> None:
        when = when or _now()
        with self._writing():
            status = self.data.source_state.setdefault(name, SourceStatus(name))
            status.last_polled = when
            if error:
                status.last_error, status.errors = error, status.errors + 1
                status.failing_since = status.failing_since or when
            else:
                status.last_success, status.failing_since, status.items = when, None, status.items + new_items
            if new_items:
                key = (name, when[:10])
                self.data.source_daily[key] = self.data.source_daily.get(key, 0) + new_items

    def source_states(self, days: int = 7) -> dict[str, SourceStatus]:
        with self.data.lock:
            states = {name: SourceStatus(s.name, s.last_polled, s.last_success, s.last_error, s.errors,
                                         s.failing_since, s.items) for name, s in self.data.source_state.items()}
            for (name, day), items in sorted(self.data.source_daily.items(), key=lambda kv: kv[0][1], reverse=True):
                status = states.get(name)
                if status is not None and len(status.items_per_day) < days:
                    status.items_per_day[day] = items
        return states

    def is_seen(self, url: str, page_attempts: int = PAGE_ATTEMPTS) -> bool:
        item = self.data.seen.get(url)
        return item is not None and (item["page_ok"] or item["attempts"] >= page_attempts)

    def mark_seen(self, url: str, source: str, article_id: int | None, page_ok: bool = True) -> None:
        with self._writing():
            item = self.data.seen.get(url)
            if item is None:
                self.data.seen[url] = {"source": source, "first_seen": _now(), "article_id": article_id,
                                       "page_ok": page_ok, "attempts": 1}
            else:
                item.update(attempts=item["attempts"] + 1, page_ok=page_ok,
                            article_id=article_id if article_id is not None else item["article_id"])

    def pending_pages(self, source: str, page_attempts: int = PAGE_ATTEMPTS) -> list[PendingPage]:
        with self.data.lock:
            found = [(item["first_seen"], url, self.data.articles[item["article_id"]])
                     for url, item in self.data.seen.items()
                     if item["source"] == source and not item["page_ok"] and item["attempts"] < page_attempts
                     and item["article_id"] in self.data.articles]
        return [PendingPage(url, row.title, row.published) for _, url, row in sorted(found, key=lambda f: f[:2])]

    # stories

    def save_signatures(self, article_id: int, duplicate: bytes, topic: bytes) -> None:
        with self._writing():
            self.data.signatures[article_id] = (bytes(duplicate), bytes(topic))

    def _by_time(self, ids: Iterable[int]) -> list[int]:
        """Ids by publication time, undated first, then by id (SQL's `ORDER BY published, id`)."""
        rows = self.data.articles
        return sorted(ids, key=lambda i: (rows[i].published is not None, rows[i].published or "", i))

    def signed_articles(self, since: date | None = None) -> Iterator[SignedArticle]:
        with self.data.lock:
            ids = [i for i in self.data.signatures if i in self.data.articles
                   and (since is None or self.data.articles[i].day is None
                        or self.data.articles[i].day >= since.isoformat())]  # type: ignore[operator]
            chosen = [(i, *self.data.signatures[i]) for i in self._by_time(ids)]
        for article_id, duplicate, topic in chosen:
            yield SignedArticle(article_id, self.get(article_id).record, duplicate, topic)

    def unsigned_articles(self, ingested_since: str) -> list[int]:
        with self.data.lock:
            return sorted(i for i, row in self.data.articles.items()
                          if row.ingested_at >= ingested_since and i not in self.data.signatures)

    def save_story(self, first_id: int, members: list[tuple[int, str | None]]) -> None:
        with self._writing():
            for article_id, how in members:
                self.data.story_members[article_id] = (first_id, how)

    def story_of(self, article_id: int) -> int | None:
        member = self.data.story_members.get(article_id)
        return member[0] if member else None

    def story(self, story_id: int) -> Story:
        with self.data.lock:
            members = {i: how for i, (s, how) in self.data.story_members.items() if s == story_id
                       and i in self.data.articles}
            rows = self.data.articles
            articles = [StoryArticle(i, rows[i].url, rows[i].agency_id, rows[i].published, rows[i].title, members[i])
                        for i in self._by_time(members)]
        if not articles:
            raise NotFound(f"no story with id {story_id} in the store")
        first = next((a for a in articles if a.id == story_id), articles[0])
        return Story(story_id, first, articles)

    def stories(self, min_size: int = 2, since: date | None = None, limit: int = 50, until: date | None = None,
                order: StoryOrder = "newest") -> list[Story]:
        with self.data.lock:
            rows = self.data.articles
            members: dict[int, list[int]] = {}
            for article_id, (story_id, _) in self.data.story_members.items():
                if article_id in rows:
                    members.setdefault(story_id, []).append(article_id)

            def within(day: str | None) -> bool:
                if since is None and until is None:
                    return True
                return day is not None and (since is None or day >= since.isoformat()) and \
                    (until is None or day <= until.isoformat())

            ids = [s for s, m in members.items() if len(m) >= min_size and s in rows and within(rows[s].day)]
            ordered = sorted(ids, reverse=True)
            ordered.sort(key=lambda s: rows[s].published or "", reverse=True)
            if order == "agencies":
                ordered.sort(key=lambda s: (len({rows[i].agency_id for i in members[s]} - {None}), len(members[s])),
                             reverse=True)
        return [self.story(s) for s in ordered[:limit]]


__all__ = ["MemoryStore"]
