#!/usr/bin/env python3
"""Build the ZWNJ lexicon that rasad.text.zwnj ships, in one command.

usage: build_zwnj_lexicon.py [DATA_DIR] [--out DIR] [--counts DIR] [--exclude-agency NAME ...]
                             [--hazm-words PATH]
       build_zwnj_lexicon.py --compile COUNTS_DIR [--out DIR]

DATA_DIR is the shared data folder (default ../shared/data beside the repository). It reads the
ZWNJ-bearing corpora (IR-News dev, Hamshahri and RadioFarda RSS, the Fars and Varzesh3
articles that keep their ZWNJ, Arman, ParsNER, ParsTwiNER) and
hazm's words.dat when it can be found, writes two gzipped TSV count files to the --counts folder
(default: the --out folder when it is not rasad/data, else build/zwnj), and compiles them into
zwnj_lexicon.bin in the --out folder (default rasad/data), the only file the runtime reads
(rasad.text.zwnj.compile_lexicon). --compile only compiles count files built before.

  zwnj_words.tsv.gz   form<TAB>count        every written form seen at least MIN_COUNT times
                                            (ZWNJ kept), ordered by form
  zwnj_pairs.tsv.gz   left<TAB>right<TAB>none<TAB>space<TAB>zwnj<TAB>sources<TAB>zwnj_sources
                                            how often two units are written joined, with a space
                                            or with a ZWNJ between them; how many sources (outlets,
                                            corpora) wrote the pair 3+ times, and how many of those
                                            used a ZWNJ there at least 10% of the time

--exclude-agency drops IR-News files of an agency (tabnak, roozno, ...) so that the lexicon can be
evaluated on text from an outlet it never saw (see bench/bench_zwnj.py --leave-out).
"""

from __future__ import annotations

import argparse
import collections
import glob
import gzip
import itertools
import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

ZWNJ = "\u200c"
REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO / ".." / "shared" / "data"
DEFAULT_OUT = REPO / "rasad" / "data"
DEFAULT_COUNTS = REPO / "build" / "zwnj"
BASELINE_SITE = REPO / ".venv-baselines" / "lib"
sys.path.insert(0, str(REPO))

from rasad.text.letters import LOOKUP_FOLD  # noqa: E402
from rasad.text.zwnj import (  # noqa: E402
    CONTEXT_FILE,
    CONTEXT_PIECES,
    LEXICON_FILE,
    PAIRS_FILE,
    RARE_FILE,
    WORDS_FILE,
    compile_lexicon,
    rare_trials,
    read_count_lines,
)

# Letter normalization the runtime expects from its caller: Persian yeh and kaf, no diacritics;
# then the runtime's lookup fold (rasad.text.letters.LOOKUP_FOLD): heh for teh marbuta, bare alef and waw.
LETTER_MAP = LOOKUP_FOLD
MARKS = re.compile(r"[\u064b-\u065f\u0670\u0640\u200d\u200e\u200f\u202a-\u202e\ufeff\u200b]")
LETTERS = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06d5"
TOKEN = re.compile(f"[{LETTERS}]+(?:\u200c+[{LETTERS}]+)*")

MIN_COUNT = 2  # a form seen once is more often a typo than a word worth shipping
NAME_WEIGHT = 3  # a given name weighs like three sightings: known (KNOWN_MIN), never split
HAZM_WEIGHT = 2  # hazm's list has no news counts: each entry weighs like two sightings
AFFIX_PARTNERS = 15  # a unit ZWNJ-joined to this many distinct partners is an affix (می, ها, ترین)
MAX_PAIR_TOTAL_MIN = 2  # drop pairs seen fewer times than this in all
SOURCE_MIN = 3  # a source votes on a pair it wrote at least this often
SOURCE_ZWNJ = 0.1  # ... and votes 'ZWNJ' when it used one at least this share of the time
RARE_MAX = 2  # a word the sources wrote this often at most is rare: how rare words take their
# affixes is what restoration needs for the words it never saw
KNOWN_MIN = 3  # the runtime's: a unit seen this often is a known word
CONTEXT_MIN = 2  # a word seen beside an affix fewer times than this is not kept as its context


def clean(text: str) -> str:
    """Fold letters the way the runtime's caller does and drop marks that hide ZWNJ gaps."""
    return MARKS.sub("", text.translate(LETTER_MAP))


