"""Restore the zero-width non-joiner (ZWNJ, U+200C) that scraped Persian text loses.

Scrapers damage ZWNJ two ways: they delete it ('میشود', 'همکاریهای') or turn it into a space
('می شود', 'روش های'). ``restore_zwnj`` repairs both from a lexicon learned from news text
(``rasad/data/zwnj_lexicon.bin``, built by ``scripts/build_zwnj_lexicon.py``):

1. each run of letters ('unit') is looked up as a whole: the way the corpus usually writes it wins;
2. a unit the corpus never saw is split into a known word and an affix ('می', 'ها', 'ترین', ...)
   only when the statistics of that affix say the split is usually written with a ZWNJ, so words
   that merely look affixed ('میز', 'تهران', 'همایش') stay whole;
3. a single space between two units becomes a ZWNJ when the corpus writes that pair (or that affix
   after that kind of word) with a ZWNJ often enough.

For a unit no source wrote, the share of step 2 comes first from the sources' rare words (how a
word seen at most twice is written where it parts into a known word and an affix, or into two known
words: `rare_trials`), the closest thing to a word never seen. A word the corpus spells two ways
with different affixes ('حرفه‌ای' / 'حرف‌های') is read by its neighbouring words (`_by_context`),
and so is an unseen one that parts both ways ('مقرهای': `_unseen_readings`).
Two models decide what the tables cannot: a character n-gram model of the letters around each place
(`rasad.text.zwnj_ngram`) splits or keeps a word no source wrote, and a line's odds of deleted
against spaced ZWNJ (`rasad.text.zwnj_damage`) say which damage to repair, leaving the writer's
own spaces or joined words as they are.

The input is expected letter-normalized (Persian yeh and kaf, no diacritics or tatweel). Only
spaces and ZWNJ are ever changed, and never a newline. Decisions are cached per unit and per pair.

The builder counts spellings, pairs, rare-word places and neighbours (``zwnj_words.tsv.gz``,
``zwnj_pairs.tsv.gz``, ``zwnj_rare.tsv.gz``, ``zwnj_context.tsv.gz``) and
``compile_lexicon`` turns the counts into the tables restoration reads (preferred spellings, known
units, pair counts, affix shares), stored compact so that loading them takes a few tens of ms.
"""

from __future__ import annotations

import array
import gzip
import importlib.resources
import itertools
import json
import re
import sys
import zlib
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, repeat
from operator import itemgetter, ne
from pathlib import Path

from rasad.text import zwnj_filter, zwnj_ngram
from rasad.text.letters import LOOKUP_FOLD
from rasad.text.zwnj_damage import (
    DAMAGE_MARGIN,
    DELETED_SPACE_SHARE,
    SPACED_MARGIN,
    deletion_log_odds,
    evidence_filter,
    evidence_settings,
)
from rasad.text.zwnj_filter import FILTER_MUL, unit_code

__all__ = [
    "ZWNJ",
    "ZwnjLexicon",
    "compile_lexicon",
    "join_spaced_pair",
    "known_word",
    "load_lexicon",
    "restore_document",
    "restore_joined",
    "restore_spaced",
    "restore_unit",
    "restore_zwnj",
    "use_lexicon_dir",
    "zero_width_break",
]

ZWNJ = "\u200c"
LETTERS = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06d5"
TOKEN = re.compile(f"[{LETTERS}]+(?:\u200c+[{LETTERS}]+)*")
_PARTS = re.compile(f"({TOKEN.pattern})")  # split: the gaps between tokens and the tokens
WORDS_FILE = "zwnj_words.tsv.gz"
PAIRS_FILE = "zwnj_pairs.tsv.gz"
RARE_FILE = "zwnj_rare.tsv.gz"
CONTEXT_FILE = "zwnj_context.tsv.gz"
LEXICON_FILE = "zwnj_lexicon.bin"
_MAGIC = b"rasad-zwnj-lexicon 2\n"

KNOWN_MIN = 3  # a unit seen this often (alone or as a ZWNJ piece) is a word, not a typo
WHOLE_SHARE = 0.3  # a ZWNJ form of a known unit wins when it is at least this share of its spellings
SPLIT_SHARE = 0.5  # an unknown unit is split when the split is written with ZWNJ this often
PAIR_MIN = 2  # fewer sightings of a pair than this: judge it by its affix class instead
SPACE_SHARE = 0.5  # a spaced pair becomes ZWNJ when written with ZWNJ this share of the time (0.6 before
# session 10: chosen by leave one outlet out, docs/benchmarks.md "ZWNJ: the spaced-pair share")
MIN_PIECE = 2  # letters of the shortest piece a split may produce
MAX_DEPTH = 2  # affixes stacked on one unknown unit ('اطلاعرسانیهایشان')
AFFIX_PARTNERS = 15  # same as the builder's: a unit ZWNJ-joined to this many others is an affix
VOTES_MIN = 2  # sources needed before their agreement is asked
SOURCE_AGREE = 0.6  # share of those sources that must write the pair with a ZWNJ
ALL_AGREE_MIN = 3  # when this many sources all write a pair with a ZWNJ at times ...
ALL_AGREE_SHARE = 0.6  # ... its share counts as at least this
STRICT_SPACE_SHARE = 0.9  # the same, in text that shows its ZWNJ were deleted, not spaced
SURE_PLAIN = 0.1  # a unit written plain less than this share of the time is sure damage when plain
SURE_SHARE = 0.9  # an affix split this sure is, too
SPACED_SIGN = 0.85  # a space where the corpus writes a ZWNJ this surely: the line's ZWNJ became spaces
# A text (`restore_document`) whose lines' summed odds reach this either way is repaired as one
# damage in every line; each line brings at most DOCUMENT_LINE_CAP of them, so that one long odd
# line cannot decide an article.
DOCUMENT_MARGIN = 1.0
DOCUMENT_LINE_CAP = 8.0
CACHE_SIZE = 1 << 15  # units, tokens and pairs whose decision is remembered (bounds the memory)
SHARE_CACHE_SIZE = 1 << 14  # the same for spaced pairs' shares (each ~220 bytes in an lru_cache)
# Pair types a prefix class needs before it joins two spaced words no source wrote together: a
# word that is also a free-standing noun ('نمک' in 'نمک‌زدایی') has a few dozen; 'می', 'بی' hundreds.
SPACED_CLASS_MIN = 60
CLASS_MIN = 5  # pair types an affix class needs before its share is trusted
RARE_CLASS_MIN = 10  # places in rare words a class needs before its rare-word share is trusted
COMPOUND_MIN = 3  # letters of each known word of a compound read in a rare word ('سیاست|ورزی')
# Affixes whose neighbours are counted (the builder's context file), and what makes a word
# ambiguous: two ZWNJ spellings ending in different ones of them ('حرف‌های' / 'حرفه‌ای'), each
# seen READING_MIN times and READING_SHARE of the word's spellings.
CONTEXT_PIECES = frozenset(("ها", "های", "هایی", "ای", "ی", "ام", "اش", "ات", "اند", "است", "ایم", "اید"))
READING_MIN = 3
READING_SHARE = 0.05
CONTEXT_SMOOTH = 0.5  # added to each context count
# One-to-one letter folds (rasad.text.letters.LOOKUP_LETTERS, the lexicon builder's), so that Arabic
# yeh and kaf or a hamza on alef ('مأموریتها') still find their words; the text keeps its letters.
FOLD = LOOKUP_FOLD
_FOLDED_LETTER = re.compile("[" + "".join(map(chr, FOLD)) + "]")  # a letter FOLD changes


def key_hash(key: str) -> int:
    """The 64-bit key a unit or a pair ('left<TAB>right') is stored under (CRC-32 and Adler-32 of
    its UTF-8, both computed in C): the tables hold sorted hashes, not strings, so that loading is
    a copy of arrays and the memory a few MB. The builder refuses two stored keys with one hash; a
    word never stored finds a false row with odds of about 1 in 10^9 (a 48-bit-strong key)."""
    data = key.encode()
    return (zlib.crc32(data) << 32 | zlib.adler32(data)) - (1 << 63)


# The pair filter (a section of the compiled lexicon, `rasad.text.zwnj_filter`): set for the slot
# of every stored pair the corpus wrote with a ZWNJ at least once, the only pairs whose row can turn
# a space into a ZWNJ (`_space_share`); a space between two words whose slot is clear is known to
# stay without hashing the pair and searching the table. 2^21 bits (256 KB) for ~25k such pairs:
# ~1% false positives, which are looked up as before.
PAIR_FILTER_BITS = 21


