"""Which way a line lost its ZWNJ: deleted ('میشود') or turned into spaces ('می شود').

A scraper damages a text one way, and each way leaves the other kind of gap as its writer typed
it: where ZWNJ were deleted, every space is the writer's ('چهره های' in an outlet that types
spaces); where they became spaces, every joined word is the writer's ('آنها'). Repairing the wrong
kind puts a ZWNJ where the writer never had one. `deletion_log_odds` weighs every piece of
evidence in a line, not only the sure signs, as a log-likelihood ratio of the two damages:

- a plain token whose usual spelling has a ZWNJ ('میشود'): under deletion it is what any writer's
  spelling becomes; under spacing the writer typed it plain, which the sources do with the share
  p of its plain spelling: log(1/p) for deletion;
- a space between two units the sources write with a ZWNJ a share s of the times they do not
  join them ('می شود'): under deletion the writer typed that space, (1 - s); under spacing it is
  what a space or a ZWNJ becomes: log(1 - s), against deletion.

Shares come from the lexicon's counts of each unit pair (none, space, ZWNJ), smoothed, and each
piece of evidence is capped so that one odd word cannot decide a line. `restore_zwnj` repairs
only the damage the line's odds favour by DAMAGE_MARGIN or more, and both (the old rules) in
between. Only a token restoration gives a ZWNJ is evidence for deletion; a space never is (its
likelihood under deletion, 1 - s, is at most its likelihood under spacing, 1), so a line with no
such token has odds of at most 0 and `rasad.text.zwnj` does not read them (a new kind of evidence
for deletion must change that: tests/text/test_zwnj_speed_filters.py checks the premise on news).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from itertools import compress
from typing import Protocol
from zlib import crc32

from rasad.text.zwnj_filter import FILTER_MUL, pair_filter


class _Units(Protocol):
    def best(self, unit: str) -> str | None: ...


class _Pairs(Protocol):
    def get(self, left: str, right: str) -> tuple[int, int, int] | None: ...


class ZwnjLexicon(Protocol):
    """What the odds read of `rasad.text.zwnj.ZwnjLexicon` (not imported: zwnj imports this)."""

    @property
    def units(self) -> _Units: ...

    @property
    def pairs(self) -> _Pairs: ...

    @property
    def evidence_filter(self) -> bytes: ...

    def known(self, unit: str) -> bool: ...


ZWNJ = "\u200c"
# Log-odds a line needs before only one damage is repaired: chosen on the training folds
# (docs/benchmarks.md, issue #14 third round), never on the held-out outlet.
DAMAGE_MARGIN = 1.0
SPACED_MARGIN = 1.0  # the same, for spacing
# A space in a line whose ZWNJ were deleted becomes a ZWNJ only when the sources write that pair
# with a ZWNJ at least this share of the times they part it; over 1, as chosen (of 0.9, 0.97, 0.99
# and over 1, on the training folds): never, every space of such a line is the writer's.
DELETED_SPACE_SHARE = 1.01
UNSEEN_ODDS = 1.0  # evidence of deletion from an unseen word that restoration splits
SMOOTH = 0.5  # added to each count of a share
CAP = 4.0  # most log-odds one token or one space may give
EVIDENCE_MIN = 2  # sightings of a pair (plain and ZWNJ, or space and ZWNJ) before it is evidence
# The evidence filter (a section of the compiled lexicon, `rasad.text.zwnj_filter`): the slots of
# the pairs whose row a space can read as evidence (`space_evidence`), ~100k of the ~150k rows; a
# space between two tokens whose slot is clear gives nothing and is passed over without a lookup.
# 2^21 bits (256 KB): ~5% false positives, looked up as before.
EVIDENCE_FILTER_BITS = 21


# The odds of each token and space already read, for the lexicon they were read with (emptied when
# another is loaded or when they hold CACHE_SIZE entries).
CACHE_SIZE = 1 << 13
_OWNER: list[object] = [None]
_TOKENS: dict[str, float] = {}
_SPACES: dict[tuple[str, str], float] = {}


def _cuts(form: str) -> list[tuple[str, str]]:
    """The unit pairs either side of each ZWNJ of FORM ('می‌شود' -> [('می', 'شود')])."""
    units = form.split(ZWNJ)
    return [(units[i], units[i + 1]) for i in range(len(units) - 1)]


def _token_odds(lex: ZwnjLexicon, token: str) -> float:
    """Evidence for deletion from one ZWNJ-less token: the least likely plain cut of its usual
    ZWNJ spelling (0 when the corpus writes it plain, or does not know it)."""
    best = lex.units.best(token)
    if best is None:
        return 0.0
    odds = 0.0
    for left, right in _cuts(best):
        stats = lex.pairs.get(left, right)
        if not stats or stats[0] + stats[2] < EVIDENCE_MIN:
            continue
        plain = (stats[0] + SMOOTH) / (stats[0] + stats[2] + 2 * SMOOTH)
        odds = max(odds, -math.log(plain))
    return min(odds, CAP)


def space_evidence(stats: tuple[int, int, int]) -> bool:
    """Whether a pair's counts (none, space, ZWNJ) are evidence at a space between its units."""
    return stats[1] + stats[2] >= EVIDENCE_MIN