def read_ir_news(data: Path, exclude: set[str]) -> Iterator[tuple[str, str]]:
    """(agency, sentence) of IR-News dev files, skipping excluded agencies (file name prefix)."""
    for path in sorted(glob.glob(str(data / "ir_news_dev" / "*_*.txt"))):
        agency = Path(path).name.split("_", 1)[0].rstrip("0123456789")  # sobhane1, sobhane2
        if agency in exclude:
            continue
        for line in Path(path).read_text(encoding="utf-8").split("\n")[2:]:
            if "\t" in line:
                yield agency, line.split("\t", 1)[1]


def read_rss(data: Path) -> Iterator[tuple[str, str]]:
    """Titles and summaries of the Hamshahri and RadioFarda feed items."""
    for name in ("hamshahri.json", "radiofarda.json"):
        path = data / "farsi_news_rss" / name
        if path.exists():
            for item in json.loads(path.read_text(encoding="utf-8")):
                yield name, item.get("title") or ""
                yield name, item.get("summary") or ""


MI_ZWNJ = re.compile("(?<![\u0600-\u06ff])\u0645[\u064a\u06cc]\u200c")
MI_SPACE = re.compile("(?<![\u0600-\u06ff])\u0645[\u064a\u06cc] (?=[\u0600-\u06ff])")


def keeps_zwnj(text: str) -> bool:
    """Whether an article writes its ZWNJ: it has some, and writes the verb prefix 'می' with a
    ZWNJ at least as often as with a space (Varzesh3 and some Fars articles type spaces)."""
    return ZWNJ in text and len(MI_ZWNJ.findall(text)) >= len(MI_SPACE.findall(text))


