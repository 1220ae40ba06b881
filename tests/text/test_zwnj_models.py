"""The parts of ZWNJ restoration that generalize (issue #14), each on a small lexicon compiled from
count lines written here: the neighbouring words choosing between two readings of a word, the
rare-word prior for words no source wrote, and the comparatives the Academy writes joined."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from rasad.text.zwnj import ZWNJ as Z
from rasad.text.zwnj import rare_trials, restore_unit, restore_zwnj
from tests.text.lexicons import installed_lexicon

WORDS = [f"حرفه{Z}ای\t200", f"حرف{Z}های\t50", "حرفهای\t20", "او\t100", "حرف\t300", "حرفه\t300",
         "است\t500", "زد\t50", "بیمه\t40", "کتاب\t90", "فروش\t60", "بزرگ\t80", "بهتر\t70", "بیش\t50",
         "کم\t60", "بیشتر\t90", "کمتر\t40", "مهم\t90", "کابین\t30", "کابینه\t30",
         f"آیین{Z}نامه\t40", "آیین\t30"]
# how the words beside 'ای' and 'های' run in the (imagined) sources
CONTEXT = [">\tهای\tاو\t500", ">\tای\tاو\t5", ">\tای\tاست\t300", ">\tهای\tاست\t20"]
# rare words of the sources: 'ی' after 'ه' mostly with a ZWNJ, compounds after 'ب' mostly not
RARE = ["s\tی\tه\t1\t30", "s\tی\tه\t0\t3", "s\tی\t\t1\t31", "s\tی\t\t0\t400",
        "c\tب\t1\t2", "c\tب\t0\t40"]
# 'ی' written with a ZWNJ after many words: a suffix (left, right, none, space, zwnj, sources, agree)
PAIRS = [f"{w}\tی\t0\t0\t2\t0\t0" for w in ("لحظه", "نامه", "جامعه", "اراده", "برنامه", "چهره", "خانه",
                                                "مدرسه", "دهه", "هفته", "بهره", "پایه", "سایه", "میوه",
                                                "شیوه", "گونه")]
# 'ای' after words in 'ه' and 'های' after words in 'ن', with a ZWNJ: two more suffixes
PAIRS += [f"{w}\tای\t0\t0\t2\t0\t0" for w in ("لحظه", "نامه", "جامعه", "اراده", "برنامه", "چهره", "خانه",
                                                 "مدرسه", "دهه", "هفته", "بهره", "پایه", "سایه", "میوه",
                                                 "شیوه", "گونه")]
PAIRS += [f"{w}\tهای\t0\t0\t2\t0\t0" for w in ("زمین", "ماشین", "دوربین", "آیین", "بنزین", "کمین", "تمرین",
                                                  "سنگین", "رنگین", "زرین", "خونین", "چین", "دین", "کین",
                                                  "بین", "تضمین")]


@pytest.fixture
def lexicon(tmp_path: Path) -> Iterator[Path]:
    with installed_lexicon(tmp_path, WORDS, PAIRS, RARE, CONTEXT) as folder:
        yield folder


@pytest.mark.parametrize(("text", "expected"), [
    ("حرفهای او", f"حرف{Z}های او"),  # plural with an ezafe before a pronoun
    ("حرفهای است", f"حرفه{Z}ای است"),  # 'professional' before a verb
    ("حرفهای", f"حرفه{Z}ای"),  # no neighbour: the commoner reading
    ("این حرفهای", f"این حرفه{Z}ای"),  # a neighbour neither reading was seen beside says nothing
])
def test_neighbours_choose_the_reading(lexicon: Path, text: str, expected: str) -> None:
    assert restore_zwnj(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("کابینهای او", f"کابین{Z}های او"),  # an unseen word that parts both ways: the plural before 'او'
    ("کابینهای است", f"کابینه{Z}ای است"),  # and 'a ...' before a verb
])
def test_neighbours_choose_the_reading_of_an_unseen_word(lexicon: Path, text: str, expected: str) -> None:
    assert restore_zwnj(text) == expected


def test_an_affix_parts_from_a_word_the_sources_write_only_with_a_zwnj(lexicon: Path) -> None:
    # 'آییننامه' is never written plain (not a known unit), but its ZWNJ spelling is known
    assert restore_unit("آییننامهی") == f"آیین{Z}نامه{Z}ی"


def test_rare_word_prior_splits_an_unseen_affixed_word(lexicon: Path) -> None:
    assert restore_unit("بیمهی") == f"بیمه{Z}ی"  # one-letter 'ی' after silent 'ه', as rare words write it
    assert restore_unit("کتابفروش") == "کتابفروش"  # two known words, but rare words after 'ب' stay joined


def test_academy_comparatives_stay_joined(lexicon: Path) -> None:
    assert restore_unit("بزرگترین") == f"بزرگ{Z}ترین"
    assert restore_unit("مهمترین") == f"مهم{Z}ترین"
    for word in ("بهترین", "بیشترین", "کمترین"):
        assert restore_unit(word) == word


def test_rare_trials_read_each_place_of_a_rare_word() -> None:
    known = {"بیمه", "کتاب", "فروش", "نامه"}
    trials = sorted(rare_trials(f"بیمه{Z}ی", set(), {"ی"}, known))
    assert trials == [("s\tی\t", 1), ("s\tی\tه", 1)]
    assert sorted(rare_trials("کتابفروش", set(), set(), known)) == [("c\tب", 0)]
