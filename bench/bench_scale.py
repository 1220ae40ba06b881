"""The store at scale, SQLite and PostgreSQL: search latency, the dashboard's aggregations, storage
and the rate of storing new articles, at N articles (default 100,000; 1,000,000 measured too).

How the stores are made (bench/grow_store.py says it in full): bench/bench_web.py's store of
100,000 articles (real articles of ../shared/data, each stored as five variants with another agency,
day, URL, title tag and last sentence, in stories of three; its cache, built by `python
bench/bench_web.py --articles 100000` when absent) is the source. SQLite: the source copied, then
grown to N by copies made inside the database (new ids, URLs, agencies and days; every enrichment
and the FTS5 index copied with them). PostgreSQL: the source copied by `rasad migrate-store` (timed:
how an archive moves over), then grown to N the same way inside PostgreSQL (the GIN and other indexes
rebuilt after the copies). Both stores hold the same articles with the same ids.

Measured for each backend:
- search: ten typical Persian queries (bench_web's), each plain, with an agency, with a date range,
  with both and an entity, page 3, and collapsed by story (every search counts its facets: agency,
  people, organizations, places): median and 95th percentile of the wall clock, and the median CPU
  time of this process (the client: all of SQLite's work, PostgreSQL's Python side), the facet
  caches emptied before every call (a first visit); with the search window (values.SEARCH_WINDOW)
  and, with --unwindowed R, without it (every match ranked) in the same run;
- the dashboard's aggregations: top agencies, people, organizations and places of a week and of a
  month, articles per day, the day range, the stories of a week, the latest quotes;
- storage: the SQLite file (with its WAL) and the PostgreSQL database's size;
- storing: the next 2,000 articles of bench_web's sequence, one transaction each (as `rasad
  ingest` and the monitor store them), into the grown store; with both backends, both at once, one
  process each, so each is timed under the same load from the other.

With both backends the searches run one backend after the other in one run. At 1,000,000 the two
stores do not fit on this machine's disk together: `--backends sqlite` then `--backends postgresql`
one after the other (the SQLite store is deleted at the end unless --keep); each run saves its
figures in --cache, and `--report` prints them side by side with the hits compared. `--pg-data DIR`
grows (or, already grown, measures) a PostgreSQL data directory kept from an earlier run (a
`pg_basebackup` of its server while it held the migrated source) instead of migrating again;
`--sweep` times plain and agency searches with several search windows (how SEARCH_WINDOW was chosen).

PostgreSQL runs in a throwaway server of this machine (rasad.store.postgres_server) with
`synchronous_commit=off`, the durability SQLite's WAL with synchronous=NORMAL gives (a power cut may
lose the last transactions, never corrupts); both on one disk, both with default caches.

usage: python bench/bench_scale.py [--articles N] [--backends sqlite postgresql] [--rounds R]
                                   [--unwindowed R] [--sweep WINDOW...] [--pg-data DIR] [--cache DIR]
                                   [--keep] [--report]
Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
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
from bench.grow_store import grow_postgres, grow_sqlite
from rasad.models import Article
from rasad.store import open_store
from rasad.store.base import Store
from rasad.store.values import SEARCH_WINDOW, SearchFilters

SOURCE = 100_000  # the articles of the source store (bench_web's)
UNLIMITED = 10**12  # a search window no query reaches: every match ranked


def copies(bases: list[Article], n: int, first: int = 0) -> Iterator[tuple[Article, int]]:
    """bench_web's sequence of copies from the `first`: (article, position in its group of five)."""
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
        agency = rng.randrange(1000)
        if i >= first:
            yield variant(base, i + 1, day, agency), position


def fill_one_by_one(store: Store, articles: list[tuple[Article, int]]) -> float:
    """Store articles one transaction each, as `rasad ingest` does; returns articles/s."""
    story: list[tuple[int, str | None]] = []
    start = time.perf_counter()
    for article, position in articles:
        result = store.add(article)
        if position == 0:
            story = [(result.id, None)]
        elif position <= 2:
            story.append((result.id, "republished"))
            if position == 2:
                store.save_story(story[0][0], story)
    return len(articles) / (time.perf_counter() - start)


