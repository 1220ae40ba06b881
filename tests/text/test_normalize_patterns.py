"""The normalizer's fast paths (pre-checks, patterns that open with a character class) against
the plain forms they replaced, on any text: the output must be the same character for character."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from rasad.text import normalize as N

L = N._PERSIAN_LETTER
# the plain forms, as they were written before the fast paths
SPACE_BEFORE_PUNCT = re.compile(r" +([.،؛:!؟)\]»])")
SPACE_AFTER_PUNCT = re.compile(rf"([،؛!؟)\]»]|(?<![0-9])[.:])(?=[{L}A-Za-z(«\[])")
SPACE_BEFORE_OPEN = re.compile(rf"(?<=[{L}A-Za-z0-9۰-۹])([(«])")
DIGIT_LETTER = re.compile(rf"(?<=[۰-۹])(?=[{L}])|(?<=[{L}])(?=[۰-۹])")


def plain_normalize_spacing(text: str) -> str:
    if "," in text:
        text = N._PERSIAN_COMMA.sub("،", text)
    if ";" in text:
        text = N._PERSIAN_SEMICOLON.sub("؛", text)
    if "?" in text:
        text = N._PERSIAN_QUESTION.sub("؟", text)
    text = SPACE_BEFORE_PUNCT.sub(r"\1", text)
    if "." in text:
        text = N._DOTTED_ABBREVIATION.sub(lambda m: m.group().replace(".", N._KEPT_DOT), text)
    text = SPACE_AFTER_PUNCT.sub(r"\1 ", text).replace(N._KEPT_DOT, ".")
    if "(" in text or "«" in text or "[" in text:
        text = N._SPACE_AFTER_OPEN.sub(r"\1", text)
        text = SPACE_BEFORE_OPEN.sub(r" \1", text)
    return N._SPACES.sub(" ", text).strip()


def plain_sanitize(text: str) -> str:
    if N._MOJIBAKE.search(text):
        text = "\n".join(N.repair_mojibake(line) for line in text.split("\n"))
    text = N._INVISIBLE.sub("", text)
    return N._PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def plain_normalize_letters(text: str) -> str:
    text = unicodedata.normalize("NFC", plain_sanitize(text))
    return N._MARKS.sub("", text.translate(N._LETTERS))


def plain_decrease_repeated_letters(text: str) -> str:
    return N._REPEATED.sub(N._shorten, text) if N._RUN.search(text) else text


# Letters (Persian, Arabic variants, hamza forms), digits of three scripts, Latin, every mark the
# spacing rules name, spaces and odd spaces, ZWNJ, invisible and presentation-form characters,
# cp1252 letters of mojibake.
ALPHABET = ("ابپتسدرکگیهمنوزلشعفقحخجچآأؤئيكةىۀ" "۰۱۲۳۴۵۶۷۸۹٠١٢٣0123456789" "abcXYZ"
            ".:،؛!؟?,;)]»([«-/ \u00a0\t\u200c\u200b\u200d\u200e\u00ad\u0640\u064b\u0670"
            "ﻻﺗﻈ" "ÇÑÔäÓ˜" "ـ\u066b")
texts = st.text(alphabet=ALPHABET, max_size=60)


@settings(max_examples=600, deadline=None)
@given(texts)
def test_spacing_as_the_plain_patterns(text: str) -> None:
    assert N.normalize_spacing(text) == plain_normalize_spacing(text)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_letters_as_the_plain_forms(text: str) -> None:
    assert N.sanitize(text) == plain_sanitize(text)
    assert N.normalize_letters(text) == plain_normalize_letters(text)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_digit_spacing_and_runs_as_the_plain_forms(text: str) -> None:
    assert N.space_digits(text) == DIGIT_LETTER.sub(" ", text)
    assert N.decrease_repeated_letters(text) == plain_decrease_repeated_letters(text)


def test_the_fast_paths_are_taken_and_still_change_text() -> None:
    # each rewritten pattern on a case it must change, so that the comparisons above are not vacuous
    assert N.normalize_spacing("گفت .او") == "گفت. او"
    assert N.normalize_spacing("ساعت ۱۲:۳۰ و ۳.۵ درصد") == "ساعت ۱۲:۳۰ و ۳.۵ درصد"
    assert N.normalize_spacing("ایران(تهران)") == "ایران (تهران)"
    assert N.normalize_spacing("به گزارش بی.بی.سی.امروز") == "به گزارش بی.بی.سی. امروز"
    assert N.space_digits("۹کیلومتر") == "۹ کیلومتر"
    assert N.normalize_letters("علي\u00a0كتاب") == "علی کتاب"
    assert N.sanitize("تظا\u00adهرات") == "تظاهرات"
