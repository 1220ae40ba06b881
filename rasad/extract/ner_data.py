"""Readers for the Persian NER corpora rasad trains on, and the one tag set they are mapped onto.

The tag set is BIO over nine types: PER ORG LOC FAC EVENT DAT TIM MON PCT.

| corpus | its tags | mapped to |
|---|---|---|
| PEYMA (`token|TAG`, B_/I_) | PER ORG LOC DAT TIM MON PCT | the same |
| NSURL-2019 600k (`token<TAB>TAG`) | PER ORG LOC DAT TIM MON PCT | the same |
| Arman (`token TAG`) | pers org loc fac event pro | PER ORG LOC FAC EVENT, pro -> O |
| ParsNER news/wiki (`token<TAB>POS<TAB>TAG`) | PERS LOC ORG MISC | PER LOC ORG, MISC -> O |

Every token goes through `clean_token` (Arabic yeh/kaf to Persian, no tatweel, no BOM, no
diacritics); PEYMA's in-token spaces (where the published text had a ZWNJ) become U+200C.
These readers only read, and `write_tagged` writes the scorer's format; nothing here is needed at run
time but `clean_token`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from pathlib import Path

from rasad.text.letters import MODEL_LETTERS, letter_folds

Sentence = tuple[list[str], list[str]]  # tokens, BIO tags

TYPES = ("PER", "ORG", "LOC", "FAC", "EVENT", "DAT", "TIM", "MON", "PCT")
PEYMA_TYPES = ("PER", "ORG", "LOC", "DAT", "TIM", "MON", "PCT")

ZWNJ = "\u200c"
_CHAR_MAP = str.maketrans(
    {
        **letter_folds(MODEL_LETTERS),  # Arabic yeh and kaf
        "ـ": None,  # tatweel
        "\ufeff": None,  # BOM
        "\u200e": None,  # LRM
        "\u200f": None,  # RLM
        "\u200d": None,  # ZWJ
    }
)
_DIACRITICS = re.compile("[\u064b-\u065f\u0670]")

TYPE_MAP: dict[str, str | None] = {
    "PER": "PER", "PERS": "PER", "pers": "PER",
    "ORG": "ORG", "org": "ORG",
    "LOC": "LOC", "loc": "LOC",
    "FAC": "FAC", "fac": "FAC",
    "EVENT": "EVENT", "event": "EVENT", "EVE": "EVENT",
    "DAT": "DAT", "TIM": "TIM", "MON": "MON", "PCT": "PCT",
    "pro": None, "MISC": None,
}  # fmt: skip


def clean_token(token: str) -> str:
    """The form a token is stored and featurized in: Persian yeh/kaf, no tatweel, BOM or diacritics."""
    return _DIACRITICS.sub("", token.translate(_CHAR_MAP))


def map_tag(tag: str) -> str:
    """One corpus tag (B_PER, B-pers, I-MISC, O) to the BIO tag of the common set."""
    tag = tag.strip()
    if not tag or tag == "O":
        return "O"
    prefix, _, typ = tag.replace("_", "-").partition("-")
    if not typ:  # a bare type: inside
        prefix, typ = "I", prefix
    mapped = TYPE_MAP.get(typ)
    if mapped is None or prefix not in ("B", "I"):
        return "O"
    return f"{prefix}-{mapped}"


def repair_bio(tags: list[str]) -> list[str]:
    """Make tags valid BIO: an I- that does not continue an entity of its type becomes B-."""
    out: list[str] = []
    prev = "O"
    for tag in tags:
        if tag.startswith("I-") and prev[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        out.append(tag)
        prev = tag
    return out


def _read_columns(
    path: Path, split: re.Pattern[str] | str, tag_col: int, require_sep: bool
) -> Iterator[Sentence]:
    tokens: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8-sig") as handle:
        for raw in handle:
            line = raw.rstrip("\r\n")
            if not line.strip():
                if tokens:
                    yield tokens, repair_bio(tags)
                tokens, tags = [], []
                continue
            if isinstance(split, str):
                if require_sep and split not in line:
                    continue  # NSURL: a few lines lack the tab; skip them
                parts = line.split(split)
            else:
                parts = split.split(line)
            if len(parts) < 2:
                continue
            token = parts[0]
            tag = parts[tag_col]
            token = clean_token(token).strip()
            if not token:
                continue
            tokens.append(token)
            tags.append(map_tag(tag))
    if tokens:
        yield tokens, repair_bio(tags)


def read_peyma(path: Path) -> list[Sentence]:
    """PEYMA `token|TAG`; the space inside a token is restored to the ZWNJ it was."""
    out = []
    for tokens, tags in _read_columns(path, re.compile(r"\|(?=[^|]*$)"), -1, False):
        out.append(([re.sub(" +", ZWNJ, t) for t in tokens], tags))
    return out


def read_nsurl(folder: Path) -> list[Sentence]:
    """NSURL-2019 600k, one file per article, `token<TAB>TAG`; lines without a tab are skipped."""
    out: list[Sentence] = []
    for path in sorted(p for p in folder.iterdir() if p.is_file() and p.name != "SOURCE.txt"):
        for tokens, tags in _read_columns(path, "\t", 1, True):
            out.append(([re.sub(" +", ZWNJ, t) for t in tokens], tags))
    return out


def read_arman(folder: Path) -> list[Sentence]:
    """Arman: the three test folds partition the whole corpus; `token TAG`."""
    out: list[Sentence] = []
    for i in (1, 2, 3):
        out.extend(_read_columns(folder / f"test_fold{i}.txt", re.compile(r" (?=\S+$)"), -1, False))
    return out


def read_parsner(folder: Path) -> list[Sentence]:
    """ParsNER news and wiki, train and test, `token<TAB>POS<TAB>TAG`."""
    out: list[Sentence] = []
    for name in ("train_news.pos", "test_news.pos", "train_wiki.pos", "test_wiki.pos"):
        out.extend(_read_columns(folder / name, "\t", -1, True))
    return out


def sentence_key(tokens: list[str]) -> str:
    """A key for finding the same sentence across corpora: letters and digits only, no spacing."""
    return re.sub(r"[\s\u200c\W_]+", "", "".join(clean_token(t) for t in tokens))


def read_gold_column(path: Path) -> list[list[str]]:
    """Tokens of a scorer-format file (`token|TAG`, `token<TAB>TAG`, `token TAG`), sentence by sentence."""
    sents: list[list[str]] = []
    cur: list[str] = []
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    for line in lines:
        if not line.strip():
            if cur:
                sents.append(cur)
            cur = []
            continue
        cur.append(re.split(r"[|\t ](?=[^|\t ]+$)", line)[0])
    if cur:
        sents.append(cur)
    return sents


def write_tagged(path: Path, sentences: list[list[str]], tags: list[list[str]],
                 types: Collection[str] | None = None) -> None:
    """`token<TAB>TAG` line for line, a blank line between sentences (shared/eval/score_ner.py's
    format); spans of a type outside `types` are written as O."""
    with open(path, "w", encoding="utf-8") as handle:
        for tokens, stags in zip(sentences, tags, strict=True):
            for token, tag in zip(tokens, stags, strict=True):
                if types is not None and tag != "O" and tag[2:] not in types:
                    tag = "O"
                handle.write(f"{token}\t{tag}\n")
            handle.write("\n")
