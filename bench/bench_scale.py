"""The store at scale, SQLite and PostgreSQL side by side in one run: N articles (default 100,000)
built from the real articles of ../shared/data exactly as bench/bench_web.py builds its store (the
same bases, copies, days, agencies and stories, from the same seed), stored into both backends.

Measured for each backend, one after the other on the same articles:
- storing: the first N-2,000 articles into SQLite in transactions of 1,000 (a bulk load), copied
  to PostgreSQL by `rasad migrate-store` (how an archive moves over; storing 100,000 articles
  one by one through PostgreSQL's store.add takes hours on 2 loaded cores); then the last 2,000
  into both one transaction each (as `rasad ingest` and the monitor store them), both at once, one
  process each, so each is timed under the same load from the other: articles per second of the
  store's own work (making the copies is not timed);
- search: ten typical Persian queries (bench_web's), each plain, with an agency, with a date range,
  with both and an entity, page 3, and collapsed by story (every search counts its facets: agency,
  people, organizations, places): median and 95th percentile, the facet caches emptied before
  every call (a first visit);
- the dashboard's aggregations: top agencies, people, organizations and places of a week and of a
  month, articles per day, the day range, the stories of a week, the latest quotes;
- storage: the SQLite file (with its WAL) and the PostgreSQL database's size.

PostgreSQL runs in a throwaway server of this machine (rasad.store.postgres_server) with
`synchronous_commit=off`, the durability SQLite's WAL with synchronous=NORMAL gives (a power cut may
lose the last transactions, never corrupts); both on one disk, both with default caches.

usage: python bench/bench_scale.py [--articles N] [--rounds R] [--cache DIR]
Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_web import END, QUERIES, SEED, base_articles, percentile, variant
from bench.common import timer
from rasad.models import Article
from rasad.store import open_store
from rasad.store.base import Store
from rasad.store.values import SearchFilters

ONE_BY_ONE = 2000  # the last articles, stored one transaction each (--one-by-one)


def copies(bases: list[Article], n: int) -> Iterator[tuple[Article, int]]:
    """bench_web's sequence of copies: (article, position in its group of five)."""
    rng = random.Random(SEED)
    first_day = END
    base = bases[0]
    for i in range(n):
        position = i % 5
        if position in (0, 3, 4):
            base = bases[rng.randrange(len(bases))]
            first_day = END - timedelta(days=rng.randrange(365), minutes=rng.randrange(1440))
            day = first_day
        else:
            day = first_day + timedelta(hours=rng.randrange(1, 12))
        yield variant(base, i + 1, day, rng.randrange(1000)), position


def fill_bulk(store: Store, stream: Iterator[tuple[Article, int]], n: int) -> float:
    """Store `n` copies in transactions of 1,000; returns articles/s, the store's time only."""
    took = 0.0
    story: list[tuple[int, str | None]] = []
    db: Any = store.db  # type: ignore[attr-defined]
    done = 0
    while done < n:
        batch = [next(stream) for _ in range(min(1000, n - done))]
        start = time.perf_counter()
        with db.write():
            for article, position in batch:
                story = _store(store, article, position, story)
        took += time.perf_counter() - start
        done += len(batch)
        print(f"  {type(store).__name__}: {done} articles", file=sys.stderr, flush=True)
    return n / took


def fill_one_by_one(store: Store, articles: list[tuple[Article, int]]) -> float:
    """Store articles one transaction each, as `rasad ingest` does; returns articles/s."""
    story: list[tuple[int, str | None]] = []
    start = time.perf_counter()
    for article, position in articles:
        story = _store(store, article, position, story)
    return len(articles) / (time.perf_counter() - start)


def _store(store: Store, article: Article, position: int,
           story: list[tuple[int, str | None]]) -> list[tuple[int, str | None]]:
    result = store.add(article)
    if position == 0:
        return [(result.id, None)]
    if position <= 2:
        story.append((result.id, "republished"))
        if position == 2:
            store.save_story(story[0][0], story)
    return story


def _fill_one(url: str, articles: list[tuple[Article, int]], answer: Any) -> None:
    with open_store(url) as store:
        answer.put(fill_one_by_one(store, articles))


