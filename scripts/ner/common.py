"""Paths and corpus loading shared by the NER build scripts."""

from __future__ import annotations

import ast
import contextlib
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

from rasad.extract.ner_data import (
    Sentence,
    read_arman,
    read_nsurl,
    read_parsner,
    read_peyma,
    sentence_key,
)
from rasad.text.tokenize import token_spans

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("RASAD_SHARED", REPO.parent / "shared")).resolve()
DATA = SHARED / "data"
NER = DATA / "ner"
PEYMA_DEV = NER / "peyma" / "dev.txt"
BUILD = REPO / "build" / "ner"
PACKAGE_DATA = REPO / "rasad" / "data" / "ner"
CLUSTERS = BUILD / "clusters.tsv"  # word clusters (CRF features), from build_clusters.py
GAZETTEER = BUILD / "gazetteer_loc.txt"  # provinces and cities, from build_gazetteer.py


ALL = ("peyma", "nsurl", "arman", "parsner")


def load_training(include: tuple[str, ...] = ALL) -> dict[str, list[Sentence]]:
    """The training corpora, each with PEYMA dev sentences (exact or >50% of 8-grams) removed."""
    readers = {
        "peyma": lambda: read_peyma(NER / "peyma" / "train.txt"),
        "nsurl": lambda: read_nsurl(NER / "nsurl_600k"),
        "arman": lambda: read_arman(NER / "arman"),
        "parsner": lambda: read_parsner(NER / "parsner_news_wiki"),
    }
    dev = read_peyma(PEYMA_DEV)
    return {name: remove_overlap(readers[name](), dev, name) for name in include}


def read_columns(path: Path) -> list[Sentence]:
    """`token<TAB>TAG` lines, a blank line between sentences (pseudo_label.py's output)."""
    sents: list[Sentence] = [([], [])]
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if sents[-1][0]:
                sents.append(([], []))
            continue
        token, tag = line.split("\t")[:2]
        sents[-1][0].append(token)
        sents[-1][1].append(tag)
    return [s for s in sents if s[0]]


def _grams(tokens: list[str], n: int = 8) -> list[tuple[str, ...]]:
    words = [re.sub(r"[\u200c\s]", "", t) for t in tokens]
    return [tuple(words[i : i + n]) for i in range(len(words) - n + 1)]


def remove_overlap(
    corpus: list[Sentence], dev: list[Sentence], name: str, verbose: bool = True
) -> list[Sentence]:
    dev_keys = {sentence_key(t) for t, _ in dev}
    dev_grams = {g for t, _ in dev for g in _grams(t)}
    kept, exact, near = [], 0, 0
    for tokens, tags in corpus:
        if sentence_key(tokens) in dev_keys:
            exact += 1
            continue
        grams = _grams(tokens)
        if grams and sum(g in dev_grams for g in grams) / len(grams) > 0.5:
            near += 1
            continue
        kept.append((tokens, tags))
    if verbose:
        print(f"{name}: {len(corpus)} sentences, dropped {exact} equal to a PEYMA dev sentence, "
              f"{near} sharing >50% of 8-grams with dev; kept {len(kept)}")
    return kept


def news_texts() -> Iterator[str]:
    """Plain text of the unlabeled news in shared/data (never PEYMA dev)."""
    for path in sorted((DATA / "ir_news_dev").glob("*_*.txt")):
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            if i == 0:
                yield line.split("###")[1] if "###" in line else ""
            elif "\t" in line:
                yield line.split("\t", 1)[1]
    for sub in ("fars_news", "varzesh3", "farsi_news_rss"):
        for path in sorted((DATA / sub).glob("*.json")):
            for item in json.loads(path.read_text(encoding="utf-8")):
                for key in ("title", "abstract", "summary", "paragraphs"):
                    value = item.get(key)
                    if not value:
                        continue
                    if isinstance(value, list):
                        value = "\n".join(map(str, value))
                    elif key == "paragraphs" and value.startswith("["):
                        with contextlib.suppress(ValueError, SyntaxError):
                            value = "\n".join(ast.literal_eval(value))
                    yield value


def tokenize(text: str) -> list[str]:
    return [t for t, _, _ in token_spans(text)]
