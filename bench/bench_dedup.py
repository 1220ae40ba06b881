"""Near-duplicate detection: quality on real Persian news with edited copies, and speed at scale.

    .venv/bin/python bench/bench_dedup.py                  # quality sweep + speed at 10k, 100k
    .venv/bin/python bench/bench_dedup.py --sizes 10000,100000,1000000

Data: ../shared/data/ir_news_dev (IR-News, GPL-3.0) and ../shared/data/varzesh3, read in place.
Results go to docs/benchmarks.md, section "Near-duplicates and stories".
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import Doc, read_ir_news, read_varzesh3, shared_dir

from rasad.link.dedup import DedupIndex, DedupSettings, shingle_hashes

SEED = 20250214
AGENCY_LINES = ["به گزارش خبرگزاری ایسنا،", "به گزارش خبرگزاری مهر،", "به گزارش ایلنا،",
                "به گزارش خبرگزاری تسنیم،", "به گزارش باشگاه خبرنگاران جوان،"]
VARIANTS = ("lead", "drop", "agency", "all")


# -- edited copies -------------------------------------------------------------------------------

def edit(doc: Doc, variant: str, rng: random.Random, bank: list[str]) -> Doc:
    """A lightly edited copy: a new lead, a paragraph removed, another agency line, or all three."""
    paragraphs = list(doc.paragraphs)
    if variant in ("lead", "all"):
        paragraphs[0] = rng.choice(bank)
    if variant in ("drop", "all") and len(paragraphs) > 2:
        # IR-News "paragraphs" are sentences: drop two in a row there, one paragraph in varzesh3
        width = 2 if doc.id.startswith("ir:") and len(paragraphs) > 6 else 1
        start = rng.randrange(1, len(paragraphs) - width + 1)
        del paragraphs[start:start + width]
    if variant in ("agency", "all"):
        line = rng.choice(AGENCY_LINES)
        first = paragraphs[0]
        if first.startswith("به گزارش") and "،" in first[:60]:
            paragraphs[0] = line + first.split("،", 1)[1]
        else:
            paragraphs[0] = f"{line} {first}"
    return Doc(f"{doc.id}~{variant}", "copy", doc.title, "", paragraphs, doc.published)


def build_corpus(docs: list[Doc], copies: int, rng: random.Random
                 ) -> tuple[list[Doc], dict[str, str], dict[str, str]]:
    """Real docs plus edited copies; returns (corpus, group of each doc, variant of each copy)."""
    bank = [p for d in docs for p in d.paragraphs if len(p.split()) > 8]
    group_of_link: dict[str, str] = {}
    group = {}
    for doc in docs:
        group[doc.id] = group_of_link.setdefault(doc.link or doc.id, doc.id)
    candidates = [d for d in docs if len(d.paragraphs) >= 3]
    corpus = list(docs)
    variant_of = {}
    for i, doc in enumerate(rng.sample(candidates, copies)):
        copy = edit(doc, VARIANTS[i % len(VARIANTS)], rng, bank)
        corpus.append(copy)
        group[copy.id] = group[doc.id]
        variant_of[copy.id] = VARIANTS[i % len(VARIANTS)]
    return corpus, group, variant_of


def exact_jaccard(a: str, b: str, k: int) -> float:
    sa, sb = set(shingle_hashes(a, k).tolist()), set(shingle_hashes(b, k).tolist())
    return len(sa & sb) / max(1, len(sa | sb))


def evaluate(corpus: list[Doc], group: dict[str, str], variant_of: dict[str, str],
             settings: DedupSettings) -> dict[str, object]:
    index = DedupIndex(settings)
    start = time.perf_counter()
    for doc in corpus:
        index.add(doc.id, doc.text)
    found = {(a, b) if a < b else (b, a) for a, b, _ in index.pairs()}
    elapsed = time.perf_counter() - start
    members = defaultdict(list)
    for doc in corpus:
        members[group[doc.id]].append(doc.id)
    truth = {tuple(sorted(p)) for ids in members.values() for p in combinations(ids, 2)}
    true_positives = found & truth
    text = {d.id: d.text for d in corpus}
    false_positives = found - truth
    unlabeled = sum(1 for a, b in false_positives if exact_jaccard(text[a], text[b], settings.shingle_size)
                    >= settings.threshold)
    by_variant = Counter()
    for copy_id, variant in variant_of.items():
        original = copy_id.split("~")[0]
        by_variant[variant] += tuple(sorted((original, copy_id))) in found
    per_variant = Counter(variant_of.values())
    return {
        "k": settings.shingle_size, "threshold": settings.threshold, "perm": settings.num_perm,
        "pairs": len(found), "truth": len(truth), "tp": len(true_positives),
        "precision": len(true_positives) / max(1, len(found)),
        "recall": len(true_positives) / max(1, len(truth)),
        "fp": len(false_positives), "fp_true_near_dup": unlabeled,
        "precision_vs_exact": (len(true_positives) + unlabeled) / max(1, len(found)),
        "recall_by_variant": {v: by_variant[v] / per_variant[v] for v in VARIANTS},
        "seconds": elapsed,
    }


def same_title_pairs(docs: list[Doc], settings: DedupSettings) -> tuple[int, int, int]:
    """Pairs with one title but different links: (pairs, flagged, exact Jaccard >= threshold)."""
    by_title = defaultdict(list)
    for doc in docs:
        if len(doc.title.split()) >= 3:  # short titles ("عکس", "فیلم") say nothing
            by_title[doc.title].append(doc)
    pairs = [(a, b) for group in by_title.values() for a, b in combinations(group, 2) if a.link != b.link]
    index = DedupIndex(settings)
    signatures = {d.id: index.sign(d.text) for pair in pairs for d in pair}
    flagged = sum(1 for a, b in pairs if signatures[a.id].jaccard(signatures[b.id]) >= settings.threshold)
    k = settings.shingle_size
    exact = sum(1 for a, b in pairs if exact_jaccard(a.text, b.text, k) >= settings.threshold)
    return len(pairs), flagged, exact


# -- speed -----------------------------------------------------------------------------------------

def synthetic_texts(bank: list[str], count: int, rng: random.Random):
    """`count` synthetic articles: a title and 6-14 paragraphs drawn from real sentences; 10% of them
    are edited copies of an earlier one (a dropped paragraph), so queries have answers."""
    recent: list[list[str]] = []
    for i in range(count):
        if recent and rng.random() < 0.1:
            parts = list(rng.choice(recent))
            del parts[rng.randrange(1, len(parts))]
        else:
            parts = rng.sample(bank, rng.randint(7, 15))
            if len(recent) < 1000:
                recent.append(parts)
            else:
                recent[i % 1000] = parts
        yield f"s{i}", "\n".join(parts)


def measure_speed(bank: list[str], size: int, settings: DedupSettings, queries: int = 1000
                  ) -> dict[str, float]:
    rng = random.Random(SEED + size)
    index = DedupIndex(settings)
    sign_time = insert_time = 0.0
    sample: list = []
    for key, text in synthetic_texts(bank, size, rng):
        t0 = time.perf_counter()
        signature = index.sign(text)
        t1 = time.perf_counter()
        index.add(key, signature=signature)
        insert_time += time.perf_counter() - t1
        sign_time += t1 - t0
        if len(sample) < queries and rng.random() < queries / size * 2:
            sample.append(signature)
    t0 = time.perf_counter()
    hits = sum(len(index.query(signature=s)) for s in sample)
    query_time = time.perf_counter() - t0
    return {"size": size, "sign_s": sign_time, "insert_s": insert_time,
            "index_s": sign_time + insert_time, "docs_per_s": size / (sign_time + insert_time),
            "query_ms": 1000 * query_time / max(1, len(sample)), "queries": len(sample),
            "hits_per_query": hits / max(1, len(sample)),
            "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


# -- stories -----------------------------------------------------------------------------------------

def story_report(docs: list[Doc], show: int = 5) -> None:
    """Group the dated IR-News articles into stories (no gold labels: sizes and a sample to read)."""
    from rasad.link.stories import group_stories
    from rasad.models import Agency, Article

    dated = {d.id: Article(title=d.title, paragraphs=d.paragraphs, agency=Agency(d.agency.upper(), d.agency),
                           published=d.published, url=d.link)
             for d in docs if d.published is not None and d.id.startswith("ir:")}
    start = time.perf_counter()
    stories = group_stories(dated)
    elapsed = time.perf_counter() - start
    sizes = Counter(len(s.keys) for s in stories)
    multi = [s for s in stories if len(s.keys) > 1]
    cross = [s for s in multi if len({dated[k].agency for k in s.keys}) > 1]
    print(f"stories over {len(dated)} dated IR-News articles: {len(stories)} stories in {elapsed:.1f} s; "
          f"{len(multi)} with 2+ articles ({len(cross)} across agencies); largest {max(sizes)}; "
          f"sizes {sorted(sizes.items())}")
    for story in sorted(multi, key=lambda s: -len(s.keys))[:show]:
        print(f"  story of {len(story.keys)}, first {story.first_agency.id if story.first_agency else '?'} "
              f"{story.first_published:%Y-%m-%d %H:%M}, citations {len(story.citations)}:")
        for key in story.keys[:4]:
            article = dated[key]
            print(f"    {article.agency.id:<12} {article.published:%m-%d %H:%M}  {article.title[:70]}")


# -- main ------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=1200, help="edited copies added to the real corpus")
    parser.add_argument("--shingles", default="3,4,5")
    parser.add_argument("--thresholds", default="0.3,0.4,0.5,0.6,0.7")
    parser.add_argument("--sizes", default="10000,100000", help="index sizes for the speed runs")
    parser.add_argument("--perm", type=int, default=128)
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--stories", action="store_true", help="only the story grouping report")
    args = parser.parse_args(argv)

    shared = shared_dir() / "data"
    docs = read_ir_news(shared / "ir_news_dev") + read_varzesh3(shared / "varzesh3")
    rng = random.Random(SEED)
    print(f"real documents: {len(docs)}")
    if args.stories:
        story_report(docs)
        return
    if not args.skip_quality:
        corpus, group, variant_of = build_corpus(docs, args.copies, rng)
        print(f"corpus with copies: {len(corpus)}")
        print("| k | threshold | pairs found | true pairs | precision | precision vs exact Jaccard | recall "
              "| recall lead / drop / agency / all | s |")
        print("|---|---|---|---|---|---|---|---|---|")
        for k in (int(x) for x in args.shingles.split(",")):
            for threshold in (float(x) for x in args.thresholds.split(",")):
                r = evaluate(corpus, group, variant_of, DedupSettings(threshold, args.perm, k, 1))
                rv = r["recall_by_variant"]
                print(f"| {k} | {threshold} | {r['pairs']} | {r['truth']} | {r['precision']:.3f} | "
                      f"{r['precision_vs_exact']:.3f} | {r['recall']:.3f} | "
                      f"{' / '.join(f'{rv[v]:.2f}' for v in VARIANTS)} | {r['seconds']:.1f} |", flush=True)
        for k in (int(x) for x in args.shingles.split(",")):
            pairs, flagged, exact = same_title_pairs(docs, DedupSettings(0.5, args.perm, k, 1))
            print(f"same title, different link (k={k}, t=0.5): {pairs} pairs, {flagged} flagged, "
                  f"{exact} with exact Jaccard >= 0.5")
    bank = [p for d in docs for p in d.paragraphs if len(p.split()) > 5]
    print("| documents | sign s | insert s | index docs/s | query ms | hits/query | max RSS MB |")
    print("|---|---|---|---|---|---|---|")
    for size in (int(x) for x in args.sizes.split(",")):
        r = measure_speed(bank, size, DedupSettings(num_perm=args.perm))
        print(f"| {size:,} | {r['sign_s']:.1f} | {r['insert_s']:.1f} | {r['docs_per_s']:,.0f} | "
              f"{r['query_ms']:.2f} | {r['hits_per_query']:.2f} | {r['max_rss_mb']:,.0f} |", flush=True)


if __name__ == "__main__":
    main()
