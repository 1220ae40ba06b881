from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rasad.text.normalize import ZWNJ, decrease_repeated_letters, fold, normalize, normalize_line, to_ascii_digits

PERSIAN = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآ"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("علي", "علی"),  # Arabic yeh
        ("كتاب", "کتاب"),  # Arabic kaf
        ("مدرسة", "مدرسه"),
        ("كتـــاب", "کتاب"),  # tatweel
        ("دیدارِ", "دیدار"),  # kasra
        ("سلام\u200f", "سلام"),  # RLM
        ("٣ نفر", "۳ نفر"),  # Arabic-Indic digits
        ("سال 1404", "سال ۱۴۰۴"),
        ("COVID-19 و ICT2", "COVID-19 و ICT2"),  # digits of Latin tokens stay ASCII
        ("گفت :سلام", "گفت: سلام"),
        ("شبستان:مشاور", "شبستان: مشاور"),
        ("سلام , خوبی ?", "سلام، خوبی؟"),
        ("عادی است،گفت", "عادی است، گفت"),
        ("« سلام »گفت", "«سلام» گفت"),
        ("امروز(۲۶بهمن)", "امروز (۲۶ بهمن)"),  # a digit run glued to a word: two tokens (#14)
        ("۳.۵ درصد", "۳.۵ درصد"),  # no space inside a number
        ("ساعت 12:30", "ساعت ۱۲:۳۰"),
        ("دو  فاصله   اینجا", "دو فاصله اینجا"),
        ("\u00a0 وی همچنین", "وی همچنین"),  # no-break spaces from scraped pages
        (f"کتاب{ZWNJ}{ZWNJ}ها", f"کتاب{ZWNJ}ها"),
        (f"کتاب {ZWNJ}ها", "کتاب ها"),
        (f"{ZWNJ}سلام{ZWNJ}", "سلام"),
    ],
)
def test_normalize_line(raw: str, expected: str) -> None:
    assert normalize_line(raw, zwnj=False) == expected


def test_line_count_is_kept() -> None:
    text = "یک\n\nدو  \n\u00a0\nسه"
    assert normalize(text).count("\n") == text.count("\n")


def test_fold_unifies_variants() -> None:
    assert fold("ميشود ۱۲") == fold(f"می{ZWNJ}شود 12") == fold("می‌شود ١٢")
    assert to_ascii_digits("۱۴۰۴/۰۸/۰۴") == "1404/08/04"


persian_text = st.text(alphabet=PERSIAN + " .،:؛؟«»()0123456789۰۱۲۳۴\u064a\u0643" + ZWNJ, max_size=80)


@given(persian_text)
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize_line(text)
    assert normalize_line(once) == once


@given(persian_text)
def test_normalize_keeps_letters(text: str) -> None:
    """Normalization may change spacing, never which letters there are (but a letter typed three
    times or more in a row: `decrease_repeated_letters`)."""
    letters = lambda s: [c for c in fold(s, normalized=True) if c.isalpha()]  # noqa: E731
    text = text.replace("\u064a", "ی").replace("\u0643", "ک")
    assert letters(normalize_line(text)) == letters(fold(decrease_repeated_letters(text), normalized=True))


@pytest.mark.parametrize(("raw", "clean"), [
    ("تظا\u00adهرات", "تظاهرات"),  # soft hyphen
    ("a\x00b\x07c", "abc"),  # NUL and bell
    ("متن\x1b[2J", "متن[2J"),  # an escape sequence loses its ESC
    ("ﺗﻈﺎﻫﺮﺍﺕ", "تظاهرات"),  # presentation forms
    ("ﻻ", "لا"),  # a ligature
    ("˜ÇÑÔäÇÓÇä", "کارشناسان"),  # Windows-1256 read as Windows-1252
    ("Café déjà vu — naïve", "Café déjà vu — naïve"),  # real Latin-1 text is left alone
])
def test_sanitize(raw: str, clean: str) -> None:
    from rasad.text.normalize import sanitize

    assert sanitize(raw) == clean
