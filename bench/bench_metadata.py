"""Cited sources and dateline against the annotated articles: shared/eval/quotes_dev (20 IR-News
articles, converted to text with shared/eval/irnews_to_text.py) and the two seeds.

usage: python bench/bench_metadata.py
Prints precision, recall and F1 of cited sources (folded names, as sets per article) and the
share of articles whose dateline is right.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import shared
from rasad.pipeline import analyze_paths
from rasad.text.normalize import fold


def gold_records() -> tuple[dict[str, dict], list[Path]]:
    gold = {}
    for path in sorted(shared("eval", "quotes_dev").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        gold[Path(record["file"]).stem] = record
    for record in json.loads(shared("seeds", "gold.json").read_text(encoding="utf-8")):
        gold[Path(record["file"]).stem] = record
    tmp = Path(tempfile.mkdtemp())
    sources = [shared("data", "ir_news_dev", f"{stem}.txt") for stem in gold if not stem.startswith(("ilna", "shab"))]
    subprocess.run([sys.executable, str(shared("eval", "irnews_to_text.py")), str(tmp), *map(str, sources)], check=True)
    return gold, [*sorted(tmp.glob("*.txt")), *sorted(shared("seeds").glob("*.txt"))]


def main() -> None:
    gold, files = gold_records()
    tp = fp = fn = datelines = 0
    misses = []
    for outcome in analyze_paths(files):
        article = outcome.articles[0]
        expected = gold[Path(outcome.source).stem]
        got = {fold(s) for s in article.cited_sources}
        want = {fold(s) for s in expected["cited_sources"]}
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
        datelines += article.dateline == expected.get("dateline")
        if got != want:
            misses.append(f"{Path(outcome.source).stem}: extra {sorted(got - want)} missing {sorted(want - got)}")
    p, r = tp / (tp + fp), tp / (tp + fn)
    print(f"articles {len(files)}  cited sources: precision {p:.3f} recall {r:.3f} F1 {2 * p * r / (p + r):.3f}"
          f"  dateline right: {datelines}/{len(files)}")
    print("\n".join(misses))


if __name__ == "__main__":
    main()
