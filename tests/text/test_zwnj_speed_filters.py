"""Speed devices of ZWNJ restoration that must never change a decision (issue #14, branch
s7-zspeed): the evidence filter of the line's odds (rasad.text.zwnj_damage), the bucket indexes of
the lexicon's tables, and the odds a line reads only when they can change its output
(rasad.text.zwnj `_restore_line`)."""

from __future__ import annotations

import array
import importlib.resources
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rasad.text import zwnj
from rasad.text.zwnj import ZWNJ as Z
from rasad.text.zwnj import compile_lexicon, load_lexicon, restore_zwnj
from rasad.text.zwnj_damage import deletion_log_odds, space_evidence
from rasad.text.zwnj_filter import has_slot
from tests.text.lexicons import damaged_news_lines, installed_lexicon, lexicon_in_use, with_header

WORDS = [f"می{Z}شود\t500", "میشود\t5", "شود\t300", "چهره\t200", "آنان\t80", "خانه\t90", "گفت\t40", "و\t900"]
# left, right, none, space, zwnj, sources, agree
PAIRS = ["می\tشود\t5\t20\t500\t0\t0", "چهره\tهای\t0\t8\t92\t0\t0", "گفت\tو\t0\t3\t0\t0\t0",
         "خانه\tها\t4\t1\t0\t0\t0"]
SPEED_SECTIONS = ("evidence_filter", "unit_buckets", "pair_buckets")


def _stripped(data: bytes) -> bytes:
    """The same compiled lexicon without the sections that only save time: read as a lexicon
    compiled before them (every space looked up for the odds, every table searched whole)."""
    def unname(header: dict[str, Any]) -> None:
        header["sections"] = [["-" + name if name in SPEED_SECTIONS else name, size]
                              for name, size in header["sections"]]

    return with_header(data, unname)


@pytest.fixture
def tiny(tmp_path: Path) -> Iterator[Path]:
    with installed_lexicon(tmp_path, WORDS, PAIRS) as folder:
        yield folder


def test_evidence_filter_holds_every_pair_a_space_reads(tiny: Path) -> None:
    lexicon = load_lexicon()
    assert lexicon.evidence_filter
    for line in PAIRS:
        left, right, none, space, joined = line.split("\t")[:5]
        if space_evidence((int(none), int(space), int(joined))):
            assert has_slot(lexicon.evidence_filter, left, right)
    assert not space_evidence((4, 1, 0))  # 'خانه ها': one space, no ZWNJ, is no evidence


def test_a_filter_built_with_other_evidence_settings_is_not_used(tmp_path: Path) -> None:
    def other_settings(header: dict[str, Any]) -> None:
        assert header["evidence_settings"] == zwnj.evidence_settings()
        header["evidence_settings"]["EVIDENCE_MIN"] += 1  # as if the odds' test had changed since

    with lexicon_in_use(tmp_path, with_header(compile_lexicon(WORDS, PAIRS), other_settings)):
        assert load_lexicon().evidence_filter == b""
        assert restore_zwnj("میشود چهره های") == f"می{Z}شود چهره های"


def test_odds_and_lookups_without_the_speed_sections_are_the_same(tiny: Path, tmp_path: Path) -> None:
    lines = ["میشود چهره های", "می شود", "گفت و می شود", "خانه ها و میشود", "آنان گفت و"]
    keys = [zwnj._PARTS.split(line) for line in lines]
    fast = load_lexicon()
    odds = [deletion_log_odds(fast, k, [zwnj.restore_unit(t) for t in k[1::2]]) for k in keys]
    restored = [restore_zwnj(line) for line in lines]
    other = tmp_path / "stripped"
    other.mkdir()
    with lexicon_in_use(other, _stripped(compile_lexicon(WORDS, PAIRS))):
        slow = load_lexicon()
        assert slow.evidence_filter == b"" and len(slow.units._index[0]) == 2  # no filter, one bucket
        assert [deletion_log_odds(slow, k, [zwnj.restore_unit(t) for t in k[1::2]]) for k in keys] == odds
        assert [restore_zwnj(line) for line in lines] == restored
    for table in (fast, slow):
        for line in PAIRS:
            left, right, none, space, joined = line.split("\t")[:5]
            assert table.pairs.get(left, right) == (int(none), int(space), int(joined))
        assert table.pairs.get("خانه", "گفت") is None
        assert all(table.known(line.split("\t")[0]) for line in WORDS if Z not in line)
        assert not table.known("کتابخانه")


def test_bucket_index_starts_each_run() -> None:
    hashes = sorted(zwnj.key_hash(f"واژه{i}") for i in range(5000))
    keys = array.array("q", hashes)
    starts, shift = zwnj._bucket_starts(zwnj._bucket_counts(keys, 8), len(keys))
    assert len(starts) == 257 and starts[-1] == len(keys) and shift == 24
    for i in range(0, 5000, 37):
        key = f"واژه{i}"
        assert keys[zwnj._row(keys, key, b"", (starts, shift))] == zwnj.key_hash(key)
    assert zwnj._row(keys, "نیست", b"", (starts, shift)) == -1


@pytest.mark.slow
def test_speed_sections_change_no_decision_on_news(tmp_path: Path) -> None:
    """Every 10th IR-News dev file (other files than the other news tests'), each line as written,
    with its ZWNJ deleted, with them spaced, and restored once: the shipped lexicon restores each
    as the same lexicon without its speed sections does. And the premise of not reading a line's
    odds when no word of it has a ZWNJ (written or restored): such odds are never over 0."""
    lines = damaged_news_lines(7)
    assert len(lines) > 10_000
    lexicon = load_lexicon()
    assert lexicon.evidence_filter and len(lexicon.pairs._index[0]) > 2, "no speed sections: rebuild the lexicon"
    fast = [restore_zwnj(line) for line in lines]
    lines += fast[1::3]  # restored once: lines with a ZWNJ written
    fast += [restore_zwnj(line) for line in fast[1::3]]
    for line in lines:
        if Z in line:
            continue
        keys = zwnj._PARTS.split(line.translate(zwnj.FOLD))
        tokens = [zwnj._restore_token(token)[0] for token in keys[1::2]]
        if not any(Z in token for token in tokens):
            assert deletion_log_odds(lexicon, keys, tokens) <= 0
    shipped = (importlib.resources.files("rasad") / "data" / zwnj.LEXICON_FILE).read_bytes()
    with lexicon_in_use(tmp_path, _stripped(shipped)):
        assert load_lexicon().evidence_filter == b""
        slow = [restore_zwnj(line) for line in lines]
    changed = [(a, b) for a, b in zip(fast, slow, strict=True) if a != b]
    assert not changed, changed[:3]
    assert sum(a != b for a, b in zip(fast, lines, strict=True)) > 1_000  # restoration did work
