"""Near-duplicate articles: MinHash over word shingles of normalized text, indexed with LSH.

Finds republished copies and lightly edited ones (a changed lead, a paragraph removed, another
agency's line). Signatures serialize to bytes (`signature_to_bytes`) so the store can keep them
and rebuild an index without the texts. Shingle size and threshold were chosen by
bench/bench_dedup.py (docs/benchmarks.md).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rasad.text.letters import ARABIC_DIGITS, DEDUP_LETTERS, PERSIAN_DIGITS, digit_values, letter_folds

if TYPE_CHECKING:
    import numpy as np
    from datasketch import LeanMinHash

# numpy and datasketch (with scipy, ~0.35 s) are imported on first use: a command that never
# signs a text does not pay for them.

__all__ = [
    "DedupIndex",
    "DedupSettings",
    "near_duplicate_pairs",
    "normalize_for_dedup",
    "shingle_hashes",
    "signature_from_bytes",
    "signature_to_bytes",
    "similarity",
]

# The folding of rasad.text.normalize.fold (letters, digits, marks, ZWNJ) done the fast way: fold
# takes ~5 ms for an average article, this ~0.2 ms, and signing a million archived articles is the
# case that counts. One regex pass replaces only the characters that need it.
_FIXES = {
    **letter_folds(DEDUP_LETTERS),
    "\u200c": "", "\u200d": "", "\u200b": "", "\u0640": "",
    **digit_values(PERSIAN_DIGITS + ARABIC_DIGITS),
    **{chr(c): "" for c in [*range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE)]},
}
# Punctuation becomes a space; splitting on spaces is 3x faster than a \w+ regex over Persian text.
_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~«»،؛؟…–—“”‘’٪٫٬٭۔\u00a0\u200f\u200e\u202b\u202c\ufeff"
_FIXES.update({c: " " for c in _PUNCTUATION})
_FIX_RE = re.compile("[" + "".join(re.escape(c) for c in _FIXES) + "]")
# Scraped text writes می‌شود as میشود or می شود, and کتاب‌ها as کتابها or کتاب ها: join the
# verbal prefix and the plural/comparative suffixes so that all forms give one word.
# Plain str.replace: a regex with look-arounds costs as much as all the rest of the folding.
_JOINS = (*((f" {p} ", f" {p}") for p in ("می", "نمی")),
          *((f" {s} ", f"{s} ") for s in ("هایی", "های", "ها", "ترین", "تر")))
_MASK32 = 0xFFFFFFFF
_MULT = 0x100000001B3  # FNV prime: mixes word hashes into a shingle hash
_WORD_CACHE_LIMIT = 1 << 21


@dataclass(frozen=True, slots=True)
class DedupSettings:
    # Estimated Jaccard of 4-word shingle sets from which two texts are near-duplicates: k=4 and 0.4
    # gave the best F1 on IR-News + Varzesh3 with edited copies (docs/benchmarks.md).
    threshold: float = 0.4
    num_perm: int = 128
    shingle_size: int = 4  # words
    seed: int = 1


def normalize_for_dedup(text: str) -> str:
    """Unify letters and digits, drop diacritics, ZWNJ and punctuation, lower-case Latin."""
    return " ".join(_words(text))


def _words(text: str) -> list[str]:
    # single spaces first: a join needs its piece between two spaces, or a second pass would join more
    text = " " + " ".join(_FIX_RE.sub(_fix, text).lower().split()) + " "
    for old, new in _JOINS:
        if old in text:
            text = text.replace(old, new)
    return text.split()


def _fix(match: re.Match[str]) -> str:
    return _FIXES[match.group()]


class _WordHashes(dict[str, int]):
    """crc32 of each word, computed once (news vocabulary is small next to its text)."""

    def __missing__(self, word: str) -> int:
        if len(self) > _WORD_CACHE_LIMIT:
            self.clear()
        value = self[word] = zlib.crc32(word.encode("utf-8"))
        return value


_WORD_HASHES = _WordHashes()


def shingle_hashes(text: str, size: int) -> np.ndarray:
    """32-bit hashes of the distinct `size`-word shingles of the normalized text (uint32 array).
    A text shorter than `size` words is one shingle."""
    import numpy as np

    words = _words(text)
    if not words:
        return np.zeros(0, dtype=np.uint32)
    hashes = np.fromiter(map(_WORD_HASHES.__getitem__, words), dtype=np.uint64, count=len(words))
    span = min(size, len(words))
    count = len(words) - span + 1
    combined = np.zeros(count, dtype=np.uint64)
    for offset in range(span):  # polynomial rolling combination, wrapping at 2**64
        combined = combined * np.uint64(_MULT) + hashes[offset:offset + count]
    folded = (combined ^ (combined >> np.uint64(32))) & np.uint64(_MASK32)
    return np.unique(folded.astype(np.uint32))


SIGN_CHUNK = 16_384
"""Shingles hashed into a signature at a time: each costs num_perm 8-byte words while it is hashed
(a 5 MB article has a million shingles, a gigabyte at once)."""


def _identity(value: int) -> int:
    return value


class _Signer:
    """Makes MinHash signatures with one shared set of permutations (made once per settings)."""

    def __init__(self, settings: DedupSettings) -> None:
        from datasketch import MinHash

        self.settings = settings
        self._permutations = MinHash(settings.num_perm, settings.seed).permutations

    def sign(self, text: str) -> LeanMinHash:
        from datasketch import LeanMinHash, MinHash

        s = self.settings
        minhash = MinHash(s.num_perm, s.seed, hashfunc=_identity, permutations=self._permutations,
                          scheme="affine32")
        hashes = shingle_hashes(text, s.shingle_size)
        for at in range(0, len(hashes), SIGN_CHUNK):  # the minimum over chunks is the minimum over all
            minhash.update_batch(hashes[at:at + SIGN_CHUNK])
        return LeanMinHash(minhash)


def signature_to_bytes(signature: LeanMinHash) -> bytes:
    buffer = bytearray(signature.bytesize())
    signature.serialize(buffer)
    return bytes(buffer)


def signature_from_bytes(data: bytes) -> LeanMinHash:
    from datasketch import LeanMinHash

    return LeanMinHash.deserialize(data)


def similarity(a: LeanMinHash, b: LeanMinHash) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets."""
    import numpy as np

    return float(np.mean(a.hashvalues == b.hashvalues))