def _fill_one(url: str, articles: list[tuple[Article, int]], answer: Any) -> None:
    with open_store(url) as store:
        answer.put(fill_one_by_one(store, articles))


def one_by_one_side_by_side(urls: dict[str, str], articles: list[tuple[Article, int]]) -> dict[str, float]:
    """The same articles stored into every store at once, one process each (forked): each under the
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


def searches(queries: list[str] | None = None) -> list[tuple[str, str, SearchFilters, int, bool]]:
    """(kind, query, filters, offset, collapse) of every timed search (of bench_web's ten queries, or `queries`)."""
    month = SearchFilters(since=date(2025, 10, 15), until=date(2025, 11, 14))
    asked = []
    for q in queries or QUERIES:
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
    """The facet counts and PostgreSQL's kept term counts emptied: a first search after a write."""
    from rasad.store.postgres import FACETS as PG_FACETS
    from rasad.store.postgres import TERM_COUNTS
    from rasad.store.sqlite import FACETS

    FACETS.clear()
    PG_FACETS.clear()
    TERM_COUNTS.clear()


def timed(call: Callable[[], object], rounds: int, warm: bool = True) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of `rounds` calls (after a warm-up call)."""
    if warm:
        call()
    wall, cpu = [], []
    for _ in range(rounds):
        clear_caches()
        start, start_cpu = time.perf_counter(), time.process_time()
        call()
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return wall, cpu


def size_of(store_url: str) -> float:
    if store_url.startswith("sqlite://"):
        from rasad.store.sqlite import path_of

        path = path_of(store_url)
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6
    import psycopg

    with psycopg.connect(store_url) as conn:
        row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
    return int(row[0]) / 1e6 if row else 0.0


def source_store(cache: Path) -> Path:
    """bench_web's store of 100,000 articles (built when absent)."""
    import bench.bench_web as web

    path = Path(tempfile.gettempdir()) / "rasad-bench-web" / f"web-{SOURCE}-s{SEED}.db"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        web.build(path, SOURCE)
    return path


def articles_in(url: str) -> int:
    with open_store(url, write=False) as store:
        return store.count()


def build_sqlite(source: Path, target: Path, n: int) -> dict[str, float]:
    if target.exists() and articles_in(f"sqlite:///{target}") == n:
        return json.loads(target.with_suffix(".build.json").read_text())
    for old in target.parent.glob(target.name + "*"):
        old.unlink()
    start = time.perf_counter()
    if n == SOURCE:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
    else:
        grow_sqlite(source, target, n)
    built = {"grow_s": time.perf_counter() - start}
    target.with_suffix(".build.json").write_text(json.dumps(built))
    return built


def build_postgres(source: Path, url: str, n: int) -> dict[str, float]:
    from rasad.store.transfer import Transfer

    start = time.perf_counter()
    transfer = Transfer(f"sqlite:///{source}", url, batch=1000)
    try:
        checks = transfer.run(lambda step, rows: print(f"  {step}: +{rows}", file=sys.stderr, flush=True))
    finally:
        transfer.close()
    if not all(c.ok for c in checks):
        raise SystemExit(f"the copy differs: {[c.table for c in checks if not c.ok]}")
    copied = time.perf_counter() - start
    start = time.perf_counter()
    if n > SOURCE:
        grow_postgres(url, n)
    else:
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:  # planner statistics, as autovacuum would have them
            conn.execute("VACUUM ANALYZE")
    return {"migrate_rate": SOURCE / copied, "grow_s": time.perf_counter() - start}


class DataServer:
    """A PostgreSQL server on a data directory kept from an earlier run (`pg_basebackup` of that run's
    server while it held the source store, migrated): the copy by `rasad migrate-store` is not made
    again. Grown in place."""

    def __init__(self, data: Path, settings: dict[str, str]) -> None:
        import subprocess

        from rasad.store.postgres_server import _free_port, binaries

        self.data, self.port = data, _free_port()
        self.pg_ctl = str((binaries() or Path("/usr/bin")) / "pg_ctl")
        options = (f"-p {self.port} -k {data} -c listen_addresses=127.0.0.1 -c max_connections=200 "
                   + " ".join(f"-c {k}={v}" for k, v in settings.items()))
        user = "postgres" if os.geteuid() == 0 else None
        subprocess.run([self.pg_ctl, "-D", str(data), "-o", options, "-l", str(data / "server.log"),
                        "-w", "-t", "600", "start"], check=True, user=user, group=user)
        self.user = user

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://rasad@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        import subprocess

        subprocess.run([self.pg_ctl, "-D", str(self.data), "-m", "fast", "-w", "stop"], check=False,
                       user=self.user, group=self.user)


def measure(name: str, url: str, rounds: int, unwindowed: int) -> dict[str, Any]:
    """Every search and aggregation on one store: timings, and each search's total and page of hits."""
    found: dict[str, Any] = {"wall": {}, "cpu": {}, "wall_all": {}, "cpu_all": {}, "totals": {}, "pages": {},
                             "ranked": {}, "load": [os.getloadavg()[0]]}
    with open_store(url, write=False) as store:
        for kind, q, filters, offset, collapse in searches():
            def call(s: Store = store, q: str = q, f: SearchFilters = filters, o: int = offset,
                     c: bool = collapse) -> object:
                return s.search(q, f, limit=20, offset=o, collapse=c)
            wall, cpu = timed(call, rounds)
            found["wall"].setdefault(kind, []).extend(wall)
            found["cpu"].setdefault(kind, []).extend(cpu)
            result = store.search(q, filters, limit=20, offset=offset, collapse=collapse)
            found["totals"][f"{kind} {q}"] = result.total
            found["ranked"][f"{kind} {q}"] = result.ranked
            found["pages"][f"{kind} {q}"] = [(h.id, round(h.score, 6)) for h in result.hits]
            if unwindowed:
                store.search_window = UNLIMITED
                try:
                    wall, cpu = timed(call, unwindowed, warm=False)
                finally:
                    del store.search_window
                found["wall_all"].setdefault(kind, []).extend(wall)
                found["cpu_all"].setdefault(kind, []).extend(cpu)
            print(f"  {name}: {kind} {q}: {statistics.median(found['wall'][kind][-rounds:]):.0f} ms",
                  file=sys.stderr, flush=True)
        for label, ask in dashboard():
            wall, cpu = timed(lambda s=store, ask=ask: ask(s), rounds)  # type: ignore[misc]
            found["wall"][label], found["cpu"][label] = wall, cpu
    found["load"].append(os.getloadavg()[0])
    found["size_mb"] = size_of(url)
    return found


def sweep(name: str, url: str, windows: list[int], rounds: int) -> None:
    """Plain and agency searches of the ten queries with each search window: how the window's size
    prices a search (what SEARCH_WINDOW was chosen by)."""
    print(f"\n{name}: the ten queries plain and with an agency, by search window; median / p95 ms "
          f"(CPU median), load average {os.getloadavg()[0]:.1f}\n")
    print("| search window | plain | agency |")
    print("|---:|---:|---:|")
    with open_store(url, write=False) as store:
        for window in windows:
            store.search_window = window
            cells = []
            for filters in (SearchFilters(), SearchFilters(agency="IRNA")):
                wall: list[float] = []
                cpu: list[float] = []
                for q in QUERIES:
                    w, c = timed(lambda s=store, q=q, f=filters: s.search(q, f), rounds)  # type: ignore[misc]
                    wall += w
                    cpu += c
                cells.append(f"{cell(wall)} ({statistics.median(cpu):,.1f})")
            print(f"| {window:,} | " + " | ".join(cells) + " |", flush=True)


def cell(values: list[float]) -> str:
    return f"{statistics.median(values):,.1f} / {percentile(values, 95):,.1f}" if values else "–"


def report(n: int, figures: dict[str, dict[str, Any]]) -> None:
    names = list(figures)
    print(f"\n{n:,} articles; load average (1 min) while searching: "
          + "; ".join(f"{b} {f['load'][0]:.1f} to {f['load'][1]:.1f}" for b, f in figures.items()) + "\n")
    print("| | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    print("| store built (s) | " + " | ".join(
        f"{f['build']['grow_s']:,.0f}" + (f" (after `rasad migrate-store` of {SOURCE:,} at "
                                          f"{f['build']['migrate_rate']:,.0f} articles/s)"
                                          if "migrate_rate" in f["build"] else "") for f in figures.values()) + " |")
    print("| storage, MB | " + " | ".join(f"{f['size_mb']:,.0f}" for f in figures.values()) + " |")
    stored = {f.get("stored", 2000) for f in figures.values() if f.get("ingest")}
    if stored:  # a run with --one-by-one 0 stored none
        print(f"| storing {'/'.join(f'{x:,}' for x in sorted(stored))} more, one a transaction, articles/s | "
              + " | ".join(f"{f['ingest']:,.0f}{' (both at once)' if f.get('together') else ''}"
                           if f.get("ingest") else "–" for f in figures.values()) + " |")
    if len(names) == 2:
        a, b = (figures[x] for x in names)
        differ = [k for k in a["totals"] if a["totals"][k] != b["totals"].get(k)]
        print(f"\nsearches with the same number of hits on both: {len(a['totals']) - len(differ)} of "
              f"{len(a['totals'])}{' (differ: ' + ', '.join(differ) + ')' if differ else ''}")
        unlike = [k for k in a["pages"] if [list(x) for x in a["pages"][k]] != [list(x) for x in b["pages"].get(k, [])]]
        print(f"searches whose page of 20 hits is the same on both (ids, order, scores to 6 places): "
              f"{len(a['pages']) - len(unlike)} of {len(a['pages'])}"
              f"{' (differ: ' + ', '.join(unlike) + ')' if unlike else ''}")
    first = figures[names[0]]
    windowed = sum(1 for v in first["ranked"].values() if v is not None)
    print(f"searches ranked in the window (more than {SEARCH_WINDOW:,} matches): {windowed} of "
          f"{len(first['ranked'])}\n")
    unwindowed = any(f["wall_all"] for f in figures.values())
    header = " | ".join(f"{x} median / p95 ms (this process's CPU: median / p95)"
                        + (f" | {x} every match ranked" if unwindowed else "")
                        for x in names)
    print(f"| call (10 queries each for searches) | {header} |")
    print("|---|" + "---:|" * (len(names) * (2 if unwindowed else 1)))
    for kind in first["wall"]:
        cells = []
        for f in figures.values():
            cells.append(f"{cell(f['wall'][kind])} ({cell(f['cpu'][kind])})")
            if unwindowed:
                cells.append(cell(f["wall_all"].get(kind, [])))
        print(f"| {kind} | " + " | ".join(cells) + " |")
    searched = [k for k, _, _, _, _ in searches()]
    cells = []
    for f in figures.values():
        cells.append(cell([v for k in dict.fromkeys(searched) for v in f["wall"][k]])
                     + f" ({cell([v for k in dict.fromkeys(searched) for v in f['cpu'][k]])})")
        if unwindowed:
            cells.append(cell([v for k in dict.fromkeys(searched) for v in f["wall_all"].get(k, [])]))
    print("| all searches | " + " | ".join(cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=SOURCE, help="a multiple of 100,000")
    parser.add_argument("--backends", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"])
    parser.add_argument("--rounds", type=int, default=3, help="times each search is timed (after one warm-up)")
    parser.add_argument("--unwindowed", type=int, default=0,
                        help="also time each search this many times with every match ranked (no search window)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "rasad-bench-scale",
                        help="where the SQLite store is built and each run's figures are kept")
    parser.add_argument("--one-by-one", type=int, default=2000, help="articles stored one transaction each")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite store (it holds the 2,000 more)")
    parser.add_argument("--report", action="store_true", help="only print the figures kept from earlier runs")
    parser.add_argument("--pg-data", type=Path,
                        help="a PostgreSQL data directory whose database `scale` holds the source, migrated (a "
                             "pg_basebackup of an earlier run's server): grown in place instead of migrating again")
    parser.add_argument("--sweep", type=int, nargs="+", metavar="WINDOW",
                        help="before the rest, time plain and agency searches with each of these search windows")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    saved = {name: args.cache / f"figures-{args.articles}-{name}.json" for name in ("sqlite", "postgresql")}
    labels = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    if args.report:
        report(args.articles, {labels[n]: json.loads(p.read_text()) for n, p in saved.items() if p.exists()})
        return
    if args.articles % SOURCE:
        raise SystemExit(f"--articles must be a multiple of {SOURCE:,}")

    from rasad.store.postgres_server import Server

    source = source_store(args.cache)
    urls: dict[str, str] = {}
    figures: dict[str, dict[str, Any]] = {}
    server: Any = None
    try:
        if "sqlite" in args.backends:
            path = args.cache / f"grown-{args.articles}.db"
            figures["sqlite"] = {"build": build_sqlite(source, path, args.articles)}
            urls["sqlite"] = f"sqlite:///{path}"
        if "postgresql" in args.backends and args.pg_data:
            server = DataServer(args.pg_data, {"synchronous_commit": "off"})
            urls["postgresql"] = server.url("scale")
            held = articles_in(urls["postgresql"])
            if held not in (SOURCE, args.articles):
                raise SystemExit(f"{args.pg_data}: its database `scale` holds neither the {SOURCE:,} source articles "
                                 f"nor {args.articles:,}")
            start = time.perf_counter()
            if held == SOURCE:
                print("PostgreSQL: the source kept from an earlier run, grown", file=sys.stderr)
                grow_postgres(urls["postgresql"], args.articles)
            figures["postgresql"] = {"build": {"grow_s": time.perf_counter() - start}}
        elif "postgresql" in args.backends:
            server = Server(fast=False, settings={"synchronous_commit": "off"})
            import psycopg

            with psycopg.connect(server.url(), autocommit=True) as conn:
                conn.execute("CREATE DATABASE scale")
            urls["postgresql"] = server.url("scale")
            print("PostgreSQL: rasad migrate-store from the source, then grown", file=sys.stderr)
            figures["postgresql"] = {"build": build_postgres(source, urls["postgresql"], args.articles)}
        for name, url in urls.items():
            if args.sweep:
                sweep(labels[name], url, args.sweep, args.rounds)
            figures[name].update(measure(labels[name], url, args.rounds, args.unwindowed))
        if args.one_by_one:
            print(f"storing {args.one_by_one} more, one transaction each", file=sys.stderr)
            bases = base_articles()
            more = list(copies(bases, SOURCE + args.one_by_one, first=SOURCE))
            rates = one_by_one_side_by_side(urls, more)
            for name in urls:
                figures[name]["ingest"], figures[name]["together"] = rates[name], len(urls) > 1
                figures[name]["stored"] = args.one_by_one
        for name, found in figures.items():
            saved[name].write_text(json.dumps(found))
        report(args.articles, {labels[n]: f for n, f in figures.items()})
    finally:
        if server is not None:
            server.stop()
        if "sqlite" in urls and not args.keep:
            for old in args.cache.glob(f"grown-{args.articles}.*"):
                old.unlink()


if __name__ == "__main__":
    main()
