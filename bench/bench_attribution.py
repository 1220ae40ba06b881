"""Who said what, leave one outlet out: the speaker ranker trained on the other outlets, scored on
the one left out, beside the rules alone, in one run.

usage: python bench/bench_attribution.py [--baseline TREE] [--shipped] [--changes] [--l2 X]

Data: shared/eval/quotes_train (70 articles, 7 outlets) and quotes_dev (20 IR-News articles, from
Roozno and Tabnak: they join those folds). For each outlet, `scripts/train_speaker_ranker.py`'s
`fit` is run on the other outlets' articles and the left-out outlet is analyzed with that model;
every figure is `shared/eval/score_quotes.py` run on the predictions. Reported: each fold, the
mean over folds, the pooled leave-one-outlet-out figure (every fold's predictions scored
together), and the all-in figure (trained and scored on everything). `--baseline TREE` adds,
first in each cell, another checkout of rasad (e.g. /work/main, the code before) run as a user runs
it (`rasad analyze FILES --format jsonl` from that tree) on the same texts. `--shipped` adds the
model shipped in rasad/data scored on everything (trained on it: optimistic). `--changes` lists
every matched quote whose speaker the ranker changed in the leave-one-outlet-out run, right or
wrong by the scorer's `same_person`; `--l2 X` fits with another L2 penalty (its sensitivity).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from common import REPO, SHARED

sys.path.insert(0, str(REPO / "scripts"))

from train_speaker_ranker import L2, OUTLETS, Item, fit, groups_of, load_items

from rasad.extract.quotes import analyze
from rasad.extract.speakers import SpeakerRanker, shipped_ranker

MEASURES = (("direct", "detection"), ("direct", "attribution"), ("all", "attribution"))


def score(items: list[Item], preds: dict[str, list[dict]]) -> dict[tuple[str, str], float]:
    """F1 of each measure by the shared scorer, on these items and their predictions."""
    with tempfile.TemporaryDirectory() as tmp:
        gold_dir = Path(tmp) / "gold"
        gold_dir.mkdir()
        for item in items:
            os.symlink(item.gold_path, gold_dir / item.gold_path.name)
        pred_path = Path(tmp) / "pred.jsonl"
        pred_path.write_text("".join(json.dumps({"file": i.stem, "quotes": preds[i.stem]}, ensure_ascii=False) + "\n"
                                     for i in items), encoding="utf-8")
        out = {}
        for kind, measure in MEASURES:
            run = subprocess.run([sys.executable, "score_quotes.py", str(gold_dir), str(pred_path), "--kind", kind],
                                 cwd=SHARED / "eval", capture_output=True, text=True, check=True)
            out[(kind, measure)] = json.loads(run.stdout)[measure]["f1"]
    return out


def predict(items: list[Item], ranker: SpeakerRanker | str) -> dict[str, list[dict]]:
    return {i.stem: [{"speaker": q.speaker or "", "text": q.text, "kind": q.kind}
                     for q in analyze(i.article, ranker=ranker)[0]] for i in items}


def baseline(tree: Path, items: list[Item]) -> dict[str, list[dict]]:
    """Predictions of another checkout of rasad, run as `rasad analyze --format jsonl` from it."""
    run = subprocess.run([sys.executable, "-c", "from rasad.cli import main; main()", "analyze",
                          *[str(i.path) for i in items], "--format", "jsonl"],
                         cwd=tree, capture_output=True, text=True, check=True)
    out: dict[str, list[dict]] = {}
    for line in run.stdout.splitlines():
        if line.strip():
            record = json.loads(line)
            out[Path(record["file"]).stem] = record.get("quotes", [])
    return out


def row(label: str, n: int, before: dict, after: dict, base: dict | None = None) -> str:
    first = (lambda m: f"{base[m]:.3f} → ") if base is not None else (lambda m: "")
    cells = " | ".join(f"{first(m)}{before[m]:.3f} → **{after[m]:.3f}**" for m in MEASURES)
    return f"| {label} | {n} | {cells} |"


def changes(items: list[Item], rules: dict[str, list[dict]], ranked: dict[str, list[dict]]) -> None:
    """The matched quotes whose speaker the ranker changed, each right or wrong."""
    sys.path.insert(0, str(SHARED / "eval"))
    import score_quotes
    import textfold

    right = wrong = 0
    for item in items:
        for gi, pi in score_quotes.match(item.gold, ranked[item.stem]):
            gold = item.gold[gi]["speaker"]
            before, after = rules[item.stem][pi]["speaker"], ranked[item.stem][pi]["speaker"]
            now, then = textfold.same_person(gold, after), textfold.same_person(gold, before)
            if now != then:
                right, wrong = right + now, wrong + then
                print(f"- {item.stem} ({item.gold[gi]['kind']}): {before} → {after}: {'right' if now else 'WRONG'}")
    print(f"ranker changed {right + wrong} speakers: {right} right, {wrong} wrong")


def main(argv: list[str]) -> None:
    items = load_items(SHARED)
    l2 = float(argv[argv.index("--l2") + 1]) if "--l2" in argv else L2
    tree = Path(argv[argv.index("--baseline") + 1]) if "--baseline" in argv else None
    base = baseline(tree, items) if tree is not None else None
    folds = [name for name, _ in OUTLETS if any(i.outlet == name for i in items)]
    print("| fold (left out) | articles | direct detection F1 | direct attribution F1 | all-kind attribution F1 |")
    print("|---|---|---|---|---|")
    pooled_rules: dict[str, list[dict]] = {}
    pooled_model: dict[str, list[dict]] = {}
    means: dict[tuple[str, str], list[float]] = {m: [] for m in MEASURES}
    means_rules: dict[tuple[str, str], list[float]] = {m: [] for m in MEASURES}
    means_base: dict[tuple[str, str], list[float]] = {m: [] for m in MEASURES}
    for name in folds:
        test = [i for i in items if i.outlet == name]
        train = [i for i in items if i.outlet != name]
        model = fit(groups_of(train, SHARED), l2=l2)
        rules, ranked = predict(test, "rules"), predict(test, model)
        pooled_rules.update(rules)
        pooled_model.update(ranked)
        before, after = score(test, rules), score(test, ranked)
        base_fold = score(test, base) if base is not None else None
        for m in MEASURES:
            means[m].append(after[m])
            means_rules[m].append(before[m])
            if base_fold is not None:
                means_base[m].append(base_fold[m])
        print(row(name, len(test), before, after, base_fold), flush=True)
    mean_b = {m: sum(v) / len(v) for m, v in means_rules.items()}
    mean_a = {m: sum(v) / len(v) for m, v in means.items()}
    mean_base = {m: sum(v) / len(v) for m, v in means_base.items()} if base is not None else None
    print(row("mean of folds", len(items), mean_b, mean_a, mean_base))
    base_all = score(items, base) if base is not None else None
    print(row("**pooled leave-one-outlet-out**", len(items), score(items, pooled_rules), score(items, pooled_model),
              base_all))
    everything = fit(groups_of(items, SHARED), l2=l2)
    print(row("all-in (trained on all, scored on all)", len(items), score(items, pooled_rules),
              score(items, predict(items, everything)), base_all))
    if "--shipped" in argv:
        shipped = shipped_ranker()
        if shipped is not None:
            print(row("shipped model, scored on all", len(items), score(items, pooled_rules),
                      score(items, predict(items, shipped))))
    print(f"(each cell: {'baseline ' + str(tree) + ' → ' if tree else ''}rules alone → rules and ranker)")
    if "--changes" in argv:
        changes(items, pooled_rules, pooled_model)


if __name__ == "__main__":
    main(sys.argv)
