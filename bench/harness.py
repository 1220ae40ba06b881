"""Development harness for who-said-what: build Articles from the shared data and write JSONL.

Not library code: the real parser is rasad/parse/rawtext.py. This keeps the minimal preparation the
quote extractor needs for the seed dumps and for the IR-News text made by irnews_to_text.py.

usage: python bench/harness.py dev OUT.jsonl [TEXT_DIR]   (TEXT_DIR from irnews_to_text.py)
       python bench/harness.py seeds OUT.jsonl
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

from rasad.extract.quotes import analyze
from rasad.models import Article

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    return Path(os.environ.get("RASAD_SHARED") or (REPO.parent / "shared")).resolve()


# seed footer lines and the header line; the real parser drops these (rawtext.py)
_SEED_SKIP = re.compile(r"^(date \d{4}-\d\d-\d\d .*|کد خبر.*|برچسبها|برچسب‌ها|نظر شما"
                        r"|شما در حال پاسخ.*|captcha)$")
# ZWNJ the seeds lost, for the words the scorer compares as names (the normalizer restores them)
SEED_ZWNJ = {"ذبیحالله": "ذبیح\u200cالله"}


def article_from_lines(name: str, title: str, lines: list[str], kicker: str | None = None) -> Article:
    paragraphs = [ln.strip() for ln in lines if ln.strip() and ln.strip() != title]
    return Article(title=title, kicker=kicker, paragraphs=paragraphs, file=name)


def seed_article(path: Path) -> Article:
    text = path.read_text(encoding="utf-8")
    for bad, good in SEED_ZWNJ.items():
        text = text.replace(bad, good)
    lines = [ln.strip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln and not _SEED_SKIP.match(ln)]
    if len(lines) > 2 and lines[1] == lines[2]:  # kicker, title, title repeated
        return article_from_lines(path.name, lines[1], lines[3:], kicker=lines[0])
    return article_from_lines(path.name, lines[0], lines[1:])


def text_article(path: Path) -> Article:
    """A file of irnews_to_text.py: title, blank line, one sentence a line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return article_from_lines(path.name, lines[0].strip(), lines[1:])


def record(article: Article) -> dict[str, object]:
    quotes, persons = analyze(article)
    return {"file": article.file,
            "quotes": [{"speaker": q.speaker, "mention": q.mention, "verb": q.verb, "kind": q.kind,
                        "text": q.text, "start": q.start, "end": q.end} for q in quotes],
            "persons": [{"name": p.name, "roles": p.roles} for p in persons]}


def write_jsonl(articles: list[Article], out: Path) -> None:
    with out.open("w", encoding="utf-8") as fh:
        for art in articles:
            fh.write(json.dumps(record(art), ensure_ascii=False) + "\n")


def main(argv: list[str]) -> None:
    if len(argv) < 3:
        sys.exit(__doc__)
    mode, out = argv[1], Path(argv[2])
    if mode == "seeds":
        arts = [seed_article(p) for p in sorted((shared_dir() / "seeds").glob("*.txt"))]
    else:
        folder = Path(argv[3]) if len(argv) > 3 else Path("/tmp/q")
        arts = [text_article(p) for p in sorted(folder.glob("*.txt"))]
    write_jsonl(arts, out)


if __name__ == "__main__":
    main(sys.argv)
