"""Bit filters of unit pairs: a space whose pair cannot matter is passed over without a lookup.

The compiled ZWNJ lexicon (`rasad.text.zwnj.compile_lexicon`) stores a pair's counts under the
hash of 'left<TAB>right' in a sorted table: a lookup builds that key, hashes it twice and searches
about 150k rows. Most spaces of a line lie between two words whose row cannot matter to the
question asked (no row at all, or one that can say nothing), so the lexicon also holds, for each
question, a filter of the pairs that can: one bit per slot, set for the slot of every such pair.

A pair's slot is made of one code per unit (`unit_code`, the CRC-32 of its UTF-8), so that the
codes can be cached per word, not per pair (words repeat far more than pairs do), and a line's
spaces are tested with a few integer operations each: `(code(left) * FILTER_MUL + code(right))
mod 2^bits`. A clear bit: the pair surely does not matter. A set bit: it may (or it is one of the
few false positives), and it is looked up as before. A filter only ever saves lookups; it never
changes an answer, as long as it is built from the same test the lookup's reader applies.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable

__all__ = ["FILTER_MUL", "has_slot", "pair_filter", "pair_slot", "unit_code"]

FILTER_MUL = 0x9E3779B1  # odd: the left unit's code spread over the slot bits


def unit_code(unit: str) -> int:
    """The 32-bit code of one unit (CRC-32 of its UTF-8) that filter slots are made of."""
    return zlib.crc32(unit.encode())


def pair_slot(left: str, right: str, bits: int) -> int:
    """The slot of the pair (LEFT, RIGHT) in a filter of 2^BITS bits."""
    return (unit_code(left) * FILTER_MUL + unit_code(right)) & ((1 << bits) - 1)


def pair_filter(pairs: Iterable[tuple[str, str]], bits: int) -> bytes:
    """The filter of PAIRS: bit `slot & 7` of byte `slot >> 3` set for each pair's slot."""
    table = bytearray(1 << (bits - 3))
    for left, right in pairs:
        slot = pair_slot(left, right, bits)
        table[slot >> 3] |= 1 << (slot & 7)
    return bytes(table)


def has_slot(table: bytes, left: str, right: str) -> bool:
    """Whether the filter TABLE (of any size) has the slot of (LEFT, RIGHT) set."""
    slot = pair_slot(left, right, (len(table) * 8).bit_length() - 1)
    return bool(table[slot >> 3] >> (slot & 7) & 1)