class DedupIndex:
    """An LSH index of article signatures: add texts (or stored signatures), ask for near-duplicates."""

    def __init__(self, settings: DedupSettings | None = None) -> None:
        from datasketch import MinHashLSH

        self.settings = settings or DedupSettings()
        self._signer = _Signer(self.settings)
        self._lsh = MinHashLSH(threshold=self.settings.threshold, num_perm=self.settings.num_perm)
        self._signatures: dict[Hashable, LeanMinHash] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._signatures

    def sign(self, text: str) -> LeanMinHash:
        return self._signer.sign(text)

    def signature(self, key: Hashable) -> LeanMinHash:
        return self._signatures[key]

    def add(self, key: Hashable, text: str | None = None, *, signature: LeanMinHash | None = None
            ) -> LeanMinHash:
        """Index `key` by its text or a stored signature; returns the signature (to persist)."""
        if key in self._signatures:
            raise KeyError(f"{key!r} is already indexed")
        if signature is None:
            if text is None:
                raise ValueError("give the text or the signature")
            signature = self.sign(text)
        self._lsh.insert(key, signature, check_duplication=False)
        self._signatures[key] = signature
        return signature

    def remove(self, key: Hashable) -> None:
        self._lsh.remove(key)
        del self._signatures[key]

    def query(self, text: str | None = None, *, signature: LeanMinHash | None = None,
              threshold: float | None = None) -> list[tuple[Hashable, float]]:
        """Indexed keys whose estimated similarity reaches the threshold, most similar first."""
        if signature is None:
            if text is None:
                raise ValueError("give the text or the signature")
            signature = self.sign(text)
        limit = self.settings.threshold if threshold is None else threshold
        found = []
        for key in self._lsh.query(signature):
            score = similarity(signature, self._signatures[key])
            if score >= limit:
                found.append((key, score))
        return sorted(found, key=lambda pair: -pair[1])

    def add_and_query(self, key: Hashable, text: str) -> list[tuple[Hashable, float]]:
        """The near-duplicates already indexed, then index `key` (the ingestion step)."""
        signature = self.sign(text)
        matches = self.query(signature=signature)
        self.add(key, signature=signature)
        return matches

    def pairs(self) -> list[tuple[Hashable, Hashable, float]]:
        """Every near-duplicate pair in the index, each once, in insertion order of the first key."""
        order = {key: i for i, key in enumerate(self._signatures)}
        found = []
        for key, signature in self._signatures.items():
            for other, score in self.query(signature=signature):
                if order[other] > order[key]:
                    found.append((key, other, score))
        return found


def near_duplicate_pairs(texts: Mapping[Hashable, str] | Iterable[tuple[Hashable, str]],
                         settings: DedupSettings | None = None) -> list[tuple[Hashable, Hashable, float]]:
    """All near-duplicate pairs among texts given as {key: text} or (key, text) pairs."""
    index = DedupIndex(settings)
    items = texts.items() if isinstance(texts, Mapping) else texts
    for key, text in items:
        index.add(key, text)
    return index.pairs()
