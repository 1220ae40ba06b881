"""The store alone: articles stored per second, and search latency (median and 95th percentile) for
typical Persian queries with and without filters, on each backend, over real articles from
../shared/data (ir_news_dev, parsed and normalized, with metadata and quotes; NER left out, so
that the store's own cost is what is timed).

usage: python bench/bench_store.py [--articles N] [--backends sqlite,memory]
Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import shared, timer
from rasad.acquire.files import read_document
from rasad.extract.metadata import add_metadata
from rasad.parse import parse_document
from rasad.pipeline import add_quotes_and_persons

try:  # the store's home since the contract was split up; before that, store/base.py
    from rasad.store import open_store
    from rasad.store.values import SearchFilters
except ImportError:  # pragma: no cover - older checkouts, for before/after runs
    from rasad.store.base import SearchFilters, open_store  # type: ignore[attr-defined,no-redef]

QUERIES = ["ایران", "وزیر کشور", '"وزیر کشور"', "میشود", "آب", "انتخابات مجلس", "قیمت دلار", "۱۴۰۰",
           "رئیس جمهور", "کرونا"]


def load(n: int) -> list:
    files = sorted(shared("data", "ir_news_dev").glob("*_*.txt"))[:n]
    articles = []
    for path in files:
        for article in parse_document(read_document(path)):
            articles.append(add_quotes_and_persons(add_metadata(article)))
    return articles


def measure(backend: str, articles: list, folder: str) -> str:
    url = f"sqlite:///{folder}/bench.db" if backend == "sqlite" else "memory://bench"
    with open_store(url) as store, timer() as stored:
        for article in articles:
            store.add(article)
    with open_store(url) as store:
        latencies = {"plain": [], "filtered": []}
        for _ in range(3):
            for query in QUERIES:
                for kind, filters in (("plain", None), ("filtered", SearchFilters(since=date(2020, 1, 1)))):
                    start = time.perf_counter()
                    store.search(query, filters, limit=10)
                    latencies[kind].append((time.perf_counter() - start) * 1000)
    cells = []
    for kind in ("plain", "filtered"):
        ms = sorted(latencies[kind])
        cells.append(f"{statistics.median(ms):.1f} / {ms[int(len(ms) * 0.95) - 1]:.1f}")
    return f"| {backend} | {len(articles):,} | {len(articles) / stored[0]:,.0f} | {cells[0]} | {cells[1]} |"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="how many ir_news_dev files")
    parser.add_argument("--backends", default="sqlite,memory")
    args = parser.parse_args(argv)
    articles = load(args.articles)
    print("| backend | articles | stored/s | search ms median / p95 | with a date filter |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for backend in args.backends.split(","):
            try:
                print(measure(backend, articles, folder), flush=True)
            except Exception as exc:  # a backend this checkout does not have
                print(f"| {backend} | - | {exc} | | |")


if __name__ == "__main__":
    main()
