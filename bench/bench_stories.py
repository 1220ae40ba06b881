"""Stories: pair precision and recall of "same story" on the labelled pairs, and linking time.

    .venv/bin/python bench/bench_stories.py                 # dev half (the default)
    .venv/bin/python bench/bench_stories.py --split held-out # the held-out half: score it once
    .venv/bin/python bench/bench_stories.py --split all --misses

Labels: tests/fixtures/link/story_pairs.tsv (identifiers only; see the README beside it), built by
scripts/build_story_pairs.py. Each corpus is linked whole (every dated article, in published
order, as an ingest would see them) with `StoryLinker`; a labelled pair is predicted "same story"
when both ends land in one story. A pair labelled `same_event` is a positive; `template_sibling`
and `different_event` are negatives. Data read in place from ../shared/data (IR-News GPL-3.0,
Fars News), never copied. Results go to docs/benchmarks.md, section "Stories".
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
import zlib
from collections import Counter
from collections.abc import Hashable
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this tree's rasad, not an installed one

from _data import TEHRAN, read_ir_news, shared_dir

from rasad.models import Agency, Article

REPO = Path(__file__).resolve().parent.parent
PAIRS = REPO / "tests" / "fixtures" / "link" / "story_pairs.tsv"
POSITIVE = "same_event"
LABELS = ("same_event", "template_sibling", "different_event")


def split_of(key_a: str, key_b: str) -> str:
    """A fixed hash of the pair's keys: half the pairs for design, half held out."""
    a, b = sorted((key_a, key_b))
    return "dev" if zlib.crc32(f"{a}|{b}".encode()) % 2 == 0 else "held-out"


def _fars_day(link: str) -> datetime | None:
    """The farsnews.ir link id encodes the Jalali day: 13911222000865 or (older) 8707060255."""
    from rasad.text.dates import jalali_to_gregorian

    ident = link.rstrip("/").rsplit("/", 1)[-1]
    if not ident.isdigit():
        return None
    if ident.startswith("13") and len(ident) >= 8:
        y, m, d = int(ident[:4]), int(ident[4:6]), int(ident[6:8])
    elif len(ident) >= 6:
        y, m, d = 1300 + int(ident[:2]), int(ident[2:4]), int(ident[4:6])
    else:
        return None
    try:
        day = jalali_to_gregorian(y, m, d)
    except ValueError:
        return None
    return datetime(day.year, day.month, day.day, 12, tzinfo=TEHRAN)  # the day only: noon


def load_corpora(shared: Path | None = None) -> dict[str, dict[str, Article]]:
    """{corpus: {key: Article}} for the dated corpora; keys name the file and the article in it."""
    data = (shared or shared_dir()) / "data"
    ir = {}
    for doc in read_ir_news(data / "ir_news_dev"):
        if doc.published is not None:
            key = f"ir_news_dev/{doc.id[3:]}.txt"
            ir[key] = Article(title=doc.title, paragraphs=doc.paragraphs, url=doc.link,
                              agency=Agency(doc.agency.upper(), doc.agency), published=doc.published)
    fars = {}
    for path in sorted((data / "fars_news").glob("*.json")):
        for i, item in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            published = _fars_day(item.get("link") or "")
            if published is None:
                continue
            parts = [item.get("abstract") or "", *item.get("paragraphs", [])]
            fars[f"fars_news/{path.name}#{i}"] = Article(
                title=(item.get("title") or "").strip(), paragraphs=[p.strip() for p in parts if p.strip()],
                url=item.get("link"), agency=Agency("FARS", "فارس"), published=published)
    return {"ir_news": ir, "fars_news": fars}


def chronological(articles: dict[str, Article]) -> list[tuple[str, Article]]:
    return sorted(articles.items(), key=lambda kv: (kv[1].published or datetime.min.replace(tzinfo=TEHRAN), kv[0]))


def story_of(articles: dict[str, Article]) -> tuple[dict[Hashable, str], float]:
    """Link a corpus; returns (story id of each key, seconds)."""
    from rasad.link.stories import StoryLinker

    linker = StoryLinker()
    start = time.perf_counter()
    for key, article in chronological(articles):
        linker.add(key, article)
    stories = linker.stories()
    elapsed = time.perf_counter() - start
    return {k: s.id for s in stories for k in s.keys}, elapsed


def read_pairs(path: Path = PAIRS) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader((line for line in handle if not line.startswith("#")),
                                              delimiter="\t")]
    for row in rows:
        if row["label"] not in LABELS:
            raise SystemExit(f"unknown label {row['label']!r} in {path}")
        row["split"] = split_of(row["key_a"], row["key_b"])
    return rows


def score(rows: list[dict[str, str]], story: dict[str, dict[Hashable, str]]) -> dict[str, object]:
    tp = fp = fn = tn = 0
    joined_by_label: Counter[str] = Counter()
    count_by_label: Counter[str] = Counter()
    misses = []
    for row in rows:
        stories = story[row["corpus"]]
        predicted = stories[row["key_a"]] == stories[row["key_b"]]
        positive = row["label"] == POSITIVE
        count_by_label[row["label"]] += 1
        joined_by_label[row["label"]] += predicted
        tp += predicted and positive
        fp += predicted and not positive
        fn += positive and not predicted
        tn += not predicted and not positive
        if predicted != positive:
            misses.append(row)
    precision = tp / max(1, tp + fp)
    recall = tp / max(1, tp + fn)
    return {"pairs": len(rows), "tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": precision,
            "recall": recall, "f1": 2 * precision * recall / max(1e-9, precision + recall),
            "joined": {label: f"{joined_by_label[label]}/{count_by_label[label]}" for label in LABELS},
            "misses": misses}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "held-out", "all"), default="dev")
    parser.add_argument("--pairs", type=Path, default=PAIRS)
    parser.add_argument("--misses", action="store_true", help="list the pairs the linker gets wrong")
    args = parser.parse_args(argv)

    rows = [r for r in read_pairs(args.pairs) if args.split == "all" or r["split"] == args.split]
    corpora = load_corpora()
    story = {}
    for name, articles in corpora.items():
        story[name], seconds = story_of(articles)
        print(f"{name}: {len(articles)} dated articles linked in {seconds:.1f} s, "
              f"{len(set(story[name].values()))} stories")
    r = score(rows, story)
    print(f"split {args.split}: {r['pairs']} pairs; precision {r['precision']:.3f} recall {r['recall']:.3f} "
          f"F1 {r['f1']:.3f} (tp {r['tp']} fp {r['fp']} fn {r['fn']} tn {r['tn']}); "
          f"joined per label {r['joined']}")
    if args.misses:
        for row in r["misses"]:  # type: ignore[attr-defined]
            print(f"  {row['label']:<16} {row['key_a']}  {row['key_b']}  {row['note']}")


if __name__ == "__main__":
    main()
