"""Throughput of `analyze` (parse, normalize, enrich) and `ingest` (the same plus the SQLite store)
on the real articles in ../shared/data.

usage: python bench/bench_pipeline.py [--limit N]
Prints a Markdown table: corpus, articles, characters, analyze articles/s and chars/s, ingest articles/s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import shared, timer
from rasad.acquire.files import read_document
from rasad.pipeline import analyze_document
from rasad.store import open_store

CORPORA = {
    "ir_news_dev (text files)": ("data/ir_news_dev", "*_*.txt"),
    "fars_news (JSON dumps)": ("data/fars_news", "*.json"),
    "varzesh3 (JSON dumps)": ("data/varzesh3", "*.json"),
}


def measure(name: str, files: list[Path]) -> str:
    docs = [read_document(f) for f in files]  # reading is not what we measure
    with timer() as analyze_time:
        articles = [a for doc in docs for a in analyze_document(doc)]
    chars = sum(len(a.text) for a in articles)
    with tempfile.TemporaryDirectory() as tmp, open_store(f"sqlite:///{tmp}/bench.db") as store, \
            timer() as ingest_time:
        for doc in docs:
            for article in analyze_document(doc):
                store.add(article)
    n = len(articles)
    return (f"| {name} | {n:,} | {chars / 1e6:.1f} M | {n / analyze_time[0]:,.0f} | "
            f"{chars / analyze_time[0] / 1e3:,.0f} k | {n / ingest_time[0]:,.0f} |")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="at most N files per corpus (0: all)")
    args = parser.parse_args(argv)
    print("| corpus | articles | chars | analyze articles/s | analyze chars/s | ingest articles/s |")
    print("|---|---|---|---|---|---|")
    for name, (folder, pattern) in CORPORA.items():
        files = sorted(shared(folder).glob(pattern))
        if args.limit:
            files = files[: args.limit]
        print(measure(name, files), flush=True)


if __name__ == "__main__":
    main()
