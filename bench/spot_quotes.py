"""Spot check of the quote extractor on articles nobody annotated: print a fixed random sample of
quotes with the sentence around each, to read by eye.

usage: python bench/spot_quotes.py irnews|fars|varzesh3|hamshahri [N] [SEED] [--articles]
With --articles, N whole articles that have at least two quotes are drawn instead of N quotes, and
every quote of each is printed after the article's text (what a spot check of an outlet reads).
`hamshahri` is the Hamshahri RSS feed of ../shared/data/farsi_news_rss: an outlet no rule was
written on and none of the annotated articles comes from.
"""

from __future__ import annotations

import random
import sys

from common import SHARED

from rasad.acquire.files import read_document
from rasad.extract.quotes import extract_quotes
from rasad.models import Article
from rasad.parse import parse_document


def irnews_articles(skip: set[str]) -> list[Article]:
    """IR-News articles outside the annotated set, parsed (and normalized) as rasad reads them."""
    paths = sorted((SHARED / "data" / "ir_news_dev").glob("*_*.txt"))
    return [a for p in paths if p.stem not in skip for a in parse_document(read_document(p))]


def json_articles(folder: str) -> list[Article]:
    paths = sorted((SHARED / "data" / folder).glob("*.json"))
    return [a for p in paths for a in parse_document(read_document(p, max_bytes=50_000_000))]


def feed_articles(name: str) -> list[Article]:
    path = SHARED / "data" / "farsi_news_rss" / f"{name}.json"
    return parse_document(read_document(path, max_bytes=50_000_000))


def print_articles(arts: list[Article], n: int, rng: random.Random) -> None:
    """N articles with two quotes or more, each with its text and its quotes."""
    with_quotes = [(a, qs) for a in arts if len(qs := extract_quotes(a)) >= 2]
    for number, (a, qs) in enumerate(rng.sample(with_quotes, min(n, len(with_quotes))), 1):
        print(f"######## {number}. {a.file} {a.title[:80]}")
        print(a.text)
        for q in qs:
            print(f"  -> [{q.kind}] speaker={q.speaker!r} mention={q.mention!r} verb={q.verb!r}: {q.text[:160]}")


def main(argv: list[str]) -> None:
    whole = "--articles" in argv
    argv = [a for a in argv if a != "--articles"]
    which = argv[1] if len(argv) > 1 else "irnews"
    n = int(argv[2]) if len(argv) > 2 else 30
    rng = random.Random(int(argv[3]) if len(argv) > 3 else 7)
    if which == "irnews":
        skip = {p.stem for p in (SHARED / "eval" / "quotes_dev").glob("*.json")}
        arts = irnews_articles(skip)
    elif which == "hamshahri":
        arts = feed_articles("hamshahri")
    else:
        arts = json_articles({"fars": "fars_news", "varzesh3": "varzesh3"}[which])
    if whole:
        print_articles(arts, n, rng)
        return
    pool = [(a, q) for a in rng.sample(arts, min(len(arts), 400)) for q in extract_quotes(a)]
    for a, q in rng.sample(pool, min(n, len(pool))):
        text = a.text
        left = text.rfind("\n", 0, q.start) + 1
        print(f"== {a.file} [{q.kind}] speaker={q.speaker!r} mention={q.mention!r} verb={q.verb!r}")
        print(f"   CONTEXT: {text[left:q.start][-200:]}")
        print(f"   TEXT: {q.text[:200]}")


if __name__ == "__main__":
    main(sys.argv)
