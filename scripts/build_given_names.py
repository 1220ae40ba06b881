"""Build rasad/data/given_names.txt: Persian given names from the PER entities of NER corpora.

usage: python scripts/build_given_names.py [SHARED_DIR] [OUT]
Reads ../shared/data/ner/{arman,peyma,nsurl_600k} (research-use licenses; see rasad/data/README.md),
takes the first token of every person entity of two or more tokens (honorifics skipped), and keeps
tokens seen first in a name more often than last, and inside person names in at least
MIN_NAME_SHARE of all their occurrences (so `به` or `این`, tagged by mistake, stay out).
Only the derived word list is written; no corpus text is copied.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

MIN_DOCS = 1
MIN_NAME_SHARE = 0.5  # a word must be part of a person's name in half of its occurrences
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from rasad.text.letters import YEH_KAF, letter_folds  # noqa: E402

FOLD = str.maketrans(letter_folds(YEH_KAF + "ۀ"))
PERSIAN = re.compile("^[\u0600-\u06ff\u200c]{2,}$")


def _words(name: str) -> set[str]:
    """Single words of a data file of rasad (honorifics, role heads): never given names."""
    text = (REPO / "rasad" / "data" / name).read_text(encoding="utf-8")
    return {w for line in text.splitlines() if not line.startswith("#") for w in line.split()}


SKIP = _words("honorifics.txt")
# common nouns that annotators sometimes tagged as the first token of a person entity
COMMON_NOUNS = (
    "خبر جنگ فدراسیون تخت مستخدمین علامه جابری تیم باشگاه شرکت دولت وزارت سازمان حضرت امام شاه "
    "ملکه پادشاه شاهزاده پرنس ژنرال شهید مرحوم رهبر نماینده آقایان خانم‌ها برادر خواهر پدر مادر "
    "همسر پسر دختر فرزند"
)
NOT_NAMES = SKIP | _words("role_heads.txt") | set(COMMON_NOUNS.split())


def _sentences(path: Path, sep: str | None) -> Iterator[list[tuple[str, str]]]:
    sent: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.strip()
        if not line:
            if sent:
                yield sent
            sent = []
            continue
        parts = line.rsplit(sep, 1) if sep else line.rsplit(None, 1)
        if len(parts) == 2:
            sent.append((parts[0].translate(FOLD).replace(" ", "\u200c"), parts[1]))
    if sent:
        yield sent


def _entities(sent: list[tuple[str, str]]) -> Iterator[list[str]]:
    cur: list[str] = []
    for tok, tag in sent:
        tag = tag.replace("_", "-").lower()
        if tag.startswith("b-") and tag[2:] in ("per", "pers"):
            if cur:
                yield cur
            cur = [tok]
        elif tag.startswith("i-") and tag[2:] in ("per", "pers") and cur:
            cur.append(tok)
        else:
            if cur:
                yield cur
            cur = []
    if cur:
        yield cur


def collect(shared: Path) -> Counter[str]:
    """First words of person entities that are mostly names wherever the word occurs."""
    ner = shared / "data" / "ner"
    sources = [(p, None) for p in sorted((ner / "arman").glob("test_fold*.txt"))]
    sources += [(ner / "peyma" / "train.txt", "|"), (ner / "peyma" / "dev.txt", "|")]
    sources += [(p, "\t") for p in sorted((ner / "nsurl_600k").glob("*")) if p.name != "SOURCE.txt"]
    seen: set[tuple[str, ...]] = set()
    first: Counter[str] = Counter()
    last: Counter[str] = Counter()
    as_name: Counter[str] = Counter()  # occurrences inside a person entity
    total: Counter[str] = Counter()  # all occurrences
    for path, sep in sources:
        for sent in _sentences(path, sep):
            total.update(tok for tok, _ in sent)
            as_name.update(tok for tok, tag in sent if tag.lower().endswith(("per", "pers")))
            for ent in _entities(sent):
                ent = [t for t in ent if t not in SKIP]
                if len(ent) < 2 or tuple(ent) in seen:
                    continue
                seen.add(tuple(ent))
                first[ent[0]] += 1
                last[ent[-1]] += 1
    return Counter({n: c for n, c in first.items()
                    if c >= MIN_DOCS and c > last[n] and PERSIAN.match(n) and n not in NOT_NAMES
                    and as_name[n] >= MIN_NAME_SHARE * total[n]})


def main(argv: list[str]) -> None:
    shared = Path(argv[1]) if len(argv) > 1 else REPO.parent / "shared"
    out = Path(argv[2]) if len(argv) > 2 else REPO / "rasad" / "data" / "given_names.txt"
    names = collect(shared)
    lines = ["# Persian given names, derived by scripts/build_given_names.py (see README.md)"]
    lines += sorted(names)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(names)} names -> {out}")


if __name__ == "__main__":
    main(sys.argv)