def pair_slot(left: str, right: str, bits: int = PAIR_FILTER_BITS) -> int:
    """The pair filter slot of the pair (LEFT, RIGHT)."""
    return zwnj_filter.pair_slot(left, right, bits)


# Key filters (sections of the compiled lexicon): for the unit table and the pair table, bit
# `crc32(key) mod 2^bits` set for each stored key, so that most keys a table does not hold (the
# pieces tried while an unseen word is split) are known absent from the CRC-32 alone, without the
# Adler-32 and the binary search. ~5% false positives, looked up as before.
UNIT_FILTER_BITS = 20  # ~60k units: 128 KB
PAIR_KEY_FILTER_BITS = 22  # ~154k pairs: 512 KB


def _key_filter(keys: Iterable[str], bits: int) -> bytes:
    """Bit `crc32(key) mod 2^BITS` of each of KEYS set (byte `slot >> 3`, bit `slot & 7`)."""
    table = bytearray(1 << (bits - 3))
    mask = (1 << bits) - 1
    for key in keys:
        slot = zlib.crc32(key.encode()) & mask
        table[slot >> 3] |= 1 << (slot & 7)
    return bytes(table)


# Bucket indexes (sections of the compiled lexicon) of the unit and the pair tables: the rows are
# sorted by hash, so the keys whose CRC-32 (the hash's top half) starts with the same BITS bits
# are a run; the section holds each run's length (uint16), and the runs' starts (`_bucket_starts`)
# let a lookup search 2 or 3 rows instead of all of them (about twice as fast).
UNIT_BUCKET_BITS = 15  # ~60k units: ~2 a bucket, 64 KB
PAIR_BUCKET_BITS = 16  # ~154k pairs: ~2.3 a bucket, 128 KB


def _bucket_counts(hashes: array.array, bits: int) -> bytes:
    """How many of the sorted HASHES (`key_hash`) fall in each of the 2^BITS buckets (uint16)."""
    counts = array.array("H", bytes(2 << bits))
    for h in hashes:
        counts[(h + (1 << 63)) >> (64 - bits)] += 1
    return _little(counts)


def _bucket_starts(counts: bytes | memoryview, rows: int) -> tuple[array.array, int]:
    """The first row of each bucket (and the end), and the shift that gives a CRC-32's bucket;
    without COUNTS, one bucket of all ROWS."""
    if not counts:
        return array.array("I", (0, rows)), 32
    sizes = _array("H", counts)
    return array.array("I", itertools.accumulate(sizes, initial=0)), 32 - (len(sizes).bit_length() - 1)


def _row(keys: array.array, key: str, bits: bytes, index: tuple[array.array, int]) -> int:
    """Row of KEY in the sorted hash array KEYS, or -1; BITS: the table's key filter, if any;
    INDEX: its bucket starts and shift (`_bucket_starts`)."""
    data = key.encode()
    crc = zlib.crc32(data)
    if bits:
        slot = crc & (len(bits) * 8 - 1)
        if not bits[slot >> 3] >> (slot & 7) & 1:
            return -1
    h = (crc << 32 | zlib.adler32(data)) - (1 << 63)  # key_hash(key)
    starts, shift = index
    bucket = crc >> shift
    i = bisect_left(keys, h, starts[bucket], starts[bucket + 1])
    return i if i < len(keys) and keys[i] == h else -1


class PairTable:
    """Counts of unit pairs: (left, right) -> (none, space, zwnj) and (sources, zwnj sources),
    one row per pair under the pair's sorted hash."""

    __slots__ = ("_bits", "_counts", "_index", "_keys", "_votes")

    def __init__(self, keys: array.array, counts: array.array, votes: array.array, bits: bytes = b"",
                 buckets: bytes | memoryview = b"") -> None:
        self._keys = keys  # sorted key_hash('left<TAB>right')
        self._counts = counts  # none, space, zwnj: three per row
        self._votes = votes  # sources, sources using ZWNJ: two per row
        self._bits = bits  # key filter (`_key_filter`), b'': none
        self._index = _bucket_starts(buckets, len(keys))  # bucket index (`_bucket_counts`)

    def __len__(self) -> int:
        return len(self._keys)

    def row(self, left: str, right: str) -> int:
        """The pair's row, or -1 when the corpus has no figures for it."""
        return _row(self._keys, left + "\t" + right, self._bits, self._index)

    def counts(self, row: int) -> tuple[int, int, int]:
        c = self._counts
        return c[3 * row], c[3 * row + 1], c[3 * row + 2]

    def count(self, key: str) -> int:
        """The one count stored under KEY (a table of single counts: the context table)."""
        row = _row(self._keys, key, self._bits, self._index)
        return self._counts[row] if row >= 0 else 0

    def row_votes(self, row: int) -> tuple[int, int]:
        return self._votes[2 * row], self._votes[2 * row + 1]

    def get(self, left: str, right: str) -> tuple[int, int, int] | None:
        row = self.row(left, right)
        return self.counts(row) if row >= 0 else None

    def votes(self, left: str, right: str) -> tuple[int, int]:
        row = self.row(left, right)
        return self.row_votes(row) if row >= 0 else (0, 0)


KNOWN, SURE, BEST, STEM, AMBIGUOUS = 1, 2, 4, 8, 16  # flags of a unit row
# The verb prefix and the preverbs that stay joined before it ('درمی‌یابد', 'فرامی‌گیرید').
VERB_PREFIXES = ("می", "نمی")
PREVERBS = ("", "در", "بر", "فرا", "باز", "فرو", "وا")
# Person endings of a present or past verb after its stem ('شنو' + 'ید'); '' for 'می‌رفت'.
VERB_ENDINGS = ("", "م", "ی", "د", "یم", "ید", "ند", "ن")
# Plural suffixes that take a ZWNJ after a word no source wrote ('پانگولین‌ها').
PLURALS = ("ها", "های", "هایی", "هایش", "هایشان", "هایمان", "هایتان", "هایم", "هاست")
SUPERLATIVE = "ترین"
# Comparatives the Academy's orthography (دستور خط فارسی) writes joined however 'تر' is written
# elsewhere: 'بهترین', 'بیشترین', 'کمترین', 'مهترین', 'کهترین' keep no ZWNJ.
JOINED_COMPARATIVES = frozenset(("به", "بیش", "کم", "مه", "که"))
NON_JOINING = frozenset("اآأإدذرزژوؤ")  # letters that never join the next: a ZWNJ after them is invisible
NEW_STEM_MIN = 3  # letters of an unseen word before a plural suffix
# An unseen word that parts both ways ('مقرهای': 'مقر|های' or 'مقره|ای') is read by its neighbours
# (`_unseen_readings`); the reading restoration chose weighs this many times the other.
PLURAL_READING, INDEFINITE_READING = "های", "ای"
UNSEEN_READING_WEIGHT = 1.0


class UnitTable:
    """What the corpus says of single units: known (seen KNOWN_MIN+ times), sure damage when
    written plain, and the usual ZWNJ spelling (the places of its ZWNJ as a bit mask)."""

    __slots__ = ("_bits", "_cuts", "_flags", "_index", "_keys")

    def __init__(self, keys: array.array, flags: array.array, cuts: array.array, bits: bytes = b"",
                 buckets: bytes | memoryview = b"") -> None:
        self._keys, self._flags, self._cuts = keys, flags, cuts
        self._bits = bits  # key filter (`_key_filter`), b'': none
        self._index = _bucket_starts(buckets, len(keys))  # bucket index (`_bucket_counts`)

    def __len__(self) -> int:
        return len(self._keys)

    def flags(self, unit: str) -> int:
        row = _row(self._keys, unit, self._bits, self._index)
        return self._flags[row] if row >= 0 else 0

    def best(self, unit: str) -> str | None:
        """The usual spelling of plain UNIT when it has a ZWNJ ('میشود' -> 'می‌شود'), else None."""
        row = _row(self._keys, unit, self._bits, self._index)
        if row < 0 or not self._flags[row] & BEST:
            return None
        return _with_cuts(unit, self._cuts[row])


def _cut_mask(form: str) -> int:
    """Bit i set: a ZWNJ after letter i+1 of the plain form ('می‌شود' -> 0b10)."""
    mask, letters = 0, 0
    for ch in form:
        if ch == ZWNJ:
            mask |= 1 << (letters - 1)
        else:
            letters += 1
    return mask


def _with_cuts(plain: str, mask: int) -> str:
    return "".join(ch + ZWNJ if mask >> i & 1 else ch for i, ch in enumerate(plain))