def read_json_news(data: Path, folder: str) -> Iterator[tuple[str, str]]:
    """Titles, leads and paragraphs of the JSON news dumps (Fars, Varzesh3) whose articles keep
    their ZWNJ (`keeps_zwnj`); each dump is one source."""
    for path in sorted((data / folder).glob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            parts = [item.get("title") or "", item.get("abstract") or "", *(item.get("paragraphs") or [])]
            if keeps_zwnj(" ".join(parts)):
                for part in parts:
                    yield folder, part


def read_token_files(paths: Iterable[str], sep: str | None) -> Iterator[tuple[str, str]]:
    """Sentences rebuilt from one-token-a-line NER files (blank line between sentences)."""
    for path in paths:
        words: list[str] = []
        for line in Path(path).read_text(encoding="utf-8-sig").split("\n"):
            if not line.strip():
                if words:
                    yield Path(path).parent.name, " ".join(words)
                words = []
                continue
            words.append(line.split(sep)[0] if sep else line.rsplit(" ", 1)[0])
        if words:
            yield Path(path).parent.name, " ".join(words)


def read_ner(data: Path) -> Iterator[tuple[str, str]]:
    """Sentences of the NER corpora that keep ZWNJ inside tokens (PEYMA does not: left out)."""
    ner = data / "ner"
    yield from read_token_files(sorted(glob.glob(str(ner / "arman" / "t*_fold1.txt"))), None)
    yield from read_token_files(sorted(glob.glob(str(ner / "parsner_news_wiki" / "*.pos"))), "\t")
    yield from read_token_files(sorted(glob.glob(str(ner / "parstwiner" / "*.txt"))), "\t")


def find_hazm_words(explicit: str | None) -> Path | None:
    """hazm's words.dat: the given path, the importable hazm, or the bench's baseline venv."""
    if explicit:
        return Path(explicit)
    try:
        import importlib.resources

        path = Path(str(importlib.resources.files("hazm") / "data" / "words.dat"))
        if path.exists():
            return path
    except ImportError:
        pass
    found = sorted(BASELINE_SITE.glob("python3*/site-packages/hazm/data/words.dat"))
    return found[0] if found else None


def hazm_warning(explicit: str | None) -> str:
    """What the builder says when hazm's words.dat is absent: the lexicon then lacks hazm's ~190,000
    words (unseen words are read worse, held-out figures fall), so it is said loudly, not dropped."""
    where = explicit or f"the importable hazm, or {BASELINE_SITE}/python3*/site-packages/hazm/data/words.dat"
    return (f"WARNING: hazm's words.dat not found (looked for {where}): this lexicon is built WITHOUT "
            "hazm's word list and is not the one the docs' figures were measured with. Give --hazm-words "
            "PATH, or link the baselines venv as .venv-baselines (bench/setup_baselines.sh).")


class Counts:
    """Form and unit-pair counts gathered over a stream of sentences."""

    def __init__(self) -> None:
        self.forms: collections.Counter[str] = collections.Counter()
        self.pairs: dict[tuple[str, str], list[int]] = collections.defaultdict(lambda: [0, 0, 0])
        # (left, right, source) -> [space, zwnj]: how each outlet or corpus writes a pair
        self.by_source: dict[tuple[str, str, str], list[int]] = collections.defaultdict(lambda: [0, 0])
        self.source = ""
        self.listed: set[str] = set()  # forms from word lists (hazm, names), not sightings
        # ('>', affix, next word) and ('<', word before, affix): the words beside a word that ends
        # in a ZWNJ-written affix of CONTEXT_PIECES ('حرف‌های' | 'او'), to choose between readings
        self.context: collections.Counter[tuple[str, str, str]] = collections.Counter()

    def add_sentence(self, text: str) -> None:
        """Count each token's written form, ZWNJ pairs inside it and space pairs between tokens."""
        text = clean(text)
        prev_end, prev_units = -1, None
        for m in TOKEN.finditer(text):
            form = re.sub("\u200c+", ZWNJ, m.group())
            units = form.split(ZWNJ)
            self.forms[form] += 1
            for left, right in itertools.pairwise(units):
                self.pairs[(left, right)][2] += 1
                self.by_source[(left, right, self.source)][1] += 1
            if prev_units is not None and text[prev_end : m.start()] == " ":
                self.pairs[(prev_units[-1], units[0])][1] += 1
                self.by_source[(prev_units[-1], units[0], self.source)][0] += 1
                if len(prev_units) > 1 and prev_units[-1] in CONTEXT_PIECES:
                    self.context[(">", prev_units[-1], units[0])] += 1
                if len(units) > 1 and units[-1] in CONTEXT_PIECES:
                    self.context[("<", prev_units[-1], units[-1])] += 1
            prev_end, prev_units = m.end(), units

    def add_hazm(self, path: Path) -> None:
        """Add each word of hazm's words.dat (word<TAB>freq<TAB>tags) with a small fixed weight."""
        for line in path.read_text(encoding="utf-8").split("\n"):
            word = clean(line.split("\t", 1)[0].strip())
            if word and TOKEN.fullmatch(word):
                word = re.sub("\u200c+", ZWNJ, word)
                self.forms[word] += HAZM_WEIGHT
                self.listed.add(word)
                units = word.split(ZWNJ)
                for left, right in itertools.pairwise(units):
                    self.pairs[(left, right)][2] += HAZM_WEIGHT

    def add_names(self, paths: Iterable[Path]) -> None:
        """Given names (rasad/data/given_names*.txt) count as known words, so that an unseen name
        that looks affixed ('بهنام' as 'به' + 'نام') stays whole."""
        for path in paths:
            for line in path.read_text(encoding="utf-8").split("\n"):
                word = clean(line.strip())
                if word and not word.startswith("#") and TOKEN.fullmatch(word):
                    self.forms[re.sub("\u200c+", ZWNJ, word)] += NAME_WEIGHT
                    self.listed.add(re.sub("\u200c+", ZWNJ, word))

    def add_joined_counts(self) -> None:
        """A plain form that has a ZWNJ twin ('آنها' / 'آن‌ها') counts as 'none' for its pairs."""
        for form, count in self.forms.items():
            if ZWNJ in form and not form.startswith(ZWNJ):
                plain = self.forms.get(form.replace(ZWNJ, ""), 0)
                units = form.split(ZWNJ)
                for left, right in itertools.pairwise(units):
                    self.pairs[(left, right)][0] += plain * count // max(1, self._zwnj_total(form))

    def add_affix_analyses(self) -> None:
        """Plain forms that parse as affix + word ('میز' = می + ز, 'دیدارها' = دیدار + ها) count as
        'none' for that pair, so that affix statistics also see the words written without ZWNJ."""
        prefixes, suffixes = affixes(self.pairs)
        known = {f for f, n in self.forms.items() if n >= MIN_COUNT and ZWNJ not in f}
        for form in known:
            if form in self._variants:
                continue  # its ZWNJ twin already shared this form's count out
            count = self.forms[form]
            for left, right in affix_splits(form, prefixes, suffixes, known):
                self.pairs[(left, right)][0] += count

    def rare_classes(self) -> collections.Counter[tuple[str, int]]:
        """How the rare words of the sources (RARE_MAX sightings at most, all spellings together)
        are written at each place where they part into a known word and an affix, or into two
        known words: (class key, ZWNJ there or not) -> count of such places (`rare_trials`).
        This is the prior restoration needs for a word it never saw: the affix shares over all
        pair types are pulled down by frequent look-alikes ('سازمان' as 'ساز' + 'مان')."""
        prefixes, suffixes = affixes(self.pairs)
        unit_freq: collections.Counter[str] = collections.Counter()
        totals: collections.Counter[str] = collections.Counter()
        for form, n in self.forms.items():
            totals[form.replace(ZWNJ, "")] += n
            if n >= MIN_COUNT:
                for unit in form.split(ZWNJ):
                    unit_freq[unit] += n
        known = {unit for unit, n in unit_freq.items() if n >= KNOWN_MIN}
        trials: collections.Counter[tuple[str, int]] = collections.Counter()
        for form, n in self.forms.items():
            plain = form.replace(ZWNJ, "")
            if form in self.listed or totals[plain] > RARE_MAX or plain in known:
                continue
            for key, zwnj in rare_trials(form, prefixes, suffixes, known):
                trials[(key, zwnj)] += n
        return trials

    def source_votes(self) -> dict[tuple[str, str], list[int]]:
        """(left, right) -> [sources that wrote the pair SOURCE_MIN times, those of them that used a
        ZWNJ at least SOURCE_ZWNJ of the time]: whether outlets agree, not just the pooled count."""
        votes: dict[tuple[str, str], list[int]] = collections.defaultdict(lambda: [0, 0])
        for (left, right, _), (space, zwnj) in self.by_source.items():
            if space + zwnj >= SOURCE_MIN:
                vote = votes[(left, right)]
                vote[0] += 1
                vote[1] += zwnj >= SOURCE_ZWNJ * (space + zwnj)
        return votes

    def _zwnj_total(self, form: str) -> int:
        return self._variants.get(form.replace(ZWNJ, ""), 1)

    def prepare_variants(self) -> None:
        """Total count of the ZWNJ-bearing forms of each plain key (to share out plain counts)."""
        self._variants: dict[str, int] = collections.Counter()
        for form, count in self.forms.items():
            if ZWNJ in form:
                self._variants[form.replace(ZWNJ, "")] += count


def affix_splits(
    form: str, prefixes: set[str], suffixes: set[str], known: set[str]
) -> Iterator[tuple[str, str]]:
    """Splits of a plain form into prefix + known word or known word + suffix."""
    for i in range(2, len(form) - 1):
        left, right = form[:i], form[i:]
        if (left in prefixes and right in known) or (right in suffixes and left in known):
            yield left, right


def affixes(pairs: dict[tuple[str, str], list[int]]) -> tuple[set[str], set[str]]:
    """Units joined by ZWNJ to many distinct partners: left ones are prefixes, right ones suffixes."""
    left_partners: collections.Counter[str] = collections.Counter()
    right_partners: collections.Counter[str] = collections.Counter()
    for (left, right), (_, _, zwnj) in pairs.items():
        if zwnj:
            left_partners[left] += 1
            right_partners[right] += 1
    return (
        {u for u, n in left_partners.items() if n >= AFFIX_PARTNERS},
        {u for u, n in right_partners.items() if n >= AFFIX_PARTNERS},
    )


def write_lexicon(counts: Counts, out: Path) -> tuple[int, int]:
    """Write both files; keep pairs with ZWNJ evidence or with an affix on either side."""
    out.mkdir(parents=True, exist_ok=True)
    forms = sorted(f for f, n in counts.forms.items() if n >= MIN_COUNT)
    with gzip.open(out / WORDS_FILE, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.writelines(f"{f}\t{counts.forms[f]}\n" for f in forms)
    prefixes, suffixes = affixes(counts.pairs)
    votes = counts.source_votes()
    kept = []
    for (left, right), (none, space, zwnj) in counts.pairs.items():
        if none + space + zwnj < MAX_PAIR_TOTAL_MIN:
            continue
        if zwnj or left in prefixes or right in suffixes:
            seen, agree = votes.get((left, right), (0, 0))
            kept.append((left, right, none, space, zwnj, seen, agree))
    kept.sort()
    with gzip.open(out / PAIRS_FILE, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.writelines("\t".join(map(str, row)) + "\n" for row in kept)
    with gzip.open(out / CONTEXT_FILE, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.writelines(f"{side}\t{a}\t{b}\t{n}\n" for (side, a, b), n in sorted(counts.context.items())
                      if n >= CONTEXT_MIN)
    rare = counts.rare_classes()
    with gzip.open(out / RARE_FILE, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.writelines(f"{key}\t{zwnj}\t{n}\n" for (key, zwnj), n in sorted(rare.items()))
    return len(forms), len(kept)


def compile_counts(counts_dir: Path, out: Path) -> None:
    """Compile the count files of COUNTS_DIR into OUT/zwnj_lexicon.bin."""
    rare, context = counts_dir / RARE_FILE, counts_dir / CONTEXT_FILE
    data = compile_lexicon(read_count_lines(counts_dir / WORDS_FILE), read_count_lines(counts_dir / PAIRS_FILE),
                           read_count_lines(rare) if rare.exists() else [],
                           read_count_lines(context) if context.exists() else [])
    out.mkdir(parents=True, exist_ok=True)
    (out / LEXICON_FILE).write_bytes(data)
    print(f"wrote {out / LEXICON_FILE} ({len(data)} bytes)", file=sys.stderr)


def build(data: Path, out: Path, exclude: set[str], hazm_words: str | None, counts_dir: Path | None = None) -> None:
    """Gather counts from every source, write them to COUNTS_DIR (default OUT) and compile the
    lexicon into OUT."""
    counts = Counts()
    sources = {"ir_news_dev": read_ir_news(data, exclude), "farsi_news_rss": read_rss(data),
               "fars_news": read_json_news(data, "fars_news"), "varzesh3": read_json_news(data, "varzesh3"),
               "ner": read_ner(data)}
    for name, sentences in sources.items():
        n = 0
        for source, sentence in sentences:
            counts.source = source
            counts.add_sentence(sentence)
            n += 1
        print(f"{name}: {n} sentences", file=sys.stderr)
    hazm_path = find_hazm_words(hazm_words)
    if hazm_path and hazm_path.exists():
        counts.add_hazm(hazm_path)
        print(f"hazm words: {hazm_path}", file=sys.stderr)
    else:
        print(hazm_warning(hazm_words), file=sys.stderr)
    counts.add_names(sorted((REPO / "rasad" / "data").glob("given_names*.txt")))
    counts.prepare_variants()
    counts.add_joined_counts()
    counts.add_affix_analyses()
    counts_dir = counts_dir or out
    n_forms, n_pairs = write_lexicon(counts, counts_dir)
    print(f"wrote {n_forms} forms, {n_pairs} pairs to {counts_dir}", file=sys.stderr)
    compile_counts(counts_dir, out)


def main(argv: list[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", nargs="?", default=str(DEFAULT_DATA), help="shared data folder")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="output folder (default rasad/data)")
    parser.add_argument("--exclude-agency", action="append", default=[], help="IR-News agency to leave out")
    parser.add_argument("--hazm-words", default=None, help="path to hazm's words.dat")
    parser.add_argument("--counts", default=None, help="folder of the count files (default: see above)")
    parser.add_argument("--compile", metavar="COUNTS_DIR", default=None, help="only compile these count files")
    args = parser.parse_args(argv)
    out = Path(args.out)
    if args.compile:
        compile_counts(Path(args.compile), out)
        return
    counts = Path(args.counts) if args.counts else (DEFAULT_COUNTS if out.resolve() == DEFAULT_OUT.resolve() else out)
    data = Path(args.data)
    if not (data / "ir_news_dev").is_dir():
        sys.exit(f"no ir_news_dev under {data}: give the shared data folder as the first argument")
    build(data, out, set(args.exclude_agency), args.hazm_words, counts)


if __name__ == "__main__":
    main()
