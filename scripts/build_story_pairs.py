"""Propose story pairs to label: pairs the story linker joins, and similar pairs it does not.

usage:
    python scripts/build_story_pairs.py propose [--out /tmp/story_candidates.tsv]
    python scripts/build_story_pairs.py show CANDIDATES.tsv [--from N] [--count M]

`propose` links each dated corpus of ../shared/data (IR-News, Fars News; see bench/bench_stories.py)
with the current `StoryLinker` and writes candidate pairs, identifiers and scores only:
- `joined`: two articles the linker puts in one story (every pair of a story; a sample of the
  pairs of stories over 6 articles);
- `similar`: pairs the linker's own indexes find (near-duplicate or topic signature) that end
  in different stories, published within a week of each other;
- `title`: articles of different outlets within three days whose titles share three content words,
  in different stories (the same event told in other words, which the linker may miss).
`show` prints the two articles of each candidate (date, outlet, title, opening words, the numbers
of title and lead) for a person to label. The labelled file, tests/fixtures/link/story_pairs.tsv,
keeps only keys, labels and notes: no corpus text (see the README beside it).
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench_stories import chronological, load_corpora  # noqa: E402

from rasad.link.dedup import normalize_for_dedup, similarity  # noqa: E402
from rasad.link.stories import StoryLinker  # noqa: E402

SEED = 20260511
MAX_STORY = 6
FIELDS = ("corpus", "key_a", "key_b", "source", "dup", "topic", "title_shared", "hours")


def propose(out: Path, per_source: dict[str, int]) -> None:
    rng = random.Random(SEED)
    rows: list[dict[str, object]] = []
    for corpus, articles in load_corpora().items():
        linker = StoryLinker()
        for key, article in chronological(articles):
            linker.add(key, article)
        story = {k: s.id for s in linker.stories() for k in s.keys}
        titles = {k: linker._title_words(a) for k, a in articles.items()}

        def row(a: str, b: str, source: str, corpus: str = corpus, articles: dict = articles,
                linker: StoryLinker = linker, titles: dict = titles) -> dict[str, object]:
            a, b = sorted((a, b))
            pa, pb = articles[a].published, articles[b].published
            hours = abs((pa - pb).total_seconds()) / 3600 if pa and pb else ""
            return {"corpus": corpus, "key_a": a, "key_b": b, "source": source,
                    "dup": f"{similarity(linker._duplicates.signature(a), linker._duplicates.signature(b)):.2f}",
                    "topic": f"{similarity(linker._topics.signature(a), linker._topics.signature(b)):.2f}",
                    "title_shared": len(titles[a] & titles[b]), "hours": f"{hours:.0f}" if hours != "" else ""}

        members = defaultdict(list)
        for k, s in story.items():
            members[s].append(k)
        joined = []
        for keys in members.values():
            pairs = list(combinations(sorted(keys), 2))
            if len(keys) > MAX_STORY:
                pairs = rng.sample(pairs, MAX_STORY * 2)
            joined += [row(a, b, "joined") for a, b in pairs]
        similar = {}
        for key in articles:
            for index in (linker._duplicates, linker._topics):
                for other, _ in index.query(signature=index.signature(key), threshold=0.25):
                    if other != key and story[other] != story[key]:
                        similar[tuple(sorted((key, other)))] = True
        similar_rows = [r for a, b in similar if (r := row(a, b, "similar"))["hours"] != ""
                        and float(str(r["hours"])) <= 7 * 24]  # within a week: could be one story
        by_word = defaultdict(set)
        for k, words in titles.items():
            for w in words:
                by_word[w].add(k)
        title_pairs = set()
        for k, article in articles.items():
            counts: dict[str, int] = defaultdict(int)
            for w in titles[k]:
                if len(by_word[w]) < 200:  # frequent words say little
                    for other in by_word[w]:
                        counts[other] += 1
            for other, n in counts.items():
                o = articles[other]
                if (n >= 3 and other > k and story[other] != story[k] and o.agency != article.agency
                        and article.published and o.published
                        and abs((article.published - o.published).total_seconds()) <= 3 * 86400):
                    title_pairs.add((k, other))
        title_rows = [row(a, b, "title") for a, b in sorted(title_pairs)]
        for name, found in (("joined", joined), ("similar", similar_rows), ("title", title_rows)):
            found.sort(key=lambda r: (r["key_a"], r["key_b"]))
            take = rng.sample(found, min(len(found), per_source[name]))
            print(f"{corpus}: {len(found)} {name} pairs, {len(take)} proposed", file=sys.stderr)
            rows += take
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, FIELDS, delimiter="\t")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} candidates -> {out}", file=sys.stderr)


_NUMBER = re.compile(r"\d+(?:[.,/]\d+)*")


def show(path: Path, start: int, count: int, chars: int) -> None:
    corpora = load_corpora()
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    for i, r in enumerate(rows[start:start + count], start):
        print(f"=== {i} {r['corpus']} {r['source']} dup {r['dup']} topic {r['topic']} "
              f"title {r['title_shared']} hours {r['hours']}")
        for key in (r["key_a"], r["key_b"]):
            a = corpora[r["corpus"]][key]
            lead = normalize_for_dedup(" ".join([a.title, *a.paragraphs[:2]]))
            print(f"  {key} {a.agency.id if a.agency else ''} {a.published:%Y-%m-%d %H:%M}"
                  f" nums {_NUMBER.findall(lead)[:12]}")
            print(f"    T: {a.title}")
            print(f"    B: {' '.join(a.paragraphs)[:chars]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("propose")
    p.add_argument("--out", type=Path, default=Path("/tmp/story_candidates.tsv"))
    p.add_argument("--joined", type=int, default=110)
    p.add_argument("--similar", type=int, default=30)
    p.add_argument("--title", type=int, default=25)
    s = sub.add_parser("show")
    s.add_argument("path", type=Path)
    s.add_argument("--from", dest="start", type=int, default=0)
    s.add_argument("--count", type=int, default=20)
    s.add_argument("--chars", type=int, default=260)
    args = parser.parse_args()
    if args.command == "propose":
        propose(args.out, {"joined": args.joined, "similar": args.similar, "title": args.title})
    else:
        show(args.path, args.start, args.count, args.chars)


if __name__ == "__main__":
    main()