@dataclass(slots=True)
class ZwnjLexicon:
    """What the corpus says about ZWNJ: preferred spellings, known units and pair statistics."""

    units: UnitTable  # plain unit -> known, sure damage, usual ZWNJ spelling
    pairs: PairTable  # (left, right) -> (none, space, zwnj) counts and source votes
    prefix_share: dict[str, float]  # left affix -> share of ZWNJ, not joined, over its pair types
    suffix_share: dict[tuple[str, str], float]  # (right affix, last letter before it) -> share
    prefix_spaced: dict[str, float]  # the same, ZWNJ rather than a space
    suffix_spaced: dict[tuple[str, str], float]
    rare_share: dict[str, float]  # class of a place in a rare word (`rare_trials`) -> ZWNJ share
    readings: dict[int, list[tuple[int, int]]]  # hash of an AMBIGUOUS unit -> (ZWNJ mask, count)s
    context: PairTable  # ('>', affix, next word) / ('<', word before, affix): counts (first column)
    context_totals: dict[str, int]  # '>\taffix', '<\taffix' -> sum of its counts
    prefixes: frozenset[str]  # units ZWNJ-joined to many partners on their right ('می')
    suffixes: frozenset[str]  # ... on their left ('ها', 'ی')
    ngram: zwnj_ngram.NgramModel | None = None  # letter contexts of ZWNJ in words (zwnj_ngram)
    # The pair filter (`zwnj_filter.pair_filter`, PAIR_FILTER_BITS bits) when the lexicon has one; b'': none
    # (a lexicon compiled before it: every pair is looked up).
    pair_filter: bytes = b""
    # The evidence filter (`zwnj_damage.evidence_filter`) when the lexicon has one; b'': none (every
    # space of a line is looked up for its odds).
    evidence_filter: bytes = b""
    # right units of a spaced suffix class whose share reaches SPACE_SHARE after some letter
    spaced_suffixes: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        self.spaced_suffixes = frozenset(right for (right, _), share in self.suffix_spaced.items()
                                         if share >= SPACE_SHARE)

    def known(self, unit: str) -> bool:
        return bool(self.units.flags(unit) & KNOWN)

    def stem(self, unit: str) -> bool:
        """Known as a word, or as the letters of one the sources write only with a ZWNJ ('بیمهنامه',
        always 'بیمه‌نامه'): a suffix may be parted from it ('بیمه‌نامه‌ی'). (Not a prefix: the
        usual spelling of what follows one would then be read too, 'می‌برد‌ید' from 'بردید'.)"""
        return bool(self.units.flags(unit) & (KNOWN | BEST))

    def best(self, unit: str) -> str | None:
        return self.units.best(unit)


_LEXICON_DIR: list[Path] = []  # empty: the lexicon shipped in rasad/data


def use_lexicon_dir(directory: Path | None) -> None:
    """Restore with a lexicon built elsewhere (held-out evaluation); None: the shipped one again."""
    _LEXICON_DIR[:] = [Path(directory)] if directory is not None else []
    for cached in (load_lexicon, restore_unit, _restore_token, _space_share, _ambiguous, _GAP_CODES):
        cached.cache_clear()


def read_count_lines(path: Path) -> list[str]:
    """Lines of a gzipped count file of the builder (zwnj_words.tsv.gz, zwnj_pairs.tsv.gz)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return fh.read().split("\n")[:-1]


def _read_words(lines: list[str]) -> tuple[dict[str, str], set[str], dict[str, int]]:
    """Preferred ZWNJ spellings and unit counts from 'form<TAB>count' lines."""
    spellings: dict[str, dict[str, int]] = {}
    freq: dict[str, int] = {}
    for line in lines:
        form, count_text = line.split("\t")
        count = int(count_text)
        spellings.setdefault(form.replace(ZWNJ, ""), {})[form] = count
        for unit in form.split(ZWNJ):
            freq[unit] = freq.get(unit, 0) + count
    best = {}
    sure = set()
    for plain, forms in spellings.items():
        total = sum(forms.values())
        form, count = max(forms.items(), key=lambda item: item[1] if ZWNJ in item[0] else -1)
        if ZWNJ in form and count >= WHOLE_SHARE * total:
            best[plain] = form
            if forms.get(plain, 0) < SURE_PLAIN * total and total >= KNOWN_MIN:
                sure.add(plain)
    return best, sure, freq


def _read_pairs(
    lines: list[str],
) -> tuple[dict[tuple[str, str], tuple[int, int, int]], dict[tuple[str, str], tuple[int, int]]]:
    """Pair counts and source votes from 'left right none space zwnj sources zwnj_sources' lines."""
    pairs = {}
    votes = {}
    for line in lines:
        left, right, none, space, zwnj, seen, agree = line.split("\t")
        pairs[(left, right)] = (int(none), int(space), int(zwnj))
        if seen != "0":
            votes[(left, right)] = (int(seen), int(agree))
    return pairs, votes


def _affixes(pairs: dict[tuple[str, str], tuple[int, int, int]]) -> tuple[set[str], set[str]]:
    """Units ZWNJ-joined to many distinct partners: prefixes ('می', 'هم') and suffixes ('ها').

    The builder keeps every pair of these units, with its space and joined counts too, so their
    shares below are unbiased; any other unit's stored pairs are only those seen with a ZWNJ."""
    lefts: dict[str, int] = {}
    rights: dict[str, int] = {}
    for (left, right), (_, _, zwnj) in pairs.items():
        if zwnj:
            lefts[left] = lefts.get(left, 0) + 1
            rights[right] = rights.get(right, 0) + 1
    return (
        {unit for unit, n in lefts.items() if n >= AFFIX_PARTNERS},
        {unit for unit, n in rights.items() if n >= AFFIX_PARTNERS},
    )


AffixShares = tuple[dict[str, float], dict[tuple[str, str], float]]


def _affix_shares(pairs: dict[tuple[str, str], tuple[int, int, int]], rival: int,
                  class_min: int = CLASS_MIN) -> AffixShares:
    """ZWNJ share of each prefix, and of each suffix after each last letter ('ای' after 'ه'),
    against RIVAL: 0 (written joined: the choice in a joined word) or 1 (a space: the choice
    at a space).

    Shares are averaged over pair types, not sightings: the rule serves unseen words, which are
    rare types, and a few frequent look-alikes ('سهام' as 'سه' + 'ام') must not outvote them."""
    prefixes, suffixes = _affixes(pairs)
    left_tot: dict[str, list[float]] = {}
    right_tot: dict[tuple[str, str], list[float]] = {}
    for (left, right), counts in pairs.items():
        total = counts[rival] + counts[2]
        if not total:
            continue
        share = counts[2] / total
        if left in prefixes:
            acc = left_tot.setdefault(left, [0.0, 0])
            acc[0] += share
            acc[1] += 1
        if right in suffixes:
            acc = right_tot.setdefault((right, left[-1]), [0.0, 0])
            acc[0] += share
            acc[1] += 1
    prefix = {k: z / t for k, (z, t) in left_tot.items() if t >= max(class_min, CLASS_MIN)}
    suffix = {k: z / t for k, (z, t) in right_tot.items() if t >= CLASS_MIN}
    return prefix, suffix


def _settings() -> dict[str, object]:
    """The constants a compiled lexicon depends on: it must be rebuilt when one changes."""
    return {"KNOWN_MIN": KNOWN_MIN, "WHOLE_SHARE": WHOLE_SHARE, "SURE_PLAIN": SURE_PLAIN,
            "AFFIX_PARTNERS": AFFIX_PARTNERS, "CLASS_MIN": CLASS_MIN,
            "SPACED_CLASS_MIN": SPACED_CLASS_MIN, "RARE_CLASS_MIN": RARE_CLASS_MIN, "COMPOUND_MIN": COMPOUND_MIN,
            "READING_MIN": READING_MIN, "READING_SHARE": READING_SHARE, "CONTEXT_PIECES": sorted(CONTEXT_PIECES),
            "NGRAM": zwnj_ngram.settings()}


def _keyed(shares: dict[tuple[str, str], float]) -> dict[str, float]:
    return {f"{right}\t{last}": share for (right, last), share in shares.items()}


def _unkeyed(shares: dict[str, float]) -> dict[tuple[str, str], float]:
    return {tuple(key.split("\t")): share for key, share in shares.items()}  # type: ignore[misc]


