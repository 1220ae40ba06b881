"""The two models of issue #14's third round, on small lexicons compiled from count lines written
here: the line's odds of deleted against spaced ZWNJ (rasad.text.zwnj_damage) and the character
n-gram model of where a ZWNJ goes in a word no source wrote (rasad.text.zwnj_ngram)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from rasad.text import zwnj, zwnj_ngram
from rasad.text.zwnj import ZWNJ as Z
from rasad.text.zwnj import compile_lexicon, load_lexicon, restore_unit, restore_zwnj, use_lexicon_dir
from rasad.text.zwnj_damage import deletion_log_odds
from tests.text.lexicons import installed_lexicon

WORDS = [f"می{Z}شود\t500", "میشود\t5", "شود\t300", "چهره\t200", "آنان\t80", "خانه\t90", "دوره\t50"]
# left, right, none, space, zwnj, sources, agree: 'می شود' nearly always with a ZWNJ; 'چهره های'
# with one 92% of the times the sources part it (a writer may still type the space)
PAIRS = ["می\tشود\t5\t20\t500\t0\t0", "چهره\tهای\t0\t8\t92\t0\t0"]


@pytest.fixture
def lexicon(tmp_path: Path) -> Iterator[Path]:
    with installed_lexicon(tmp_path, WORDS, PAIRS) as folder:
        yield folder


def _odds(line: str) -> float:
    keys = zwnj._PARTS.split(line)
    return deletion_log_odds(load_lexicon(), keys, [zwnj.restore_unit(token) for token in keys[1::2]])


def test_odds_weigh_each_damage(lexicon: Path) -> None:
    assert _odds("میشود") > 3  # its plain spelling is 1% of the sources'
    assert _odds("می شود") < -3  # a space the sources almost never type
    assert _odds("آنان رفتند") == 0  # nothing either way
    assert 0 < _odds("میشود چهره های") < _odds("میشود")


def test_a_deleted_line_keeps_its_writers_spaces(lexicon: Path) -> None:
    # 'میشود' says the ZWNJ were deleted: 'چهره های' is the writer's space, though the sources
    # write that pair with a ZWNJ 92% of the time
    assert restore_zwnj("میشود چهره های") == f"می{Z}شود چهره های"
    # alone, the space is read as a lost ZWNJ
    assert restore_zwnj("چهره های") == f"چهره{Z}های"


def test_a_spaced_line_keeps_its_writers_joined_words(lexicon: Path) -> None:
    assert restore_zwnj("آنان می شود") == f"آنان می{Z}شود"


STEMS = ["خانه", "دوره", "چهره", "جامعه", "برنامه", "هفته", "لحظه", "مدرسه", "پایه", "سایه", "شیوه", "گونه"]


def test_ngram_counts_word_types_and_backs_off() -> None:
    forms = [f"{stem}{Z}ای" for stem in STEMS] + ["زمینه", "کتابی", "کتابها"]
    model = zwnj_ngram.NgramModel(zwnj_ngram.compile_model(zwnj_ngram.count_types((form, 1) for form in forms)))
    assert len(model) > 0
    # 'ه|ای$' in a word none of the forms is: every type with that context had a ZWNJ there
    assert model.share("ستارهای", 4) == 1.0
    assert model.share("ستارهای", 1) is None  # a context never seen
    assert model.share("ستارهای", 2) == 0.0  # after a letter that never joins
    assert model.share("ابرای", 2) == 0.0  # after 'ر', a letter that never joins: never a place


def test_ngram_decides_unseen_words(tmp_path: Path) -> None:
    words = [f"{stem}{Z}ای\t3" for stem in STEMS] + [f"{stem}\t5" for stem in STEMS]
    (tmp_path / zwnj.LEXICON_FILE).write_bytes(compile_lexicon(words, []))
    use_lexicon_dir(tmp_path)
    try:
        assert restore_unit("ستارهای") == f"ستاره{Z}ای"  # no pair or class says so: the letters do
        assert restore_unit("ستاره") == "ستاره"
    finally:
        use_lexicon_dir(None)


def test_ngram_keeps_or_vetoes_a_cut_and_finds_one() -> None:
    forms = [f"{stem}{Z}ای" for stem in STEMS] + [f"ب{stem}" for stem in STEMS]
    model = zwnj_ngram.NgramModel(zwnj_ngram.compile_model(zwnj_ngram.count_types((form, 1) for form in forms)))
    assert zwnj_ngram.new_cut(None, "ستارهای") == 0
    assert zwnj_ngram.new_cut(model, "ستارهای") == 5
    assert zwnj_ngram.new_cut(model, "ستاره") == 0
    assert zwnj_ngram.keep_cut(model, "ستارهای", 5) == 5
    assert zwnj_ngram.keep_cut(model, "ستارهای", 3) == 0  # 'ستا|رهای': no type has a ZWNJ there
    assert zwnj_ngram.keep_cut(None, "ستارهای", 3) == 3
