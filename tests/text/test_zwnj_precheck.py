"""The pair filter and the pre-check that passes over most spaces without looking their pair up
(rasad.text.zwnj `may_join`, `_candidate_gaps`): a speed device that must never change a decision."""

from __future__ import annotations

import importlib.resources
from collections.abc import Iterator
from pathlib import Path

import pytest

from rasad.text import zwnj
from rasad.text.zwnj import ZWNJ as Z
from rasad.text.zwnj import compile_lexicon, may_join, pair_slot, restore_zwnj, use_lexicon_dir
from tests.text.lexicons import damaged_news_lines, installed_lexicon, lexicon_in_use, with_header

# left, right, none, space, zwnj, sources, sources with ZWNJ
PAIRS = ["کتاب\tها\t0\t3\t40\t0\t0", "گفت\tو\t0\t0\t0\t0\t0", "اطلاع\tرسانی\t1\t20\t30\t0\t0"]
WORDS = ["کتاب\t50", "گفت\t40", "و\t900", "اطلاع\t30", "رسانی\t30", "خانه\t60", "بزرگ\t50"]


def _shipped_lexicon() -> bytes:
    return (importlib.resources.files("rasad") / "data" / zwnj.LEXICON_FILE).read_bytes()


def _without_filter(data: bytes) -> bytes:
    """The same compiled lexicon with its header no longer naming the filter: read as a lexicon
    compiled before it, with every space looked up."""
    return with_header(data, lambda header: header.pop("pair_filter_bits"))


@pytest.fixture
def tiny(tmp_path: Path) -> Iterator[Path]:
    with installed_lexicon(tmp_path, WORDS, PAIRS) as folder:
        yield folder


def test_filter_holds_every_pair_written_with_a_zwnj(tiny: Path) -> None:
    lexicon = zwnj.load_lexicon()
    assert len(lexicon.pair_filter) == 1 << (zwnj.PAIR_FILTER_BITS - 3)
    for left, right in (("کتاب", "ها"), ("اطلاع", "رسانی")):
        slot = pair_slot(left, right)
        assert lexicon.pair_filter[slot >> 3] >> (slot & 7) & 1
        assert may_join(left, right)
    # stored, but never written with a ZWNJ: its row can only say 'space'
    assert not may_join("گفت", "و")
    assert not may_join("خانه", "بزرگ")  # no row at all, no affix class
    assert restore_zwnj("کتاب ها و اطلاع رسانی") == f"کتاب{Z}ها و اطلاع{Z}رسانی"


def test_lexicon_without_filter_looks_every_space_up(tmp_path: Path) -> None:
    (tmp_path / zwnj.LEXICON_FILE).write_bytes(_without_filter(compile_lexicon(WORDS, PAIRS)))
    use_lexicon_dir(tmp_path)
    try:
        assert zwnj.load_lexicon().pair_filter == b""
        assert may_join("خانه", "بزرگ")
        assert restore_zwnj("کتاب ها و اطلاع رسانی") == f"کتاب{Z}ها و اطلاع{Z}رسانی"
    finally:
        use_lexicon_dir(None)


@pytest.mark.slow
def test_precheck_changes_no_decision_on_news(tmp_path: Path) -> None:
    """Every 10th IR-News dev file (other files than test_zwnj's digest), each line as written,
    with its ZWNJ deleted and with its ZWNJ spaced: the shipped lexicon restores each exactly as
    the same lexicon without its filter does, which looks every space up."""
    lines = damaged_news_lines(5)
    assert len(lines) > 10_000
    assert zwnj.load_lexicon().pair_filter, "the shipped lexicon has no pair filter: rebuild it"
    assert zwnj.load_lexicon().units._bits and zwnj.load_lexicon().pairs._bits, "no key filters: rebuild it"
    with_filter = [restore_zwnj(line) for line in lines]
    with lexicon_in_use(tmp_path, _without_filter(_shipped_lexicon())):
        assert zwnj.load_lexicon().pair_filter == b""
        without = [restore_zwnj(line) for line in lines]
    changed = [(a, b) for a, b in zip(with_filter, without, strict=True) if a != b]
    assert not changed, changed[:3]
    assert sum(a != b for a, b in zip(with_filter, lines, strict=True)) > 1_000  # restoration did work


def test_key_filters_keep_every_stored_key(tiny: Path) -> None:
    lexicon = zwnj.load_lexicon()
    assert lexicon.units._bits and lexicon.pairs._bits  # the compiled lexicon has both key filters
    for line in WORDS:
        assert lexicon.known(line.split("\t")[0])
    for line in PAIRS:
        left, right, none, space, joined = line.split("\t")[:5]
        assert lexicon.pairs.get(left, right) == (int(none), int(space), int(joined))
    assert lexicon.pairs.get("خانه", "بزرگ") is None
    assert not lexicon.known("کتابخانه")
