"""Build rasad/data/common_grams.txt: the words and pairs of words whose pairs PostgreSQL's search keeps
as terms of their own ("common grams", schema 8, rasad/store/migrations_pg/0008_common_grams.py).

A pair of adjacent words is stored in `postings` when both its words are common, or when the pair
itself is: a phrase of them is the costly one to test against the articles' positions (its
candidates, the articles holding both words, are many). The list, from the news text of
../shared/data (ir_news_dev, fars_news, varzesh3, farsi_news_rss: every article's title and body,
read by rasad's own parsers and folded into the words the search indexes,
rasad.store.search.index_fields / words_of), by document frequency:
- the `--words` words held by the most articles, ties by the word;
- every pair of adjacent words held by at least `--pairs` of the articles (a share), but those of
  two listed words (kept anyway), by the word order.

usage: python scripts/build_common_grams.py ../shared/data [--words N] [--pairs SHARE] [--out FILE] [--report]

`--report` prints, for several settings, the share of the pairs' postings kept in the bench
store's articles (ir_news_dev and fars_news, bench/bench_web.py's base articles) and the most
articles a phrase whose pair is not kept has as candidates among frequent pairs, then whether the
pairs of bench_web's phrase queries and of some names are kept.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rasad.acquire.files import read_document
from rasad.parse import parse_document
from rasad.store.search import index_fields, search_words, words_of

FOLDERS = [("ir_news_dev", "*_*.txt"), ("fars_news", "*.json"), ("varzesh3", "*.json"), ("farsi_news_rss", "*.json")]
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "rasad" / "data" / "common_grams.txt"
HEADER = """\
# The common grams of PostgreSQL's search (schema 8): a pair of adjacent words is a term of `postings`
# when both its words are listed here, or the pair is (its two words joined by a space). Built by
# `python scripts/build_common_grams.py ../shared/data --words {words} --pairs {pairs}` from the
# {articles:,} articles of ../shared/data's ir_news_dev, fars_news, varzesh3 and farsi_news_rss (index
# words, folded as rasad.store.search indexes them): the {words} words held by the most articles (the
# last in {last:.2%} of them), then the {n_pairs:,} other pairs of adjacent words held by at least
# {pairs:.2%} of them. Derived statistics of those datasets (IR-News: GPL-3.0).
# One word or pair a line; lines starting with # are comments.
"""
NAMES = ["وزیر کشور", "می شود", "رئیس جمهور", "انتخابات مجلس", "قیمت دلار", "سازمان ملل", "شورای نگهبان",
         "قوه قضاییه", "سپاه پاسداران", "حقوق بشر", "آیت الله", "قیمت سکه", "نمایشگاه کتاب", "انرژی اتمی"]


def documents(data: Path, folders: list[tuple[str, str]]) -> list[tuple[list[str], list[str]]]:
    """Each article's title and body words, as the search indexes them."""
    out = []
    for folder, pattern in folders:
        for path in sorted((data / folder).glob(pattern)):
            for article in parse_document(read_document(path)):
                title, body = index_fields(article)
                out.append((words_of(title), words_of(body)))
    return out


def pairs_of(title: list[str], body: list[str]) -> set[tuple[str, str]]:
    return set(itertools.pairwise(title)) | set(itertools.pairwise(body))


def grams(docs: list[tuple[list[str], list[str]]], words: int, share: float) -> tuple[list[str], list[str], float]:
    """(the common words, the other common pairs as `a b`, the last word's share of the articles)."""
    held: Counter[str] = Counter()
    paired: Counter[tuple[str, str]] = Counter()
    for title, body in docs:
        held.update(set(title) | set(body))
        paired.update(pairs_of(title, body))
    order = sorted(held, key=lambda w: (-held[w], w))[:words]
    common = set(order)
    pairs = sorted(f"{a} {b}" for (a, b), n in paired.items()
                   if n >= share * len(docs) and not (a in common and b in common))
    return order, pairs, held[order[-1]] / len(docs)


def stored(a: str, b: str, common: set[str]) -> bool:
    return (a in common and b in common) or f"{a} {b}" in common


def report(data: Path, docs: list[tuple[list[str], list[str]]]) -> None:
    bench = documents(data, FOLDERS[:2])
    pairs: Counter[tuple[str, str]] = Counter()
    holding: defaultdict[str, set[int]] = defaultdict(set)
    words = 0
    for i, (title, body) in enumerate(bench):
        pairs.update(pairs_of(title, body))
        words += len(set(title) | set(body))
        for word in set(title) | set(body):
            holding[word].add(i)
    total = sum(pairs.values())
    frequent = [p for p, _ in pairs.most_common(30_000)]
    print(f"bench articles: {len(bench):,}; word postings {words:,}, pair postings {total:,}\n")
    print("| words | pairs (share of articles) | pair postings kept | postings rows vs every pair | "
          "most candidates of a phrase not kept (of the 30,000 commonest pairs) |")
    print("|---:|---:|---:|---:|---|")
    for size, share in ((250, 1.0), (600, 1.0), (1000, 1.0), (2000, 1.0), (100, 0.005), (250, 0.005),
                        (250, 0.003), (400, 0.005), (600, 0.005)):
        order, listed, _ = grams(docs, size, share)
        common = set(order) | set(listed)
        kept = sum(c for (a, b), c in pairs.items() if stored(a, b, common))
        worst = max(((len(holding[a] & holding[b]), f"{a} {b}") for a, b in frequent if not stored(a, b, common)),
                    default=(0, ""))
        rows = (words + kept) / (words + total)
        print(f"| {size:,} | {len(listed):,} ({share:.1%}) | {kept / total:.1%} | {rows:.1%} "
              f"| {worst[0] / len(bench):.1%} (`{worst[1]}`) |")
    order, listed, _ = grams(docs, 250, 0.005)
    common = set(order) | set(listed)
    print("\nkept with 250 words and pairs in 0.5%: " + "; ".join(
        f"{q} {'yes' if all(stored(a, b, common) for a, b in itertools.pairwise(search_words(q))) else 'no'}"
        for q in NAMES))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="../shared/data")
    parser.add_argument("--words", type=int, default=250)
    parser.add_argument("--pairs", type=float, default=0.005, help="a share of the articles")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--report", action="store_true")
    args = parser.parse_args()
    docs = documents(args.data, FOLDERS)
    if args.report:
        report(args.data, docs)
        return
    order, pairs, last = grams(docs, args.words, args.pairs)
    args.out.write_text(HEADER.format(words=args.words, pairs=args.pairs, articles=len(docs), last=last,
                                      n_pairs=len(pairs)) + "".join(g + "\n" for g in order + pairs), encoding="utf-8")
    print(f"{args.out}: {len(order):,} words and {len(pairs):,} pairs")


if __name__ == "__main__":
    main()
