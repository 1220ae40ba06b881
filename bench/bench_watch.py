"""Watches: ingest speed with 0, 100 and 1,000 watches, and the time from an article being stored
to its webhook arriving (median and 95th percentile).

Articles are real (ir_news_dev in ../shared, parsed and normalized, with metadata, quotes and
persons; NER left out so that the store's and the matcher's cost is what is timed), stored through
the ingest service (store, story linking, hooks) into a fresh SQLite file for each count. Watches
are drawn with a fixed seed: two words of one real headline (70%; the 200 commonest headline
words left out), a person of the articles, any mention or quotes only (20%), a place (10%), so
that some match and most do not, as in use.

Latency: a receiver on 127.0.0.1; a delivery worker thread (as in `rasad monitor`) woken by the
matcher; articles stored one by one, 0.1 s apart, each matched by one webhook watch; from the end
of `store.add` to the receiver reading the POST.

usage: python bench/bench_watch.py [--articles 600] [--counts 0,100,1000,0] [--latency 60]
Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import shared
from rasad.acquire.files import read_document
from rasad.extract.metadata import add_metadata
from rasad.parse import parse_document
from rasad.pipeline import add_quotes_and_persons
from rasad.store import open_store
from rasad.store.search import index_fields, words_of
from rasad.store.watch_values import WatchSpec

COMMON = 200  # the headline words left out of the watches drawn


def load(n: int) -> list[Any]:
    files = sorted(shared("data", "ir_news_dev").glob("*_*.txt"))[:n]
    articles = []
    for path in files:
        for article in parse_document(read_document(path)):
            articles.append(add_quotes_and_persons(add_metadata(article)))
    return articles


def watch_specs(articles: list[Any], count: int, seed: int = 1404) -> list[WatchSpec]:
    """Watches as analysts write them: two words of a real headline (a subject), a person, a place."""
    rng = random.Random(seed)
    counts = Counter(w for a in articles for w in set(words_of(index_fields(a)[0])))
    common = {w for w, _ in counts.most_common(COMMON)}  # "ایران", "وزیر": nobody watches those alone
    titles = [ws for a in articles
              if len(ws := [w for w in words_of(index_fields(a)[0]) if len(w) > 3 and w not in common]) >= 2]
    people = sorted({p.name for a in articles for p in a.persons}) or ["اسکندر مومنی"]
    places = sorted({e.text for a in articles for e in a.entities if e.type == "LOC"}) or ["تهران"]
    specs = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.7:
            specs.append(WatchSpec(query=" ".join(rng.sample(rng.choice(titles), 2))))
        elif roll < 0.9:
            specs.append(WatchSpec(person=rng.choice(people), quotes_only=rng.random() < 0.5))
        else:
            specs.append(WatchSpec(place=rng.choice(places)))
    return specs


def ingest_rate(articles: list[Any], count: int, folder: str, run: int = 0) -> tuple[float, float, int]:
    """Articles/s through the ingest service, the matcher's own ms per article, alerts recorded."""
    from rasad.ingest import Ingestor

    url = f"sqlite:///{folder}/watch-{count}-{run}.db"
    with open_store(url) as store:
        for n, spec in enumerate(watch_specs(articles, count)):
            store.add_watch(f"w{n}", spec)
        ingestor = Ingestor(store, pipeline=object())  # type: ignore[arg-type]  # articles come enriched
        _ = ingestor.stories  # the story linker is started before the clock, as a running monitor's is
        matcher = ingestor.matcher
        assert matcher is not None
        matching = [0.0]
        original = matcher.matches

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                matching[0] += time.perf_counter() - start

        matcher.matches = timed  # type: ignore[method-assign]
        start = time.perf_counter()
        for article in articles:
            ingestor.store_article(article)
        elapsed = time.perf_counter() - start
        return len(articles) / elapsed, matching[0] * 1000 / len(articles), len(store.alerts(limit=10**9))


def latency(articles: list[Any], n: int, folder: str) -> list[float]:
    from rasad.alerts.deliver import DeliveryWorker
    from rasad.ingest import Ingestor

    arrived: dict[int, float] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            arrived[json.loads(body)["article_id"]] = time.perf_counter()
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    hook = f"http://127.0.0.1:{server.server_address[1]}/hook"
    os.environ["RASAD_ALLOW_PRIVATE_NETWORKS"] = "1"
    url = f"sqlite:///{folder}/latency.db"
    stored_at: dict[int, float] = {}
    chosen = articles[:n]
    with open_store(url) as store:
        for i, article in enumerate(chosen):  # one watch per article, on a word of its title
            words = [w for w in words_of(index_fields(article)[0]) if len(w) > 3] or ["خبر"]
            store.add_watch(f"l{i}", WatchSpec(query=max(words, key=len), webhook=hook))
        ingestor = Ingestor(store, pipeline=object(), match_watches=False,  # type: ignore[arg-type]
                            hooks=[lambda stored: stored_at.setdefault(stored.id, time.perf_counter())])
        from rasad.alerts.match import Matcher

        matcher = Matcher(store)
        ingestor.hooks.append(matcher)
        worker = DeliveryWorker(url, interval=30.0).start()
        matcher.on_alert.append(worker.wake)
        _ = ingestor.stories
        for article in chosen:
            ingestor.store_article(article)
            time.sleep(0.1)
        deadline = time.monotonic() + 30
        while len(arrived) < len({a.article_id for a in store.alerts(limit=10**9)}) and time.monotonic() < deadline:
            time.sleep(0.05)
        worker.stop()
    server.shutdown()
    return [(arrived[i] - stored_at[i]) * 1000 for i in arrived if i in stored_at]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=600, help="how many ir_news_dev files")
    parser.add_argument("--counts", default="0,100,1000,0", help="watch counts, run in this order")
    parser.add_argument("--latency", type=int, default=60, help="articles for the latency run (0: skip)")
    args = parser.parse_args(argv)
    articles = load(args.articles)
    with tempfile.TemporaryDirectory() as folder:
        print(f"{len(articles)} articles from {args.articles} ir_news_dev files\n")
        ingest_rate(articles[:100], 0, folder, run=-1)  # warm-up: imports, caches, the first file's pages
        print("| watches | ingested articles/s | matching ms/article | alerts recorded |")
        print("|---|---|---|---|")
        for run, count in enumerate(int(c) for c in args.counts.split(",")):
            rate, matching, alerts = ingest_rate(articles, count, folder, run)
            print(f"| {count:,} | {rate:,.0f} | {matching:.2f} | {alerts:,} |", flush=True)
        if args.latency:
            ms = sorted(latency(articles, args.latency, folder))
            print(f"\nstored -> webhook received, {len(ms)} alerts: median {statistics.median(ms):.1f} ms, "
                  f"p95 {ms[max(0, int(len(ms) * 0.95) - 1)]:.1f} ms, max {ms[-1]:.1f} ms")


if __name__ == "__main__":
    main()