def _verb_stems(pairs: dict[tuple[str, str], tuple[int, int, int]]) -> set[str]:
    """Verb stems: what follows the prefix 'می' or 'نمی' written with a ZWNJ, less a person
    ending ('می‌شنوید' -> 'شنو', 'شنوید'), so that an unseen form of the verb is split too."""
    stems = set()
    for (left, right), (_, _, zwnj) in pairs.items():
        if left in VERB_PREFIXES and zwnj:
            for ending in VERB_ENDINGS:
                if right.endswith(ending) and len(right) - len(ending) >= MIN_PIECE:
                    stems.add(right[:len(right) - len(ending)])
    return stems


def rare_classes_at(left: str, right: str, prefixes: set[str] | frozenset[str],
                    suffixes: set[str] | frozenset[str]) -> list[str]:
    """Classes of the place between LEFT and RIGHT, two known units joined in a rare word: a
    suffix after a letter ('s<TAB>ها<TAB>ب') and the suffix after any letter ('s<TAB>ها<TAB>'), a
    prefix ('p<TAB>می'), else two known words of COMPOUND_MIN letters ('c<TAB>ت': after 'ت')."""
    if right in suffixes:
        return [f"s\t{right}\t{left[-1]}", f"s\t{right}\t"]
    if left in prefixes:
        return [f"p\t{left}"]
    if len(left) >= COMPOUND_MIN and len(right) >= COMPOUND_MIN:
        return [f"c\t{left[-1]}"]
    return []


def rare_trials(form: str, prefixes: set[str], suffixes: set[str],
                known: set[str]) -> Iterable[tuple[str, int]]:
    """(class, 1 if FORM has a ZWNJ there else 0) for each place where FORM's letters part into
    known units (`rare_classes_at`): a piece of MIN_PIECE letters, or a one-letter suffix ('ی')."""
    plain = form.replace(ZWNJ, "")
    mask = _cut_mask(form)
    for cut in range(MIN_PIECE, len(plain)):
        left, right = plain[:cut], plain[cut:]
        if left not in known or (right not in known and right not in suffixes):
            continue
        if len(right) < MIN_PIECE and right not in suffixes:
            continue
        for key in rare_classes_at(left, right, prefixes, suffixes):
            yield key, mask >> (cut - 1) & 1


def _rare_shares(lines: list[str]) -> dict[str, float]:
    """'class<TAB>zwnj<TAB>count' lines -> ZWNJ share of each class with RARE_CLASS_MIN places."""
    acc: dict[str, list[int]] = {}
    for line in lines:
        key, zwnj, count = line.rsplit("\t", 2)
        acc.setdefault(key, [0, 0])[int(zwnj)] += int(count)
    return {key: z / (n + z) for key, (n, z) in acc.items() if n + z >= RARE_CLASS_MIN}


def _hash_order(keys: list[str]) -> tuple[array.array, list[int]]:
    """Sorted hashes of KEYS and, for each, the index of its key."""
    hashed = sorted((key_hash(key), i) for i, key in enumerate(keys))
    if any(a[0] == b[0] for a, b in itertools.pairwise(hashed)):
        raise ValueError("two lexicon keys share a hash")  # odds ~1e-8: change the hash size then
    return array.array("q", [h for h, _ in hashed]), [i for _, i in hashed]


def _little(values: array.array) -> bytes:
    if sys.byteorder != "little":
        values = array.array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def _readings(lines: list[str]) -> dict[str, list[tuple[int, int]]]:
    """Plain units whose usual ZWNJ spellings end in different affixes of CONTEXT_PIECES
    ('حرفهای': 'حرفه‌ای' 218, 'حرف‌های' 54), with each spelling's ZWNJ mask and count."""
    spellings: dict[str, dict[str, int]] = {}
    for line in lines:
        form, count = line.split("\t")
        spellings.setdefault(form.replace(ZWNJ, ""), {})[form] = int(count)
    out = {}
    for plain, forms in spellings.items():
        total = sum(forms.values())
        good = [(form, n) for form, n in forms.items() if ZWNJ in form and n >= READING_MIN
                and n >= READING_SHARE * total and form.rsplit(ZWNJ, 1)[1] in CONTEXT_PIECES]
        if len({form.rsplit(ZWNJ, 1)[1] for form, _ in good}) > 1:
            out[plain] = sorted(((_cut_mask(form), n) for form, n in good), key=lambda r: -r[1])
    return out


def _context_rows(lines: list[str]) -> tuple[dict[str, int], dict[str, int]]:
    """'side<TAB>a<TAB>b<TAB>count' lines -> counts by key 'side<TAB>a<TAB>b', and each side and
    affix's total ('>\tهای')."""
    counts: dict[str, int] = {}
    totals: dict[str, int] = {}
    for line in lines:
        side, a, b, n = line.split("\t")
        counts[f"{side}\t{a}\t{b}"] = int(n)
        piece = a if side == ">" else b
        totals[f"{side}\t{piece}"] = totals.get(f"{side}\t{piece}", 0) + int(n)
    return counts, totals


def compile_lexicon(word_lines: list[str], pair_lines: list[str], rare_lines: list[str] | None = None,
                    context_lines: list[str] | None = None) -> bytes:
    """The builder's count lines -> the compact lexicon `load_lexicon` reads (LEXICON_FILE).

    Layout: a magic line, a JSON line (the constants it was compiled with, the affix shares and the
    byte length of each section), then one zlib-compressed body of little-endian arrays: the units'
    sorted hashes (int64), flags (uint8) and ZWNJ places (uint64 bit masks); the pairs' sorted
    hashes (int64), counts (three uint32 a pair) and source votes (two uint8 a pair); the pair
    filter (`zwnj_filter.pair_filter`, a bit per slot of a pair written with a ZWNJ); the units' and pairs' key
    filters (`_key_filter`, a bit per CRC-32 of a key); the n-gram model; the evidence filter
    (`zwnj_damage.evidence_filter`, a bit per slot of a pair a space can read as evidence of the
    line's damage). No strings: restoration looks every unit and pair up by its hash (`key_hash`)."""
    best, sure, freq = _read_words(word_lines)
    pairs, votes = _read_pairs(pair_lines)
    prefix, suffix = _affix_shares(pairs, rival=0)
    affix_sets = _affixes(pairs)
    prefix_spaced, suffix_spaced = _affix_shares(pairs, rival=1, class_min=SPACED_CLASS_MIN)
    flags: dict[str, int] = {}
    for unit, n in freq.items():
        if n >= KNOWN_MIN:
            flags[unit] = KNOWN
    for stem in _verb_stems(pairs):
        flags[stem] = flags.get(stem, 0) | STEM
    for plain in best:
        if len(plain) <= 64:
            flags[plain] = flags.get(plain, 0) | BEST | (SURE if plain in sure else 0)
    context, context_totals = _context_rows(context_lines or [])
    readings = _readings(word_lines) if context else {}
    for plain in readings:
        if flags.get(plain, 0) & BEST:
            flags[plain] |= AMBIGUOUS
    unit_keys = list(flags)
    unit_hashes, unit_order = _hash_order(unit_keys)
    ordered_units = [unit_keys[i] for i in unit_order]
    unit_flags = array.array("B", [flags[u] for u in ordered_units])
    unit_cuts = array.array("Q", [_cut_mask(best[u]) if flags[u] & BEST else 0 for u in ordered_units])
    pair_keys = list(pairs)
    pair_hashes, pair_order = _hash_order([f"{left}\t{right}" for left, right in pair_keys])
    counts = array.array("I", [min(n, 0xFFFFFFFF) for i in pair_order for n in pairs[pair_keys[i]]])
    vote_rows = array.array("B", [min(n, 255) for i in pair_order for n in votes.get(pair_keys[i], (0, 0))])
    context_keys = list(context)
    context_hashes, context_order = _hash_order(context_keys)
    context_counts = array.array("I", [min(context[context_keys[i]], 0xFFFFFFFF) for i in context_order])
    sections = {
        "context_keys": _little(context_hashes), "context_counts": _little(context_counts),
        "unit_keys": _little(unit_hashes), "unit_flags": unit_flags.tobytes(), "unit_cuts": _little(unit_cuts),
        "pair_keys": _little(pair_hashes), "pair_counts": _little(counts), "pair_votes": vote_rows.tobytes(),
        "pair_filter": zwnj_filter.pair_filter((pair for pair in pair_keys if pairs[pair][2]), PAIR_FILTER_BITS),
        "unit_bits": _key_filter(unit_keys, UNIT_FILTER_BITS),
        "pair_bits": _key_filter((f"{left}\t{right}" for left, right in pair_keys), PAIR_KEY_FILTER_BITS),
        "ngram": zwnj_ngram.compile_model(zwnj_ngram.count_types(
            (form, int(count)) for form, count in (line.split("\t") for line in word_lines))),
        "evidence_filter": evidence_filter(pairs),
        "unit_buckets": _bucket_counts(unit_hashes, UNIT_BUCKET_BITS),
        "pair_buckets": _bucket_counts(pair_hashes, PAIR_BUCKET_BITS),
    }
    header = {
        "settings": _settings(),
        "sections": [[name, len(data)] for name, data in sections.items()],
        "prefix_share": prefix, "suffix_share": _keyed(suffix),
        "prefix_spaced": prefix_spaced, "suffix_spaced": _keyed(suffix_spaced),
        "rare_share": _rare_shares(rare_lines or []),
        "affixes": [sorted(affix_sets[0]), sorted(affix_sets[1])],
        "readings": {str(key_hash(plain)): rows for plain, rows in readings.items() if flags[plain] & AMBIGUOUS},
        "context_totals": context_totals,
        "pair_filter_bits": PAIR_FILTER_BITS,
        "evidence_settings": evidence_settings(),
    }
    head = json.dumps(header, ensure_ascii=False, sort_keys=True).encode() + b"\n"
    return _MAGIC + head + zlib.compress(b"".join(sections.values()), 9)


