"""Spot check of the quote extractor on articles nobody annotated: print a fixed random sample of
quotes with the sentence around each, to read by eye.

usage: python bench/spot_quotes.py irnews|fars|varzesh3 [N] [SEED]
"""

from __future__ import annotations

import json
import random
import sys

from harness import article_from_lines, shared_dir

from rasad.extract.quotes import extract_quotes
from rasad.models import Article


def irnews_articles(skip: set[str]) -> list[Article]:
    """IR-News articles outside the annotated set, converted as irnews_to_text.py does."""
    out = []
    for path in sorted((shared_dir() / "data" / "ir_news_dev").glob("*.txt")):
        if path.stem in skip:
            continue
        lines = path.read_text(encoding="utf-8").split("\n")
        if "###" not in lines[0]:
            continue
        title = lines[0].split("###")[1].strip()
        body = [ln.split("\t", 1)[1].strip() for ln in lines[2:] if "\t" in ln]
        out.append(article_from_lines(path.stem, title, body))
    return out


def json_articles(folder: str) -> list[Article]:
    out = []
    for path in sorted((shared_dir() / "data" / folder).glob("*.json")):
        for i, rec in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            paras = [p for p in [rec.get("abstract"), *rec.get("paragraphs", [])] if p]
            out.append(article_from_lines(f"{path.stem}-{i}", rec.get("title") or "", paras))
    return out


def main(argv: list[str]) -> None:
    which = argv[1] if len(argv) > 1 else "irnews"
    n = int(argv[2]) if len(argv) > 2 else 30
    rng = random.Random(int(argv[3]) if len(argv) > 3 else 7)
    if which == "irnews":
        skip = {p.stem for p in (shared_dir() / "eval" / "quotes_dev").glob("*.json")}
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
