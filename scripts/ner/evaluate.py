"""Tag PEYMA dev with a tagger and score it with shared/eval/score_ner.py.

usage: evaluate.py [--model-dir DIR] [--out PRED] [--seven]
Writes `token<TAB>TAG` line for line with the gold file, then prints the scorer's JSON. With --seven,
FAC and EVENT predictions (types PEYMA does not annotate) are written as O first.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from common import PEYMA_DEV, SHARED

from rasad.extract.ner_data import PEYMA_TYPES, ZWNJ, read_gold_column, write_tagged

Tagger = Callable[[list[list[str]]], list[list[str]]]


def write_predictions(tag: Tagger, out: Path, seven: bool = False) -> float:
    """Tag PEYMA dev (in-token spaces restored to ZWNJ), write PRED, return tokens per second."""
    sents = read_gold_column(PEYMA_DEV)
    model_input = [[t.replace(" ", ZWNJ) for t in s] for s in sents]
    t0 = time.perf_counter()
    tags = tag(model_input)
    elapsed = time.perf_counter() - t0
    write_tagged(out, sents, tags, PEYMA_TYPES if seven else None)
    return sum(map(len, sents)) / elapsed


def score(pred: Path) -> dict:
    scorer = SHARED / "eval" / "score_ner.py"
    res = subprocess.run([sys.executable, str(scorer), str(PEYMA_DEV), str(pred)],
                         capture_output=True, text=True, check=True)
    return json.loads(res.stdout)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model-dir", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=Path("build/ner/dev_pred.txt"))
    ap.add_argument("--seven", action="store_true")
    args = ap.parse_args()
    from rasad.extract.entities import load_tagger

    tagger = load_tagger(args.model_dir)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tps = write_predictions(tagger.tag, args.out, args.seven)
    report = score(args.out)
    print(json.dumps(report, ensure_ascii=False))
    print(f"micro F1 {report['micro']['f1']:.4f}  tokens/s {tps:,.0f}")


if __name__ == "__main__":
    main()
