"""Spot check of the quote extractor on articles nobody annotated: print a fixed random sample of
quotes with the sentence around each, to read by eye.

usage: python bench/spot_quotes.py irnews|fars|varzesh3 [N] [SEED]
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


def main(argv: list[str]) -> None:
    which = argv[1] if len(argv) > 1 else "irnews"
    n = int(argv[2]) if len(argv) > 2 else 30
    rng = random.Random(int(argv[3]) if len(argv) > 3 else 7)
    if which == "irnews":
        skip = {p.stem for p in (SHARED / "eval" / "quotes_dev").glob("*.json")}
        arts = irnews_articles(skip)
    else:
        arts = json_articles({"fars": "fars_news", "varzesh3": "varzesh3"}[which])
    pool = [(a, q) for a in rng.sample(arts, min(len(arts), 400)) for q in extract_quotes(a)]
    for a, q in rng.sample(pool, min(n, len(pool))):
        text = a.text
        left = text.rfind("\n", 0, q.start) + 1
        print(f"== {a.file} [{q.kind}] speaker={q.speaker!r} mention={q.mention!r} verb={q.verb!r}")
        print(f"   CONTEXT: {text[left:q.start][-200:]}")
        print(f"   TEXT: {q.text[:200]}")


if __name__ == "__main__":
    main(sys.argv)
