#!/usr/bin/env python3
"""Fit the speaker ranker (`rasad.extract.speakers`) on the annotated quotes and write
rasad/data/speaker_ranker.json.

usage: python scripts/train_speaker_ranker.py [SHARED_DIR] [--out PATH]

Training data: the 70 articles of SHARED/eval/quotes_train (text/ and gold/) and the 20 of
SHARED/eval/quotes_dev (their texts made from SHARED/data/ir_news_dev by the kit's own
irnews_to_text.py). Each article is read as rasad reads it (parse, normalize); the rules find the
quotes; a found quote that matches a gold one (the scorer's own matching, token F1 >= 0.5) gives a
group of candidates, labelled by the scorer's `same_person` with the gold speaker. The model is a
conditional logit (softmax over a quote's candidates), one weight row per kind of speaker words,
fitted by full-batch gradient descent with an L2 penalty, in numpy.
"""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from types import ModuleType

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rasad.acquire.files import read_document  # noqa: E402
from rasad.extract.quotes import analyze, resolve  # noqa: E402
from rasad.extract.speakers import FEATURES, KINDS, RULES_KEEP, SpeakerRanker  # noqa: E402
from rasad.models import Article  # noqa: E402
from rasad.parse import parse_document  # noqa: E402
from rasad.pipeline import EntityStage, entity_stage  # noqa: E402

L2 = 0.02
STEPS = 400
RATE = 0.5

OUTLETS = (("fars", "fars-news"), ("varzesh3", "varzesh3"), ("tabnak", "tabnak_data"),
           ("roozno", "roozno_data"), ("sobhaneh", "sobhane2"), ("mashregh", "mashregh"),
           ("radiofarda", "radiofarda"))


def outlet_of(stem: str) -> str:
    return next((name for name, prefix in OUTLETS if stem.startswith(prefix)), "other")


def eval_kit(shared: Path) -> tuple[ModuleType, ModuleType, ModuleType]:
    """The shared scorer's modules (textfold, score_quotes, irnews_to_text)."""
    sys.path.insert(0, str(shared / "eval"))
    import irnews_to_text
    import score_quotes
    import textfold
    return textfold, score_quotes, irnews_to_text


@dataclass
class Item:
    stem: str
    outlet: str
    set: str  # quotes_train or quotes_dev
    path: Path  # the article's text
    gold_path: Path
    article: Article
    gold: list[dict]


def load_items(shared: Path) -> list[Item]:
    """Every annotated article, read as rasad reads it, with its gold quotes."""
    _, _, irnews = eval_kit(shared)
    items = []
    train = shared / "eval" / "quotes_train"
    for text in sorted((train / "text").glob("*.txt")):
        gold = train / "gold" / f"{text.stem}.json"
        items.append(_item(text, gold, "quotes_train"))
    tmp = Path(tempfile.mkdtemp(prefix="rasad-quotes-dev-"))
    for gold in sorted((shared / "eval" / "quotes_dev").glob("*.json")):
        text = tmp / f"{gold.stem}.txt"
        text.write_text(irnews.convert(str(shared / "data" / "ir_news_dev" / f"{gold.stem}.txt")), encoding="utf-8")
        items.append(_item(text, gold, "quotes_dev"))
    return items


def _item(text: Path, gold: Path, which: str) -> Item:
    """An article read as the pipeline reads it up to the quotes: parsed and normalized, with the
    named entities the shipped tagger finds (the ranker's organizations, people the lexicon misses)."""
    article = _entities()(parse_document(read_document(text))[0])
    quotes = json.loads(gold.read_text(encoding="utf-8"))["quotes"]
    return Item(text.stem, outlet_of(text.stem), which, text, gold, article, quotes)


@lru_cache(maxsize=1)
def _entities() -> EntityStage:
    return entity_stage()


Group = tuple[int, np.ndarray, np.ndarray]  # kind, features (candidates x FEATURES), labels


def groups_of(items: list[Item], shared: Path) -> list[Group]:
    """Training groups: one per found quote that matches a gold quote and has a right candidate."""
    textfold, score_quotes, _ = eval_kit(shared)
    out = []
    for item in items:
        quotes, _ = analyze(item.article, ranker="rules")
        res = resolve(item.article)
        pred = [{"text": q.text} for q in quotes]
        rows = res.candidates()
        for gi, pi in score_quotes.match(item.gold, pred):
            kind, cands, x = rows[pi]
            if x is None or res.found[pi].settled:
                continue  # a kind the rules decide alone
            y = np.array([textfold.same_person(item.gold[gi]["speaker"], c.name) if c.name else False
                          for c in cands], dtype=np.float64)
            if y.any() and len(cands) > 1 and kind not in RULES_KEEP:
                out.append((kind, x, y))
    return out


def fit(groups: list[Group], l2: float = L2, steps: int = STEPS, rate: float = RATE) -> SpeakerRanker:
    """Softmax over each group's candidates, the right ones sharing the target; starts from
    weights that keep the rules' choice."""
    w = np.zeros((len(KINDS), len(FEATURES)))
    w[:, FEATURES.index("rule")] = 1.0
    by_kind: dict[int, list[tuple[np.ndarray, np.ndarray]]] = {}
    for kind, x, y in groups:
        by_kind.setdefault(kind, []).append((x, y / y.sum()))
    n = max(1, len(groups))
    for _ in range(steps):
        grad = l2 * w
        for kind, pairs in by_kind.items():
            for x, t in pairs:
                s = x @ w[kind]
                p = np.exp(s - s.max())
                p /= p.sum()
                grad[kind] += x.T @ (p - t) / n
        w -= rate * grad
    return SpeakerRanker(w)


def main(argv: list[str]) -> None:
    args = [a for a in argv[1:] if not a.startswith("--out")]
    out = ROOT / "rasad" / "data" / "speaker_ranker.json"
    if "--out" in argv:
        out = Path(argv[argv.index("--out") + 1])
        args = [a for a in args if a != str(out)]
    shared = Path(args[0]) if args else ROOT.parent / "shared"
    items = load_items(shared)
    groups = groups_of(items, shared)
    model = fit(groups)
    data = model.to_json(
        trained_on=f"{len(items)} articles: shared/eval/quotes_train (70) and quotes_dev (20); "
                   f"{len(groups)} quotes with a right candidate",
        built=datetime.now(UTC).strftime("%Y-%m-%d"),
        command="python scripts/train_speaker_ranker.py ../shared",
        hyper={"l2": L2, "steps": STEPS, "rate": RATE})
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(groups)} groups from {len(items)} articles -> {out}")


if __name__ == "__main__":
    main(sys.argv)