def one_by_one_side_by_side(urls: dict[str, str], articles: list[tuple[Article, int]]) -> dict[str, float]:
    """The same articles stored into both stores at once, one process each (forked): each under the
    same load from the other."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    answers = {name: context.Queue() for name in urls}
    workers = {name: context.Process(target=_fill_one, args=(url, articles, answers[name]))
               for name, url in urls.items()}
    for worker in workers.values():
        worker.start()
    rates = {name: answers[name].get() for name in urls}
    for name, worker in workers.items():
        worker.join()
        if worker.exitcode:
            raise SystemExit(f"{name}: storing failed ({worker.exitcode})")
    return rates


def searches() -> list[tuple[str, str, SearchFilters, int, bool]]:
    """(kind, query, filters, offset, collapse) of every timed search."""
    month = SearchFilters(since=date(2025, 10, 15), until=date(2025, 11, 14))
    asked = []
    for q in QUERIES:
        asked += [("plain", q, SearchFilters(), 0, False),
                  ("agency", q, SearchFilters(agency="IRNA"), 0, False),
                  ("month", q, month, 0, False),
                  ("agency+month+entity", q, SearchFilters(agency="IRNA", since=month.since, until=month.until,
                                                           entities=[("ORG", "دولت")]), 0, False),
                  ("page 3", q, SearchFilters(), 40, False),
                  ("collapsed", q, SearchFilters(), 0, True)]
    return asked


def dashboard() -> list[tuple[str, Callable[[Store], object]]]:
    week = SearchFilters(since=END.date() - timedelta(days=6), until=END.date())
    month = SearchFilters(since=END.date() - timedelta(days=29), until=END.date())
    return [
        ("top agencies, week", lambda s: s.top("agency", week)),
        ("top people, week", lambda s: s.top("PER", week)),
        ("top organizations, month", lambda s: s.top("ORG", month)),
        ("top places, month", lambda s: s.top("LOC", month)),
        ("articles per day, month", lambda s: s.articles_per_day("", month)),
        ("day range", lambda s: s.day_range()),
        ("stories of a week", lambda s: s.stories(since=week.since, limit=10)),
        ("latest quotes", lambda s: s.quotes(limit=10)),
        ("browse, newest", lambda s: s.search("", None)),
    ]


def clear_caches() -> None:
    from rasad.store.postgres import FACETS as PG_FACETS
    from rasad.store.sqlite import FACETS

    FACETS.clear()
    PG_FACETS.clear()


def timed(call: Callable[[], object], rounds: int) -> list[float]:
    call()
    values = []
    for _ in range(rounds):
        clear_caches()
        start = time.perf_counter()
        call()
        values.append((time.perf_counter() - start) * 1000)
    return values


def size_of(store_url: str, sqlite_path: Path | None) -> float:
    if sqlite_path is not None:
        return sum(p.stat().st_size for p in sqlite_path.parent.glob(sqlite_path.name + "*")) / 1e6
    import psycopg

    with psycopg.connect(store_url) as conn:
        row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
    return int(row[0]) / 1e6 if row else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3, help="times each search is timed (after one warm-up)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "rasad-bench-scale",
                        help="where the SQLite store is built (kept with its bulk-load rate: a rerun copies it "
                             "into a fresh PostgreSQL and times the rest)")
    parser.add_argument("--one-by-one", type=int, default=2000, help="the last articles, one transaction each")
    args = parser.parse_args()
    global ONE_BY_ONE
    ONE_BY_ONE = args.one_by_one
    if args.articles <= ONE_BY_ONE:
        raise SystemExit(f"--articles must be over {ONE_BY_ONE}")

    from rasad.store.postgres_server import Server

    with timer() as took:
        bases = base_articles()
    print(f"{len(bases)} base articles parsed and enriched in {took[0]:.0f} s", file=sys.stderr)
    args.cache.mkdir(parents=True, exist_ok=True)
    sqlite_path = args.cache / f"scale-{args.articles}-{ONE_BY_ONE}.db"
    built = args.cache / f"scale-{args.articles}-{ONE_BY_ONE}.bulk-rate"
    if not built.exists():
        for old in args.cache.glob(sqlite_path.name + "*"):
            old.unlink()
    bulk_saved = built.read_text() if built.exists() else None
    server = Server(fast=False, settings={"synchronous_commit": "off"})
    try:
        import psycopg

        with psycopg.connect(server.url(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE scale")
        backends = {"SQLite": (f"sqlite:///{sqlite_path}", sqlite_path), "PostgreSQL": (server.url("scale"), None)}
        stream = copies(bases, args.articles)
        if bulk_saved is None:
            print(f"SQLite: storing {args.articles - ONE_BY_ONE} articles", file=sys.stderr)
            with open_store(backends["SQLite"][0]) as store:
                bulk = fill_bulk(store, stream, args.articles - ONE_BY_ONE)
            built.write_text(str(bulk))
            for f in args.cache.glob(sqlite_path.name + "*"):  # the store as it was after the bulk load
                shutil.copyfile(f, f.with_name(f.name.replace(".db", ".bulk.db")))
        else:
            bulk = float(bulk_saved)
            for f in args.cache.glob(sqlite_path.name.replace(".db", ".bulk.db") + "*"):
                shutil.copyfile(f, f.with_name(f.name.replace(".bulk.db", ".db")))
            for _ in range(args.articles - ONE_BY_ONE):
                next(stream)
        print("PostgreSQL: rasad migrate-store from the SQLite store", file=sys.stderr)
        from rasad.store.transfer import Transfer

        start = time.perf_counter()
        transfer = Transfer(backends["SQLite"][0], backends["PostgreSQL"][0], batch=1000)
        try:
            checks = transfer.run(lambda step, rows: print(f"  {step}: +{rows}", file=sys.stderr, flush=True))
        finally:
            transfer.close()
        copied = (args.articles - ONE_BY_ONE) / (time.perf_counter() - start)
        if not all(c.ok for c in checks):
            raise SystemExit(f"the copy differs: {[c.table for c in checks if not c.ok]}")
        print(f"storing the last {ONE_BY_ONE} one transaction each, both at once", file=sys.stderr)
        last = list(stream)
        single = one_by_one_side_by_side({n: u for n, (u, _) in backends.items()}, last)
        if True:  # PostgreSQL's planner statistics, as autovacuum would have them after a load
            with psycopg.connect(server.url("scale"), autocommit=True) as conn:
                conn.execute("VACUUM ANALYZE")
        print(f"\n{args.articles:,} articles; {args.rounds} timed rounds after a warm-up, facet caches emptied "
              "before each call\n")
        print("| | " + " | ".join(backends) + " |")
        print("|---|" + "---:|" * len(backends))
        print(f"| bulk load of {args.articles - ONE_BY_ONE:,} articles, articles/s | {bulk:,.0f} (store.add, 1,000 a "
              f"transaction) | {copied:,.0f} (`rasad migrate-store` from the SQLite store, verified) |")
        print(f"| ingest, articles/s (store.add one a transaction, the last {ONE_BY_ONE:,}, both at once) | "
              + " | ".join(f"{single[n]:,.0f}" for n in backends) + " |")
        print("| storage, MB | " + " | ".join(f"{size_of(u, p):,.0f}" for u, p in backends.values()) + " |")

        results: dict[str, dict[str, list[float]]] = {}
        totals: dict[str, dict[str, int]] = {}
        pages: dict[str, dict[str, list[tuple[int, float]]]] = {}
        for name, (url, _) in backends.items():
            results[name], totals[name], pages[name] = {}, {}, {}
            with open_store(url, write=False) as store:
                for kind, q, filters, offset, collapse in searches():
                    def call(s: Store = store, q: str = q, f: SearchFilters = filters, o: int = offset,
                             c: bool = collapse) -> object:
                        return s.search(q, f, limit=20, offset=o, collapse=c)
                    results[name].setdefault(kind, []).extend(timed(call, args.rounds))
                    found = store.search(q, filters, limit=20, offset=offset, collapse=collapse)
                    totals[name][f"{kind} {q}"] = found.total
                    pages[name][f"{kind} {q}"] = [(h.id, round(h.score, 6)) for h in found.hits]
                for label, ask in dashboard():
                    results[name][label] = timed(lambda s=store, ask=ask: ask(s), args.rounds)  # type: ignore[misc]
        differ = [k for k in totals["SQLite"] if totals["SQLite"][k] != totals["PostgreSQL"][k]]
        print(f"\nsearches with the same number of hits on both: {len(totals['SQLite']) - len(differ)} of "
              f"{len(totals['SQLite'])}{' (differ: ' + ', '.join(differ) + ')' if differ else ''}")
        unlike = [k for k in pages["SQLite"] if pages["SQLite"][k] != pages["PostgreSQL"][k]]
        print(f"searches whose page of 20 hits is the same on both (ids, order, scores to 6 places): "
              f"{len(pages['SQLite']) - len(unlike)} of {len(pages['SQLite'])}"
              f"{' (differ: ' + ', '.join(unlike) + ')' if unlike else ''}\n")
        print("| call (10 queries each for searches) | " + " | ".join(f"{n} median / p95 ms" for n in backends) + " |")
        print("|---|" + "---:|" * len(backends))
        for kind in results["SQLite"]:
            cells = [f"{statistics.median(results[n][kind]):,.1f} / {percentile(results[n][kind], 95):,.1f}"
                     for n in backends]
            print(f"| {kind} | " + " | ".join(cells) + " |")
        every = {n: [v for vs in results[n].values() for v in vs] for n in backends}
        print("| all searches and aggregations | " + " | ".join(
            f"{statistics.median(every[n]):,.1f} / {percentile(every[n], 95):,.1f}" for n in backends) + " |")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
