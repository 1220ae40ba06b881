"""Build rasad/data/common_words.txt: the words whose pairs PostgreSQL's search keeps as terms of
their own ("common grams", schema 8, rasad/store/migrations_pg/0008_common_grams.py).

A pair of adjacent words is stored in `postings` only when both its words are in this list. The
list is the `--size` words held by the most articles of the news text in ../shared/data
(ir_news_dev, fars_news, varzesh3, farsi_news_rss: every article's title and body, read by rasad's
own parsers and folded into the words the search indexes, rasad.store.search.index_fields /
words_of), by document frequency, ties by the word. A phrase with a word outside the list has
few candidates (the articles holding its rarest word), tested against their positions.

usage: python scripts/build_common_words.py ../shared/data [--size N] [--out FILE] [--report]

`--report` prints, for several sizes, the share of the pairs' postings the list keeps in the bench
store's articles (ir_news_dev and fars_news, bench/bench_web.py's base articles), the document
frequency of the last word kept, and the rank of the words of bench_web's phrase queries.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rasad.acquire.files import read_document
from rasad.parse import parse_document
from rasad.store.search import index_fields, search_words, words_of

FOLDERS = [("ir_news_dev", "*_*.txt"), ("fars_news", "*.json"), ("varzesh3", "*.json"), ("farsi_news_rss", "*.json")]
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "rasad" / "data" / "common_words.txt"
HEADER = """\
# The words whose pairs of adjacent words PostgreSQL's search stores as terms of `postings`
# (common grams, schema 8: a pair is stored when both its words are here). Built by
# `python scripts/build_common_words.py ../shared/data --size {size}`: the {size} index words (folded as
# rasad.store.search indexes them) held by the most of the {articles:,} articles of ../shared/data's
# ir_news_dev, fars_news, varzesh3 and farsi_news_rss, by document frequency, ties by the word; the
# last is in {last:.2%} of them. Derived statistics of those datasets (IR-News: GPL-3.0).
# One word a line; lines starting with # are comments.
"""


def documents(data: Path, folders: list[tuple[str, str]]) -> list[tuple[list[str], list[str]]]:
    """Each article's title and body words, as the search indexes them."""
    out = []
    for folder, pattern in folders:
        for path in sorted((data / folder).glob(pattern)):
            for article in parse_document(read_document(path)):
                title, body = index_fields(article)
                out.append((words_of(title), words_of(body)))
    return out


def ranked(docs: list[tuple[list[str], list[str]]]) -> tuple[list[str], Counter[str]]:
    held: Counter[str] = Counter()
    for title, body in docs:
        held.update(set(title) | set(body))
    return sorted(held, key=lambda w: (-held[w], w)), held


def report(data: Path, order: list[str], held: Counter[str], n: int) -> None:
    bench = documents(data, FOLDERS[:2])
    pairs: Counter[tuple[str, str]] = Counter()
    words = 0
    for title, body in bench:
        pairs.update(set(itertools.pairwise(title)) | set(itertools.pairwise(body)))
        words += len(set(title) | set(body))
    total = sum(pairs.values())
    print(f"bench articles: {len(bench):,}; word postings {words:,}, pair postings {total:,}\n")
    print("| size | pair postings kept | postings rows vs all pairs | last word's document frequency |")
    print("|---:|---:|---:|---:|")
    for size in (250, 500, 600, 750, 1000, 1500, 2000, 3000):
        common = set(order[:size])
        kept = sum(c for (a, b), c in pairs.items() if a in common and b in common)
        print(f"| {size:,} | {kept / total:.1%} | {(words + kept) / (words + total):.1%} | "
              f"{held[order[size - 1]] / n:.2%} |")
    rank = {w: i + 1 for i, w in enumerate(order)}
    queried = ["وزیر کشور", "می شود", "رئیس جمهور", "انتخابات مجلس", "قیمت دلار"]
    print("\nrank of the words of bench_web's phrases: " + "; ".join(
        " ".join(f"{w} {rank.get(w, '-')}" for w in search_words(q)) for q in queried))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="../shared/data")
    parser.add_argument("--size", type=int, default=600)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--report", action="store_true")
    args = parser.parse_args()
    docs = documents(args.data, FOLDERS)
    order, held = ranked(docs)
    if args.report:
        report(args.data, order, held, len(docs))
        return
    kept = order[:args.size]
    args.out.write_text(HEADER.format(size=args.size, articles=len(docs), last=held[kept[-1]] / len(docs))
                        + "".join(w + "\n" for w in kept), encoding="utf-8")
    print(f"{args.out}: {len(kept):,} words, the last in {held[kept[-1]]:,} of {len(docs):,} articles")


if __name__ == "__main__":
    main()