def _array(typecode: str, data: bytes | memoryview) -> array.array:
    values = array.array(typecode)
    values.frombytes(data)
    if sys.byteorder != "little" and values.itemsize > 1:
        values.byteswap()
    return values


def parse_lexicon(data: bytes) -> ZwnjLexicon:
    """A compiled lexicon (`compile_lexicon`) back into the tables restoration reads."""
    if not data.startswith(_MAGIC):
        raise ValueError("not a compiled ZWNJ lexicon of this version (rebuild it with "
                         "scripts/build_zwnj_lexicon.py)")
    end = data.index(b"\n", len(_MAGIC))
    header = json.loads(data[len(_MAGIC):end])
    if header["settings"] != _settings():
        raise ValueError("the ZWNJ lexicon was compiled with other settings: rebuild it with "
                         "scripts/build_zwnj_lexicon.py")
    body = memoryview(zlib.decompress(memoryview(data)[end + 1:]))  # views, not copies: a lower peak
    sections, pos = {}, 0
    for name, size in header["sections"]:
        sections[name] = body[pos:pos + size]
        pos += size
    return ZwnjLexicon(
        # the key filters when the lexicon has them (one compiled before them looks every key up)
        # and the bucket indexes when it has them (else every lookup searches the whole table)
        units=UnitTable(_array("q", sections["unit_keys"]), _array("B", sections["unit_flags"]),
                        _array("Q", sections["unit_cuts"]), bytes(sections.get("unit_bits", b"")),
                        sections.get("unit_buckets", b"")),
        pairs=PairTable(_array("q", sections["pair_keys"]), _array("I", sections["pair_counts"]),
                        _array("B", sections["pair_votes"]), bytes(sections.get("pair_bits", b"")),
                        sections.get("pair_buckets", b"")),
        prefix_share=header["prefix_share"],
        suffix_share=_unkeyed(header["suffix_share"]),
        prefix_spaced=header["prefix_spaced"],
        suffix_spaced=_unkeyed(header["suffix_spaced"]),
        rare_share=header["rare_share"],
        prefixes=frozenset(header["affixes"][0]),
        suffixes=frozenset(header["affixes"][1]),
        readings={int(key): [(mask, n) for mask, n in rows] for key, rows in header["readings"].items()},
        context=PairTable(_array("q", sections["context_keys"]), _array("I", sections["context_counts"]),
                          array.array("B")),
        context_totals=header["context_totals"],
        ngram=zwnj_ngram.NgramModel(sections["ngram"]),
        # a lexicon compiled before the filter, or with another size: no filter, every pair looked up
        pair_filter=bytes(sections["pair_filter"]) if header.get("pair_filter_bits") == PAIR_FILTER_BITS else b"",
        # a lexicon compiled before it: every space of a line is looked up for the line's odds
        evidence_filter=bytes(sections.get("evidence_filter", b""))
        if header.get("evidence_settings") == evidence_settings() else b"",
    )


@lru_cache(maxsize=1)
def load_lexicon() -> ZwnjLexicon:
    """Load the lexicon once, on first use (~50 ms): the shipped one, or the one of the folder
    chosen with `use_lexicon_dir`."""
    if _LEXICON_DIR:
        data = (_LEXICON_DIR[0] / LEXICON_FILE).read_bytes()
    else:
        data = (importlib.resources.files("rasad") / "data" / LEXICON_FILE).read_bytes()
    return parse_lexicon(data)


def _split_share(lex: ZwnjLexicon, left: str, right: str) -> tuple[float, bool]:
    """How often the corpus writes LEFT+RIGHT, when joined in the input, with a ZWNJ between them,
    and whether that share may call a plain spelling sure damage (not so for the rare-word prior:
    one unseen word must not switch the reading of a whole line, see `_restore_line`)."""
    stats = lex.pairs.get(left, right)
    if stats and stats[0] + stats[2] >= PAIR_MIN:
        return stats[2] / (stats[0] + stats[2]), True
    if lex.rare_share and lex.stem(left) and (lex.known(right) or len(right) < MIN_PIECE):
        # how the sources' rare words write this place: the prior for a word never seen
        rare = lex.rare_share
        for key in rare_classes_at(left, right, lex.prefixes, lex.suffixes):
            if key in rare:
                return rare[key], False
    if len(right) < MIN_PIECE:
        return 0.0, True
    if lex.stem(left):
        share = lex.suffix_share.get((right, left[-1]))
        if share is not None:
            return share, True
    if lex.known(right):
        share = lex.prefix_share.get(left)
        if share is not None:
            return share, True
    return 0.0, True


def _verb_split(lex: ZwnjLexicon, unit: str) -> int:
    """Where the ZWNJ goes in an unseen verb form: after 'می'/'نمی' (and a preverb) when what
    follows is a known verb stem with a person ending ('میلرزاند', 'فرامیگیرید'); 0 if none."""
    for preverb in PREVERBS:
        if not unit.startswith(preverb):
            continue
        for prefix in VERB_PREFIXES:
            cut = len(preverb) + len(prefix)
            if not unit.startswith(prefix, len(preverb)) or len(unit) - cut < MIN_PIECE:
                continue
            rest = unit[cut:]
            for ending in VERB_ENDINGS:
                if rest.endswith(ending) and len(rest) - len(ending) >= MIN_PIECE \
                        and lex.units.flags(rest[:len(rest) - len(ending)]) & STEM:
                    return cut
    return 0


def _plural_split(lex: ZwnjLexicon, unit: str) -> tuple[int, float]:
    """An unseen word with a plural suffix ('پانگولینها'): the cut before the suffix and the ZWNJ
    share of that suffix after the word's last letter, when that share says split; else (0, 0)."""
    for suffix in PLURALS:
        cut = len(unit) - len(suffix)
        if cut >= NEW_STEM_MIN and unit.endswith(suffix):
            share = lex.suffix_share.get((suffix, unit[cut - 1]), 0.0)
            if share > SPLIT_SHARE:
                return cut, share
    return 0, 0.0


def _restore_unit(lex: ZwnjLexicon, unit: str, depth: int) -> tuple[str, bool]:
    """Spelling of one ZWNJ-less run of letters (the corpus's usual one, or an affix split), and
    whether its plain form is sure damage (the corpus almost never writes it without ZWNJ)."""
    flags = lex.units.flags(unit)
    if flags & BEST:
        return lex.units.best(unit) or unit, bool(flags & SURE)
    superlative = len(unit) - len(SUPERLATIVE)
    if superlative >= MIN_PIECE and unit.endswith(SUPERLATIVE) and unit[superlative - 1] not in NON_JOINING \
            and unit[:superlative] not in JOINED_COMPARATIVES and lex.known(unit[:superlative]):
        # policy: 'ترین' apart ('بزرگ‌ترین'), as the Academy writes it and most outlets at times
        return unit[:superlative] + ZWNJ + SUPERLATIVE, False
    if flags & KNOWN or depth >= MAX_DEPTH or len(unit) < 2 * MIN_PIECE:
        return unit, False
    best_share, best_cut, trusted = SPLIT_SHARE, 0, True
    for cut in range(MIN_PIECE, len(unit) - MIN_PIECE + 1 + bool(lex.rare_share)):
        share, sure_ok = _split_share(lex, unit[:cut], unit[cut:])
        if share > best_share:
            best_share, best_cut, trusted = share, cut, sure_ok
    best_cut = zwnj_ngram.keep_cut(lex.ngram, unit, best_cut)  # the letters may veto a split
    if not best_cut and depth == 0:
        best_cut = _verb_split(lex, unit)
        if best_cut:
            return unit[:best_cut] + ZWNJ + unit[best_cut:], False
        best_cut, best_share = _plural_split(lex, unit)
        if not best_cut:  # no rule splits it: the letters around each place may
            best_cut, trusted = zwnj_ngram.new_cut(lex.ngram, unit), False
    if not best_cut:
        return unit, False
    left, left_sure = _restore_unit(lex, unit[:best_cut], depth + 1)
    right, right_sure = _restore_unit(lex, unit[best_cut:], depth + 1)
    return left + ZWNJ + right, left_sure or right_sure or (trusted and best_share >= SURE_SHARE)


