"""Train the CRF tagger (python-crfsuite) and score it on PEYMA dev.

usage: train_crf.py [--corpora peyma,nsurl] [--out DIR] [--iterations N] [--c1 X] [--c2 X]
Features: rasad/extract/_ner_features.py; clusters and gazetteer from build/ner/ (build_clusters.py,
build_gazetteer.py), copied beside the model.
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path

import pycrfsuite
from common import BUILD, CLUSTERS, GAZETTEER, load_training
from evaluate import score, write_predictions

from rasad.extract._crf import CrfTagger, load_clusters, load_gazetteer
from rasad.extract._ner_features import sentence_features


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpora", default="peyma,nsurl")
    ap.add_argument("--out", type=Path, default=BUILD / "crf")
    ap.add_argument("--iterations", type=int, default=150)
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--minfreq", type=float, default=1)
    args = ap.parse_args()
    t0 = time.time()
    clusters = load_clusters(CLUSTERS)
    gazetteer = load_gazetteer(GAZETTEER)
    trainer = pycrfsuite.Trainer(verbose=True)
    ntok = 0
    for name, corpus in load_training(tuple(args.corpora.split(","))).items():
        for tokens, tags in corpus:
            trainer.append(sentence_features(tokens, clusters, gazetteer), tags)
            ntok += len(tokens)
        print(name, "appended", f"({time.time() - t0:.0f}s)", flush=True)
    trainer.set_params({"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations,
                        "feature.minfreq": args.minfreq, "feature.possible_transitions": True})
    args.out.mkdir(parents=True, exist_ok=True)
    model = args.out / "crf.crfsuite"
    trainer.train(str(model))
    size = model.stat().st_size / 1e6
    print(f"trained on {ntok} tokens in {time.time() - t0:.0f}s; {size:.1f} MB", flush=True)
    for path in (CLUSTERS, GAZETTEER):
        shutil.copy(path, args.out / path.name)
    spec = {"backend": "crf", "model": "crf.crfsuite", "clusters": "clusters.tsv",
            "gazetteer": "gazetteer_loc.txt", "trained_on": args.corpora.split(","),
            "c1": args.c1, "c2": args.c2, "iterations": args.iterations}
    (args.out / "model.json").write_text(json.dumps(spec, indent=1))
    tagger = CrfTagger(model, args.out / "clusters.tsv", args.out / "gazetteer_loc.txt")
    tps = write_predictions(tagger.tag, args.out / "dev_pred.txt")
    report = score(args.out / "dev_pred.txt")
    (args.out / "dev_score.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
    print(json.dumps(report, ensure_ascii=False))
    print(f"micro F1 {report['micro']['f1']:.4f}  tokens/s {tps:,.0f}")


if __name__ == "__main__":
    main()