def evidence_settings() -> dict[str, int]:
    """What the evidence filter is built with (`space_evidence`'s constant, its size): a lexicon
    whose header names others loads without the filter, and every space is looked up."""
    return {"EVIDENCE_MIN": EVIDENCE_MIN, "EVIDENCE_FILTER_BITS": EVIDENCE_FILTER_BITS}


def evidence_filter(pairs: Mapping[tuple[str, str], tuple[int, int, int]]) -> bytes:
    """The evidence filter of a lexicon's pair counts (`compile_lexicon`): every pair a space
    can read as evidence (`space_evidence`, the test `_space_odds` applies) has its slot set."""
    return pair_filter((pair for pair, stats in pairs.items() if space_evidence(stats)), EVIDENCE_FILTER_BITS)


def _evidence_spaces(lex: ZwnjLexicon, keys: list[str]) -> Iterable[int]:
    """The single spaces of a split line KEYS whose pair may be evidence: with the lexicon's
    evidence filter, those whose slot is set (a few operations a gap); without it, every one."""
    table = lex.evidence_filter
    n = len(keys)
    if not table:
        return [i for i in range(2, n - 1, 2) if keys[i] == " "]
    mask = (len(table) << 3) - 1
    # each token's code computed anew (in C, about as fast as a cache's lookup, without its memory)
    codes = list(map(crc32, map(str.encode, keys[1::2])))
    # gap i = 2j + 2 lies between tokens j and j + 1
    return [i for i, a, b in zip(range(2, n - 1, 2), codes, codes[1:], strict=False)
            if table[(slot := (a * FILTER_MUL + b) & mask) >> 3] >> (slot & 7) & 1 and keys[i] == " "]


def _space_odds(lex: ZwnjLexicon, left: str, right: str) -> float:
    """Evidence against deletion from one space between units LEFT and RIGHT."""
    stats = lex.pairs.get(left, right)
    if not stats or not space_evidence(stats):
        return 0.0
    space = (stats[1] + SMOOTH) / (stats[1] + stats[2] + 2 * SMOOTH)
    return max(math.log(space), -CAP)


def deletion_log_odds(lex: ZwnjLexicon, keys: list[str], restored: list[str]) -> float:
    """Log-likelihood ratio, deleted against spaced, of a line split into gaps and folded tokens
    without ZWNJ (KEYS: gap, token, gap, ..., gap, as `rasad.text.zwnj` splits a line), whose
    tokens restoration spells RESTORED: only a token it gives a ZWNJ can be evidence, and an unseen
    one it splits ('پانگولینها') gives UNSEEN_ODDS for deletion."""
    if _OWNER[0] is not lex or len(_TOKENS) + len(_SPACES) > CACHE_SIZE:
        _OWNER[0] = lex
        _TOKENS.clear()
        _SPACES.clear()
    odds = 0.0
    # only a token restoration gives a ZWNJ: else the corpus writes it plain, or does not know it
    for token in compress(keys[1::2], [ZWNJ in word for word in restored]):
        token_odds = _TOKENS.get(token)
        if token_odds is None:
            token_odds = _token_odds(lex, token)
            if not token_odds and not lex.known(token):
                token_odds = UNSEEN_ODDS
            _TOKENS[token] = token_odds
        odds += token_odds
    # a space whose pair gives nothing adds 0.0, which changes no sum: only the others are read
    for i in _evidence_spaces(lex, keys):
        pair = (keys[i - 1], keys[i + 1])
        space_odds = _SPACES.get(pair)
        if space_odds is None:
            space_odds = _SPACES[pair] = _space_odds(lex, *pair)
        odds += space_odds
    return odds