@lru_cache(maxsize=CACHE_SIZE)
def restore_unit(unit: str) -> str:
    """Restore the ZWNJ inside one run of letters that has none ('همکاریهای' -> 'همکاری‌های')."""
    return _restore_unit(load_lexicon(), unit, 0)[0]


def _copy_zwnj(source: str, folded: str, restored: str) -> str:
    """Put the ZWNJ that RESTORED gained over FOLDED into SOURCE (same letters, maybe unfolded)."""
    if source == folded:
        # SOURCE itself when nothing changed: the decision caches then keep one string, not two
        return source if restored == source else restored
    out, i = [], 0
    for ch in restored:
        if ch == ZWNJ and (i >= len(folded) or folded[i] != ZWNJ):
            out.append(ZWNJ)
        else:
            out.append(source[i])
            i += 1
    return "".join(out)


@lru_cache(maxsize=CACHE_SIZE)
def _restore_token(token: str) -> tuple[str, bool]:
    """Restore each ZWNJ-free piece of a token that may already hold some ZWNJ; also say whether
    the token showed sure signs of deleted ZWNJ ('میشود')."""
    lex = load_lexicon()
    folded = token.translate(FOLD)
    units = folded.split(ZWNJ)
    # the pieces of a token that holds a ZWNJ are restored as the pieces of a split are (depth 1):
    # a first pass's output is then read as that pass read it, so a second pass changes nothing
    depth = int(len(units) > 1)
    pieces = [_restore_unit(lex, unit, depth) if unit else ("", False) for unit in units]
    restored = ZWNJ.join(piece for piece, _ in pieces)
    return _copy_zwnj(token, folded, restored), any(sure for _, sure in pieces)


@lru_cache(maxsize=CACHE_SIZE)
def _ambiguous(token: str) -> tuple[tuple[str, float, str], ...] | None:
    """The readings of a ZWNJ-less TOKEN the corpus spells two ways with different affixes
    ('حرفهای': 'حرفه‌ای', 'حرف‌های'), or of an unseen one that parts two ways (`_unseen_readings`),
    as (folded spelling, weight, affix); None for any other token."""
    lex = load_lexicon()
    folded = token.translate(FOLD)
    if ZWNJ in folded:
        return None
    flags = lex.units.flags(folded)
    if not flags & AMBIGUOUS:
        return None if flags else _unseen_readings(lex, folded)
    rows = lex.readings.get(key_hash(folded))
    return tuple((form, float(n), form.rsplit(ZWNJ, 1)[1])
                 for form, n in ((_with_cuts(folded, mask), n) for mask, n in rows)) if rows else None


def _unseen_readings(lex: ZwnjLexicon, folded: str) -> tuple[tuple[str, float, str], ...] | None:
    """The two readings of a word no source wrote that ends in 'های' after a known word that is
    also known with 'ه' ('مقرهای': 'مقر' and the plural 'های', or 'مقره' and 'ای', 'a ...'), each
    as restoration spells its pieces (the plural joined after a letter whose ZWNJ the sources
    rarely write, `_plural_split`'s share); the one restoration chose first, weighing
    UNSEEN_READING_WEIGHT times the other, so that the neighbours decide (`_by_context`) and
    without them the choice stands. None when the word does not part both ways, or restoration
    chose neither reading."""
    stem = folded[:-len(PLURAL_READING)]
    if not folded.endswith(PLURAL_READING) or len(stem) < NEW_STEM_MIN \
            or not (lex.stem(stem) and lex.stem(stem + "ه")):
        return None
    joiner = ZWNJ if lex.suffix_share.get((PLURAL_READING, stem[-1]), 0.0) > SPLIT_SHARE else ""
    plural = _restore_unit(lex, stem, 1)[0] + joiner + PLURAL_READING
    indefinite = _restore_unit(lex, stem + "ه", 1)[0] + ZWNJ + INDEFINITE_READING
    given = _restore_unit(lex, folded, 0)[0]
    readings = [(plural, 1.0, PLURAL_READING), (indefinite, 1.0, INDEFINITE_READING)]
    if given == indefinite:
        readings.reverse()
    elif given != plural:
        return None
    readings[0] = (readings[0][0], UNSEEN_READING_WEIGHT, readings[0][2])
    return tuple(readings)


def _by_context(lex: ZwnjLexicon, readings: Iterable[tuple[str, float, str]], before: str, after: str) -> str:
    """The reading the neighbouring words favour: each reading's weight times how often its affix
    is seen before AFTER (the next word's first unit) and after BEFORE (the last unit of the word
    before), over that affix's total; a neighbour no reading's affix was seen beside says nothing.
    Of readings that score the same, the first."""
    readings = list(readings)
    weights = [n for _, n, _ in readings]
    for side, word in ((">", after), ("<", before)):
        if not word:
            continue
        keys = [f">\t{piece}\t{word}" if side == ">" else f"<\t{word}\t{piece}" for _, _, piece in readings]
        seen = [lex.context.count(key) for key in keys]
        if not any(seen):
            continue
        for k, ((_, _, piece), n) in enumerate(zip(readings, seen, strict=True)):
            total = lex.context_totals.get(f"{side}\t{piece}", 0)
            weights[k] *= (n + CONTEXT_SMOOTH) / (total + CONTEXT_SMOOTH)
    return readings[weights.index(max(weights))][0]


