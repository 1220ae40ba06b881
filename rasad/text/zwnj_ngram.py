"""A character n-gram model of where a ZWNJ goes inside a word no source wrote.

The lexicon knows the words the sources wrote; for any other run of letters the question is, at
each place between two letters, whether correctly written text puts a ZWNJ there. The letters
either side of the place answer it for most words: 'ه|ای' at a word's end, 'ی|شدگان', '^می|'.
`build_model` counts, over the sources' word types (each spelling once, so that a few frequent
words do not outvote the many rare ones an unseen word resembles), how often each pair of
contexts (up to ORDER letters left and right, '^' and '$' marking the word's edges) has a ZWNJ
between them and how often not. `NgramModel.share` backs off from the longest contexts to the
shortest that were seen MIN_SEEN times. The counts are stored compact, under 64-bit hashes of
the contexts, in the lexicon file.
"""

from __future__ import annotations

import array
import itertools
import sys
import zlib
from bisect import bisect_left
from collections.abc import Iterable

ZWNJ = "\u200c"
NON_JOINING = frozenset("اآأإدذرزژوؤ")  # a ZWNJ after these is invisible: not a place
# (left letters, right letters) of the contexts, most specific first.
ORDERS = ((4, 4), (4, 3), (3, 4), (3, 3), (3, 2), (2, 3), (2, 2), (2, 1), (1, 2), (1, 1))
MIN_SEEN = 8  # word types a context needs before its share is trusted
MIN_LETTERS = 2  # letters of the shortest piece left of a place
MIN_RIGHT = 1  # ... right of it (a one-letter 'ی' after a silent 'ه')
# Chosen on the training folds (docs/benchmarks.md, issue #14 third round), never the held-out one:
VETO_SHARE = 0.05  # a split of an unseen word stands only where the model's share is at least this
VETO_LETTERS = 4  # ... by a context of this many letters or more (two either side, or 3 + 1)
SPLIT_SHARE = 0.7  # an unseen word the lexicon leaves whole is split where the share is over this


def settings() -> dict[str, object]:
    """The constants a compiled model depends on (the lexicon is refused when one changed)."""
    return {"ORDERS": [list(order) for order in ORDERS], "MIN_SEEN": MIN_SEEN, "MIN_LETTERS": MIN_LETTERS,
            "MIN_RIGHT": MIN_RIGHT}


def _hash(key: str) -> int:
    """32-bit key of a context (CRC-32 of its UTF-8): a context never stored finds a false row
    with odds of about 1 in 10^5, and then only shifts one share."""
    return zlib.crc32(key.encode())


def _contexts(padded: str, cut: int, letters: int = 2) -> Iterable[str]:
    """Keys of the place before PADDED[cut] ('^' + word + '$'), one per order of LETTERS or more
    letters in all."""
    for left, right in ORDERS:
        if left + right < letters:
            break
        if cut - left < 0 or cut + right > len(padded):
            continue
        yield f"{left}{right}{padded[cut - left:cut]}|{padded[cut:cut + right]}"


def places(plain: str) -> range:
    """Letter indices a ZWNJ may go after (index i: between plain[i] and plain[i+1])."""
    return range(MIN_LETTERS - 1, len(plain) - MIN_RIGHT)


def count_types(forms: Iterable[tuple[str, int]]) -> dict[str, list[int]]:
    """Context key -> [words joined there, words with a ZWNJ there] over FORMS (written forms with
    their ZWNJ, and counts): each word (its letters) votes once at each place, by how most of its
    sightings write that place, so that a word's plain and ZWNJ spellings do not vote twice."""
    words: dict[str, dict[int, list[int]]] = {}
    for form, count in forms:
        plain = form.replace(ZWNJ, "")
        places_of = words.setdefault(plain, {})
        letters = 0
        zwnj_after = set()
        for ch in form:
            if ch == ZWNJ:
                zwnj_after.add(letters - 1)
            else:
                letters += 1
        for i in places(plain):
            places_of.setdefault(i, [0, 0])[int(i in zwnj_after)] += count
    counts: dict[str, list[int]] = {}
    for plain, votes in words.items():
        padded = "^" + plain + "$"
        for i, (joined, zwnj) in votes.items():
            if plain[i] in NON_JOINING:
                continue
            label = int(zwnj > joined)
            for key in _contexts(padded, i + 2):
                counts.setdefault(key, [0, 0])[label] += 1
    return counts


def compile_model(counts: dict[str, list[int]]) -> bytes:
    """Contexts seen MIN_SEEN times, as sorted 32-bit hashes (two contexts with one hash are both
    left out) and two uint16 counts a row (capped): a little-endian section of the lexicon."""
    rows = sorted((_hash(key), min(n, 0xFFFF), min(z, 0xFFFF)) for key, (n, z) in counts.items()
                  if n + z >= MIN_SEEN)
    clash = {a[0] for a, b in itertools.pairwise(rows) if a[0] == b[0]}
    rows = [row for row in rows if row[0] not in clash]
    keys = array.array("I", [h for h, _, _ in rows])
    values = array.array("H", [v for _, n, z in rows for v in (n, z)])
    if sys.byteorder != "little":
        keys.byteswap()
        values.byteswap()
    return len(keys).to_bytes(4, "little") + keys.tobytes() + values.tobytes()


class NgramModel:
    """ZWNJ share of a place between letters, from the counts of its contexts."""

    __slots__ = ("_keys", "_values")

    def __init__(self, data: bytes) -> None:
        n = int.from_bytes(data[:4], "little")
        self._keys = array.array("I")
        self._keys.frombytes(data[4:4 + 4 * n])
        self._values = array.array("H")
        self._values.frombytes(data[4 + 4 * n:])
        if sys.byteorder != "little":
            self._keys.byteswap()
            self._values.byteswap()

    def __len__(self) -> int:
        return len(self._keys)

    def _counts(self, key: str) -> tuple[int, int] | None:
        h = _hash(key)
        i = bisect_left(self._keys, h)
        if i < len(self._keys) and self._keys[i] == h:
            return self._values[2 * i], self._values[2 * i + 1]
        return None

    def share(self, plain: str, i: int, letters: int = 2) -> float | None:
        """Share of words with a ZWNJ after PLAIN[i], by the most specific context seen of
        LETTERS or more letters (0 after a letter that never joins; None when none was seen)."""
        if plain[i] in NON_JOINING:
            return 0.0
        for key in _contexts("^" + plain + "$", i + 2, letters):
            counts = self._counts(key)
            if counts:
                return counts[1] / (counts[0] + counts[1])
        return None


def keep_cut(model: NgramModel | None, unit: str, cut: int) -> int:
    """The lexicon's CUT of UNIT (a word no source wrote; 0: none), unless correctly written words
    almost never have a ZWNJ at that place (share under VETO_SHARE): then 0. A place none of whose
    contexts was seen says nothing."""
    if model is None or not cut:
        return cut
    share = model.share(unit, cut - 1, VETO_LETTERS)
    return 0 if share is not None and share < VETO_SHARE else cut


def new_cut(model: NgramModel | None, unit: str) -> int:
    """Where to split a word no source wrote and no rule of the lexicon splits: its likeliest
    place, when that place's share is over SPLIT_SHARE ('دانش|آموختگی'); else 0."""
    if model is None:
        return 0
    best, best_share = 0, SPLIT_SHARE
    for i in places(unit):
        share = model.share(unit, i)
        if share is not None and share > best_share:
            best, best_share = i + 1, share
    return best
