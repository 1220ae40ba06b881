"""Throughput of `analyze` (parse, normalize, enrich) and `ingest` (the same plus the SQLite store)
on the real articles in ../shared/data.

usage: python bench/bench_pipeline.py [--limit N] [--batch N]
Prints a Markdown table: corpus, articles, characters, analyze articles/s and chars/s, ingest articles/s.

The pipeline is built once (`build_pipeline`, the model loaded before timing) and enriches the
articles of `--batch` documents' worth at a time (`Pipeline.enrich_many`), as `analyze_paths`
does; `--batch 1` gives the article-at-a-time figures.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import shared, timer
from rasad.acquire.files import read_document
from rasad.models import Article, RawDocument
from rasad.parse import parse_document
from rasad.pipeline import BATCH_ARTICLES, Pipeline, build_pipeline
from rasad.store import open_store

CORPORA = {
    "ir_news_dev (text files)": ("data/ir_news_dev", "*_*.txt"),
    "fars_news (JSON dumps)": ("data/fars_news", "*.json"),
    "varzesh3 (JSON dumps)": ("data/varzesh3", "*.json"),
}


def analyze(docs: list[RawDocument], pipeline: Pipeline, batch: int) -> list[Article]:
    """Parse every document, enriching the articles `batch` at a time (as analyze_paths does)."""
    done: list[Article] = []
    waiting: list[Article] = []
    for doc in docs:
        waiting += parse_document(doc)
        if len(waiting) >= batch:
            done += pipeline.enrich_many(waiting)
            waiting = []
    return done + pipeline.enrich_many(waiting)


def measure(name: str, files: list[Path], pipeline: Pipeline, batch: int) -> str:
    docs = [read_document(f) for f in files]  # reading is not what we measure
    with timer() as analyze_time:
        articles = analyze(docs, pipeline, batch)
    chars = sum(len(a.text) for a in articles)
    with tempfile.TemporaryDirectory() as tmp, open_store(f"sqlite:///{tmp}/bench.db") as store, \
            timer() as ingest_time:
        for article in analyze(docs, pipeline, batch):
            store.add(article)
    n = len(articles)
    return (f"| {name} | {n:,} | {chars / 1e6:.1f} M | {n / analyze_time[0]:,.0f} | "
            f"{chars / analyze_time[0] / 1e3:,.0f} k | {n / ingest_time[0]:,.0f} |")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="at most N files per corpus (0: all)")
    parser.add_argument("--batch", type=int, default=BATCH_ARTICLES,
                        help=f"articles enriched together (default {BATCH_ARTICLES}, as analyze_paths)")
    args = parser.parse_args(argv)
    pipeline = build_pipeline()
    print("| corpus | articles | chars | analyze articles/s | analyze chars/s | ingest articles/s |")
    print("|---|---|---|---|---|---|")
    for name, (folder, pattern) in CORPORA.items():
        files = sorted(shared(folder).glob(pattern))
        if args.limit:
            files = files[: args.limit]
        print(measure(name, files, pipeline, args.batch), flush=True)


if __name__ == "__main__":
    main()