def _resolve_ambiguous(parts: list[str], restored: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Re-read each word the corpus spells two ways ('حرفهای') by its neighbours in the line
    (PARTS: a split line; RESTORED: its tokens restored alone, which this may change)."""
    lex = load_lexicon()
    if not lex.readings:
        return restored
    out = restored
    # only a token restoration gave a ZWNJ can have two readings (found in C: most have none)
    for j in compress(range(len(restored)), map(str.__contains__, map(itemgetter(0), restored), repeat(ZWNJ))):
        readings = _ambiguous(parts[2 * j + 1])
        if not readings:
            continue
        sure = restored[j][1]
        before = restored[j - 1][0].rsplit(ZWNJ, 1)[-1].translate(FOLD) if j and parts[2 * j] == " " else ""
        after = restored[j + 1][0].split(ZWNJ, 1)[0].translate(FOLD) \
            if j + 1 < len(restored) and parts[2 * j + 2] == " " else ""
        choice = _by_context(lex, readings, before, after)
        source = parts[2 * j + 1]
        if out is restored:
            out = list(restored)
        out[j] = (_copy_zwnj(source, source.translate(FOLD), choice), sure)
    return out


MOST_SHARE = 1.0  # the largest share `_space_share` gives (a share; 1.0 for a verb's prefix)


@lru_cache(maxsize=SHARE_CACHE_SIZE)
def _space_share(left: str, right: str) -> float:
    """Estimated share of ZWNJ, rather than space, between units LEFT and RIGHT."""
    lex = load_lexicon()
    row = lex.pairs.row(left, right)
    stats = lex.pairs.counts(row) if row >= 0 else None
    if stats and stats[1] + stats[2] >= PAIR_MIN:
        seen, agree = lex.pairs.row_votes(row)
        if seen >= VOTES_MIN and agree < SOURCE_AGREE * seen:
            return 0.0  # outlets disagree: 'به رغم' is 'به‌رغم' in some, never in others
        share = stats[2] / (stats[1] + stats[2])  # at a space the choice is space or ZWNJ
        if seen >= ALL_AGREE_MIN and agree == seen:
            # every outlet uses the ZWNJ at times ('اطلاع رسانی' / 'اطلاع‌رسانی'): a new one will too
            return max(share, ALL_AGREE_SHARE)
        return share
    suffix = lex.suffix_spaced.get((right, left[-1]))
    if suffix is not None and (suffix >= SURE_SHARE or lex.stem(left)):
        return suffix  # 'فلسطینی ها'; a sure affix ('ها') needs no known word before it
    prefix = lex.prefix_spaced.get(left)
    if prefix is not None and (prefix >= SURE_SHARE or lex.known(right)):
        return prefix  # 'می شنوید'
    if left.endswith(VERB_PREFIXES) and _verb_split(lex, left + right) == len(left):
        return 1.0  # 'فرامی گیرید': a preverb and 'می' before a known verb stem
    if suffix is not None and right in PLURALS and len(left) >= NEW_STEM_MIN:
        return suffix  # 'پانگولین ها': a plural suffix after a word no source wrote
    return 0.0


_ASK = 1 << PAIR_FILTER_BITS  # a side of a gap code that always asks `_space_share`
_SIDE = PAIR_FILTER_BITS + 1  # bits of the right side in a gap code
_SLOT_MASK = (1 << PAIR_FILTER_BITS) - 1
_RIGHT = _ASK | _SLOT_MASK  # the right side of a gap code


def _gap_code(key: str) -> int:
    """What a folded token KEY brings to the pre-check of a space beside it (`_candidate_gaps`):
    its last unit's part of a pair filter slot (`pair_slot`), shifted by _SIDE, and its first
    unit's part; a part is _ASK when the token may bring `_space_share` to SPACE_SHARE (what
    `_spaced_gaps` keeps) without a pair written with a ZWNJ.

    It mirrors `_space_share`: the row of a pair never written with a ZWNJ gives 0, and without a
    row only an affix class gives a share; that reaches SPACE_SHARE only when the left unit is a
    spaced prefix class that high or ends in a verb prefix, or the right unit is a spaced suffix
    class that high (after some letter). A new rule there must be mirrored here:
    tests/text/test_zwnj_speed.py compares restoration with and without the pre-check on news."""
    lex = load_lexicon()
    if not lex.pair_filter:
        return _ASK << _SIDE | _ASK
    first = key.split(ZWNJ, 1)[0] if ZWNJ in key else key
    last = key.rsplit(ZWNJ, 1)[1] if ZWNJ in key else key
    as_left = _ASK if lex.prefix_spaced.get(last, 0.0) >= SPACE_SHARE or last.endswith(VERB_PREFIXES) \
        else unit_code(last) * FILTER_MUL & _SLOT_MASK
    as_right = _ASK if first in lex.spaced_suffixes else unit_code(first) & _SLOT_MASK
    return as_left << _SIDE | as_right


class _GapCodes(dict[str, int]):
    """`_gap_code` of each folded token seen lately: a dict, so that a line's codes are read in C
    (`map(_GAP_CODES.__getitem__, ...)`, faster than an lru_cache and without its links), emptied
    when it holds CACHE_SIZE tokens (the common ones come back at once)."""

    def __missing__(self, key: str) -> int:
        if len(self) >= CACHE_SIZE:
            self.clear()
        code = self[key] = _gap_code(key)
        return code

    def cache_clear(self) -> None:  # as the lru caches `use_lexicon_dir` empties
        self.clear()


_GAP_CODES = _GapCodes()


def may_join(left_key: str, right_key: str) -> bool:
    """False when a space between the folded tokens LEFT_KEY and RIGHT_KEY surely stays a space
    (`_space_share` is under SPACE_SHARE: no pair written with a ZWNJ, no affix class that high),
    without looking the pair up."""
    a, b = _GAP_CODES[left_key] >> _SIDE, _GAP_CODES[right_key] & _RIGHT
    if (a | b) & _ASK:
        return True
    slot = (a + b) & _SLOT_MASK
    return bool(load_lexicon().pair_filter[slot >> 3] >> (slot & 7) & 1)


def known_word(word: str) -> bool:
    """Whether the corpus knows WORD (a run of letters, ZWNJ-less) as a word or a usual spelling."""
    return bool(load_lexicon().units.flags(word.translate(FOLD)) & (KNOWN | BEST))


def zero_width_break(left: str, right: str) -> str:
    """What a zero-width space between two runs of letters stands for, as a reader saw it (no
    gap): nothing inside a word the corpus knows whole ('تظا|هرات'), or the ZWNJ or space the
    corpus writes between two words ('بلند|نامزدها' -> a space); inside unknown pieces, nothing."""
    lex = load_lexicon()
    left, right = left.translate(FOLD), right.translate(FOLD)

    def word(unit: str) -> bool:  # known, or an affixed form of known pieces ('نامزد|ها')
        return bool(lex.units.flags(unit)) or ZWNJ in _restore_unit(lex, unit, 0)[0]

    if lex.units.flags(left + right) & (KNOWN | BEST):
        return ""
    if word(left) and word(right):
        stats = lex.pairs.get(left, right)
        if stats and stats[2] > max(stats[0], stats[1]):
            return ZWNJ
        return "" if stats and stats[0] > stats[1] else " "
    return ""


def join_spaced_pair(left: str, right: str, strict: bool = False) -> bool:
    """Whether the space between units LEFT and RIGHT stands for a lost ZWNJ ('می' 'شود').
    STRICT asks for near certainty: for text whose ZWNJ were deleted rather than spaced."""
    share = _space_share(left.translate(FOLD), right.translate(FOLD))
    return share >= (STRICT_SPACE_SHARE if strict else SPACE_SHARE)


def _spaced_gaps(parts: list[str], keys: list[str], gaps: Iterable[int]) -> tuple[dict[int, float], bool]:
    """The single spaces among GAPS (indices into a split line, `_PARTS`) that may stand for a lost
    ZWNJ, with their ZWNJ share judged on the folded KEYS, and whether one of them is a sure sign
    that the line's ZWNJ became spaces."""
    shares: dict[int, float] = {}
    spaced_sign = False
    for i in gaps:
        if parts[i] != " ":
            continue
        left, right = keys[i - 1], keys[i + 1]
        if ZWNJ in left:
            left = left.rsplit(ZWNJ, 1)[1]
        if ZWNJ in right:
            right = right.split(ZWNJ, 1)[0]
        share = _space_share(left, right)
        if share >= SPACE_SHARE:
            shares[i] = share
            spaced_sign = spaced_sign or share >= SPACED_SIGN
    return shares, spaced_sign


def _candidate_gaps(parts: list[str], keys: list[str], gaps: Iterable[int] | None = None) -> list[int]:
    """The gaps of a split line (all of them, or those among GAPS), in order, whose two words
    `_space_share` may join (`may_join`): a space anywhere else surely stays a space and is not
    looked up. Among all gaps, others than single spaces may be kept too: `_spaced_gaps` skips
    them (testing here what it tests would cost every gap, not the few kept)."""
    if gaps is not None:
        return [i for i in gaps if parts[i] == " " and may_join(keys[i - 1], keys[i + 1])]
    table = load_lexicon().pair_filter
    codes = list(map(_GAP_CODES.__getitem__, keys[1::2]))
    # gap i = 2j + 2 lies between tokens j and j + 1; `may_join` inline, a few operations a gap
    return [i for i, a, b in zip(range(2, len(parts) - 1, 2), codes, codes[1:], strict=False)
            if ((left := a >> _SIDE) | (right := b & _RIGHT)) & _ASK
            or table[(slot := (left + right) & _SLOT_MASK) >> 3] >> (slot & 7) & 1]


def _line_verdict(keys: list[str], tokens: list[str]) -> tuple[float, bool]:
    """The line's odds when they are clear (at least DAMAGE_MARGIN for deletion, at most
    -SPACED_MARGIN for spacing; else 0), and whether they say its ZWNJ became spaces."""
    odds = deletion_log_odds(load_lexicon(), keys, tokens)
    if odds >= DAMAGE_MARGIN:
        return odds, False
    if odds <= -SPACED_MARGIN:  # a sure deletion still repairs both ('جمعهها ... نمی کنم')
        return odds, True
    return 0.0, False


