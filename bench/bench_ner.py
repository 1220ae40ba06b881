"""NER benchmark: PEYMA dev entity F1 per type, tokens per second on one core, load time, model size.

usage: python -m bench.bench_ner [--ner-model DIR] [--json OUT]
Needs ../shared (or RASAD_SHARED). Scoring is shared/eval/score_ner.py's (exact span and type).
Two scores: `all` (the model's output as is: FAC and EVENT predictions, which PEYMA does not
annotate, count as false positives) and `seven` (FAC and EVENT written as O: PEYMA's seven types).
Out of domain, `tweets`: ParsTwiNER test (informal tweets, never trained or tuned on) over PER, LOC
and ORG, the types both tag sets share.
Speed: two passes over dev in one process with one BLAS thread; the first starts with a cold
word cache, the second is warm. Both wall-clock and CPU-time rates are given: on a machine other
jobs share, tokens per CPU second is the steadier measure of what one core does.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rasad.extract.ner_data import PEYMA_TYPES, ZWNJ, read_gold_column, write_tagged

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RASAD_SHARED", REPO.parent / "shared"))


def score_tags(gold_path: Path, sentences: list[list[str]], tags: list[list[str]],
               types: tuple[str, ...] | None) -> dict:
    """The shared scorer's report for predicted tags of the gold file's sentences (spans of a type
    outside `types` written as O first)."""
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "pred.txt"
        write_tagged(pred, sentences, tags, types)
        res = subprocess.run([sys.executable, str(SHARED / "eval" / "score_ner.py"), str(gold_path), str(pred)],
                             capture_output=True, text=True, check=True)
    return json.loads(res.stdout)


TWEET_TYPES = ("PER", "LOC", "ORG")


def tweets_report(tagger) -> dict:
    """Out of domain: ParsTwiNER test (informal tweets; never trained or tuned on), scored on the three
    types both tag sets share. Its NAT, POG and EVE spans and the model's other types count as O."""
    path = SHARED / "data" / "ner" / "parstwiner" / "test.txt"
    sents, gold = [], []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        rows = [line.split("\t") for line in block.splitlines() if line.strip()]
        if rows:
            sents.append([r[0] for r in rows])
            gold.append([r[-1] for r in rows])
    with tempfile.TemporaryDirectory() as tmp:
        gold_path = Path(tmp) / "gold.txt"
        write_tagged(gold_path, sents, gold, TWEET_TYPES)
        return score_tags(gold_path, sents, tagger.tag(sents), TWEET_TYPES)


def load_seconds(model_dir: Path | None) -> float:
    """Import and load in a fresh interpreter: what a user waits for on first use."""
    code = (
        "import time; t = time.perf_counter(); from rasad.extract.entities import load_tagger; "
        f"load_tagger({str(model_dir)!r} if {model_dir is not None} else None); "
        "print(time.perf_counter() - t)"
    )
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    return float(out.stdout.strip())


def model_size(model_dir: Path) -> int:
    return sum(p.stat().st_size for p in model_dir.iterdir() if p.is_file() and p.name != "README.md")


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ner-model", type=Path, default=None)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    from rasad.extract.entities import default_model_dir, load_tagger

    gold = SHARED / "data" / "ner" / "peyma" / "dev.txt"
    if not gold.is_file():
        sys.exit(f"{gold} not found: set RASAD_SHARED to the shared folder")
    model_dir = args.ner_model or default_model_dir()
    load_s = load_seconds(args.ner_model)
    tagger = load_tagger(args.ner_model)
    sents = read_gold_column(gold)
    model_input = [[t.replace(" ", ZWNJ) for t in s] for s in sents]
    ntok = sum(map(len, sents))
    speeds, cpu_speeds = [], []
    for _ in range(2):
        t0, c0 = time.perf_counter(), time.process_time()
        tags = tagger.tag(model_input)
        speeds.append(ntok / (time.perf_counter() - t0))
        cpu_speeds.append(ntok / (time.process_time() - c0))
    report = {
        "model_dir": str(model_dir),
        "tokens": ntok,
        "tokens_per_s_cold": round(speeds[0]),
        "tokens_per_s_warm": round(speeds[1]),
        "tokens_per_cpu_s_cold": round(cpu_speeds[0]),
        "tokens_per_cpu_s_warm": round(cpu_speeds[1]),
        "load_s": round(load_s, 3),
        "model_bytes": model_size(Path(model_dir)),
        "seven": score_tags(gold, sents, tags, PEYMA_TYPES),
        "all": score_tags(gold, sents, tags, None),
        "tweets": tweets_report(tagger),
    }
    print(f"model {model_dir}: {report['model_bytes'] / 1e6:.1f} MB, loads in {load_s:.2f} s")
    print(f"PEYMA dev, {ntok} tokens, one thread: {speeds[0]:,.0f} tokens/s wall-clock cold, "
          f"{speeds[1]:,.0f} warm; per CPU second {cpu_speeds[0]:,.0f} cold, {cpu_speeds[1]:,.0f} warm")
    print(f"{'type':6} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5}   (PEYMA's seven types)")
    for typ, r in report["seven"].items():
        print(f"{typ:6} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f} {r['gold']:5}")
    print(f"micro F1 with FAC/EVENT output counted as errors: {report['all']['micro']['f1']:.4f}")
    tweets = report["tweets"]
    print("out of domain, ParsTwiNER test (PER LOC ORG): micro F1 "
          f"{tweets['micro']['f1']:.4f}; " + ", ".join(f"{t} {tweets[t]['f1']:.3f}" for t in TWEET_TYPES))
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return report


if __name__ == "__main__":
    main()
