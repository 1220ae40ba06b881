"""A text's ZWNJ damage judged from all its lines (`restore_document`, `normalize_lines`), on a
small lexicon compiled from count lines written here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasad.text.normalize import normalize_line, normalize_lines
from rasad.text.zwnj import ZWNJ as Z
from rasad.text.zwnj import document_log_odds, restore_document, restore_zwnj, use_lexicon_dir
from tests.text.lexicons import installed_lexicon

WORDS = [f"می{Z}شود\t500", "میشود\t5", "شود\t300", "چهره\t200", "آنان\t80", "خانه\t90", "دوره\t50",
         f"آن{Z}ها\t100", "آنها\t40", "آن\t400", "رفتند\t60"]
# left, right, none, space, zwnj, sources, agree: 'می شود' nearly always with a ZWNJ; 'چهره های'
# with one 92% of the times the sources part it; 'آنها' plain 29% of the time
PAIRS = ["می\tشود\t5\t20\t500\t0\t0", "چهره\tهای\t0\t8\t92\t0\t0", "آن\tها\t40\t5\t100\t0\t0"]


@pytest.fixture
def lexicon(tmp_path: Path) -> Iterator[Path]:
    with installed_lexicon(tmp_path, WORDS, PAIRS) as folder:
        yield folder


def test_a_deleted_article_keeps_its_writers_spaces_in_every_line(lexicon: Path) -> None:
    # alone, 'چهره های' reads as a lost ZWNJ; in an article whose ZWNJ were deleted ('میشود'),
    # the space is its writer's
    assert restore_zwnj("چهره های") == f"چهره{Z}های"
    assert restore_document(["میشود", "چهره های"]) == [f"می{Z}شود", "چهره های"]


def test_a_spaced_article_keeps_its_writers_joined_words_in_every_line(lexicon: Path) -> None:
    # alone, 'آنها' (written plain 29% of the time) reads as deleted; beside 'می شود' it is the writer's
    assert restore_zwnj("آنها رفتند") == f"آن{Z}ها رفتند"
    assert restore_document(["آنان می شود", "آنها رفتند"]) == [f"آنان می{Z}شود", "آنها رفتند"]


def test_a_text_that_holds_a_zwnj_keeps_its_writers_spellings_but_sure_damage(lexicon: Path) -> None:
    # its ZWNJ were not lost wholesale (or it was restored before): only 'میشود' (plain 1% of the
    # time in the sources) is repaired; 'چهره های' and 'آنها' stand as written
    lines = [f"آنان می{Z}شود", "چهره های", "آنها رفتند", "میشود"]
    assert restore_document(lines) == [f"آنان می{Z}شود", "چهره های", "آنها رفتند", f"می{Z}شود"]


def test_an_undecided_article_is_restored_line_by_line(lexicon: Path) -> None:
    lines = ["آنان رفتند", "خانه"]
    assert document_log_odds(lines) is None
    assert restore_document(lines) == [restore_zwnj(line) for line in lines]


def test_normalize_lines_normalizes_each_line_and_judges_the_article(lexicon: Path) -> None:
    assert normalize_lines(["میشود  ", "چهره های"]) == [f"می{Z}شود", "چهره های"]
    assert normalize_lines(["چهره های"]) == [normalize_line("چهره های")]
    assert normalize_lines(["میشود", "چهره  های"], zwnj=False) == ["میشود", "چهره های"]


PIECES = ["می", "میشود", "شود", "های", "چهره", "آنها", "آن", "ها", "آنان", "رفتند", "خانه", "،"]
line = st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(["", " ", " ", Z])), max_size=8).map(
    lambda parts: "".join(piece + sep for piece, sep in parts))


@settings(max_examples=300, deadline=None)
@given(st.lists(line, max_size=6))
def test_document_restoration_is_idempotent_and_only_moves_spaces_and_zwnj(lines: list[str]) -> None:
    use_lexicon_dir(None)  # the shipped lexicon (hypothesis runs outside the fixture)
    once = restore_document(lines)
    assert len(once) == len(lines)
    for before, after in zip(lines, once, strict=True):
        assert after.replace(Z, "").replace(" ", "") == before.replace(Z, "").replace(" ", "")
    assert restore_document(once) == once