def _restore_line(text: str, joined: bool, spaced: bool, document: float | None = None,
                  written_text: bool = False) -> str:
    """Restore one line; JOINED and SPACED choose which damage to repair.

    A scraper damages a text one way, so the line is first read for signs of each: a word whose
    ZWNJ was surely deleted ('میشود') says its spaces are written on purpose (only pairs nearly
    always ZWNJ-joined lose their space); a space where the corpus nearly always writes a ZWNJ
    ('می شود'), or a ZWNJ still in the line, says its ZWNJ were not deleted, and then its joined
    words stay as the writer joined them ('آنها'), unless a sure sign of deletion shows too. With
    both signs ('جمعهها ... نمی کنم') both damages are repaired. A line restored once shows its
    ZWNJ: restoring it again changes nothing. DOCUMENT: the odds of the whole text the line belongs
    to (`document_log_odds`), read instead of the line's own when given (`restore_document`);
    WRITTEN_TEXT: the line belongs to a text that holds a ZWNJ, and is read as if it held one."""
    parts = _PARTS.split(text)  # gap, token, gap, token, ..., gap
    n = len(parts)
    if n < 3:
        return text
    # one letter for one: the same parts (most lines have no letter to fold)
    folded = text.translate(FOLD) if _FOLDED_LETTER.search(text) else text
    keys = parts if folded == text else _PARTS.split(folded)
    written = written_text or ZWNJ in text  # the writer's (or a first pass's) ZWNJ: the others were not lost
    deleted = False
    if joined:
        restored = _resolve_ambiguous(parts, list(map(_restore_token, parts[1::2])))
        deleted = any(map(itemgetter(1), restored))
        tokens = list(map(itemgetter(0), restored))
    verdict = 0.0  # the line's odds of deletion against spacing, when they are clear
    sure_spaced = False
    odds_keys: list[str] | None = None  # a line whose odds wait until its spaces are known
    if document is not None and joined and spaced and not written:
        # the text's damage, not the line's (`restore_document`)
        if document >= DAMAGE_MARGIN:
            verdict, deleted = document, True
        elif document <= -SPACED_MARGIN:
            verdict, sure_spaced = document, True
    elif document is not None and joined and spaced:
        verdict = document if document >= DAMAGE_MARGIN else 0.0
    elif joined and spaced and not written and any(map(str.__contains__, tokens, repeat(ZWNJ))):
        # (a line no word of which restoration gives a ZWNJ is repaired the same whatever its odds)
        if deleted:
            # a sure deletion restores the words whatever the odds: they can only keep spaces that
            # would become ZWNJ, and are read only when one would (most lines have none)
            odds_keys = keys if keys is not parts else parts[:]
        else:
            verdict, sure_spaced = _line_verdict(keys, tokens)
            deleted = verdict > 0
    elif joined and spaced and written:  # the same odds, read on the letters: a line restored once keeps its spaces
        # (a line with no ZWNJ, written or restored, has odds of at most 0, under DAMAGE_MARGIN:
        # only such a ZWNJ is evidence for deletion, see rasad.text.zwnj_damage; not read)
        odds = deletion_log_odds(load_lexicon(), [key.replace(ZWNJ, "") for key in keys], tokens)
        verdict = odds if odds >= DAMAGE_MARGIN else 0.0
    # a line whose ZWNJ the odds say were deleted keeps its spaces when no share can reach
    # DELETED_SPACE_SHARE: they are not read (nor is the sign they give, which the odds overrule)
    spaced = spaced and not (verdict > 0 and DELETED_SPACE_SHARE > MOST_SHARE)
    # (a line whose odds wait reads its spaces once, beside its restored words, below)
    shares, spaced_sign = _spaced_gaps(parts, keys, _candidate_gaps(parts, keys)) \
        if spaced and odds_keys is None else ({}, False)
    if verdict > 0 and not written:
        spaced_sign = False
    spaced_sign = spaced_sign or sure_spaced
    if joined and (deleted or not (spaced_sign or written)):
        redo: set[int] = set()
        # the tokens restoration changed (compared in C: most are not)
        changed = list(compress(range(1, n, 2), map(ne, tokens, parts[1::2])))
        foldable = keys is not parts  # a line with no letter to fold: neither has a restored token
        if changed:
            keys = list(keys)
        for i in changed:
            token = tokens[i >> 1]
            parts[i] = token
            keys[i] = token.translate(FOLD) if foldable else token
            redo.update((i - 1, i + 1))
        redo.discard(0)
        redo.discard(n - 1)
        if spaced and redo and odds_keys is None:  # the spaces beside a restored word, judged again by its new edges
            for i in redo:
                shares.pop(i, None)
            shares.update(_spaced_gaps(parts, keys, _candidate_gaps(parts, keys, redo))[0])
    if odds_keys is not None:
        # the shares the spaces end with, read once beside the restored words (a space between two
        # words restoration left alone has the share it had before)
        shares = _spaced_gaps(parts, keys, _candidate_gaps(parts, keys))[0]
        if shares:
            verdict, sure_spaced = _line_verdict(odds_keys, tokens)
            # the sign of spaced ZWNJ, when the odds leave it open, is the words' as written
            spaced_sign = sure_spaced or (verdict <= 0 and _spaced_gaps(parts, odds_keys,
                                                                      _candidate_gaps(parts, odds_keys))[1])
    # spaces written on purpose (a sure deletion or a ZWNJ in the line, and no sure spaced ZWNJ):
    # only pairs nearly always ZWNJ-joined lose theirs
    threshold = STRICT_SPACE_SHARE if (deleted or written) and not spaced_sign else SPACE_SHARE
    if verdict > 0:
        threshold = DELETED_SPACE_SHARE  # the line's ZWNJ were deleted: its spaces are the writer's
    for i, share in shares.items():
        if share >= threshold:
            parts[i] = ZWNJ
    return "".join(parts)


def _restore_text(text: str, joined: bool, spaced: bool, document: float | None = None,
                  written_text: bool = False) -> str:
    """Restore line by line: a paragraph is the unit whose damage is judged (see _restore_line),
    unless DOCUMENT gives the odds of the text it belongs to (or WRITTEN_TEXT says it holds ZWNJ)."""
    if "\n" not in text:
        return _restore_line(text, joined, spaced, document, written_text)
    return "\n".join(_restore_line(line, joined, spaced, document, written_text) for line in text.split("\n"))


def line_log_odds(line: str) -> float:
    """A line's odds of deleted against spaced ZWNJ (`deletion_log_odds`), read on its letters (its
    ZWNJ left out), so that the line gives the same odds before and after restoration."""
    plain = line.replace(ZWNJ, "") if ZWNJ in line else line
    parts = _PARTS.split(plain)
    if len(parts) < 3:
        return 0.0
    keys = _PARTS.split(plain.translate(FOLD)) if _FOLDED_LETTER.search(plain) else parts
    restored = [token for token, _ in map(_restore_token, parts[1::2])]
    return deletion_log_odds(load_lexicon(), keys, restored)


def document_log_odds(lines: Iterable[str]) -> float | None:
    """The odds of deleted against spaced ZWNJ of a text whose lines one scraper damaged one way
    (an article): the sum of its lines' odds (`line_log_odds`), each line's evidence capped at
    DOCUMENT_LINE_CAP; None when the sum is under DOCUMENT_MARGIN either way (each line is then
    judged alone, as `restore_zwnj` judges it)."""
    odds = 0.0
    for line in lines:
        odds += max(-DOCUMENT_LINE_CAP, min(DOCUMENT_LINE_CAP, line_log_odds(line)))
    return odds if abs(odds) >= DOCUMENT_MARGIN else None


def restore_document(lines: list[str]) -> list[str]:
    """Repair ZWNJ damage in the lines of one text (an article's paragraphs), judging which damage
    the text has from all its lines together (`document_log_odds`): a scraper damages a whole
    article one way, and one line alone often shows too little to say which ('چهره های' is a
    writer's space in an article whose ZWNJ were deleted, a lost ZWNJ in one whose ZWNJ became
    spaces). A text that holds a ZWNJ anywhere did not lose its ZWNJ wholesale (or was restored
    before): its spaces and its joined words stand as written, but for sure damage ('میشود'), so
    that restoring the output again changes nothing (its odds would be read on other gaps)."""
    if any(ZWNJ in line for line in lines):
        return [_restore_text(line, True, False, written_text=True) for line in lines]
    document = document_log_odds(lines)
    if document is None:
        return [restore_zwnj(line) for line in lines]
    return [_restore_text(line, True, True, document) for line in lines]


def restore_joined(text: str) -> str:
    """Repair only words whose ZWNJ was deleted ('میشود' -> 'می‌شود'); spaces stay as they are."""
    return _restore_text(text, joined=True, spaced=False)


def restore_spaced(text: str) -> str:
    """Repair only ZWNJ turned into spaces ('می شود' -> 'می‌شود'); joined words stay as they are."""
    return _restore_text(text, joined=False, spaced=True)


def restore_zwnj(text: str) -> str:
    """Repair both kinds of ZWNJ damage in letter-normalized Persian text, keeping every line."""
    return _restore_text(text, joined=True, spaced=True)
