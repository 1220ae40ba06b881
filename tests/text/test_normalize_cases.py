"""The normalizer's case table: hazm's own normalizer cases and the seed words (issue #14).

hazm's cases are the examples in the docstrings of hazm 0.12.1's `Normalizer` (hazm/normalizer.py,
MIT license; its test suite runs them as doctests), read there and written out here. Each row
gives what `normalize_line` (what `rasad normalize` does to a line) writes. Where rasad's policy
deliberately differs from hazm's, the row has hazm's output and the reason, and docs/normalization.md
says why in prose.
"""

from __future__ import annotations

import pytest

from rasad.text.normalize import normalize_line

Z = "\u200c"

# (input, rasad's output) where rasad writes what hazm writes.
SAME_AS_HAZM = [
    ("سلام   دنیا", "سلام دنیا"),
    ("به طول ۹متر و عرض۶", "به طول ۹ متر و عرض ۶"),
    (f"کاروان{Z}{Z}سرا", f"کاروان{Z}سرا"),
    (f"{Z}سلام{Z} به {Z}همه{Z}", "سلام به همه"),
    ("سلام دنیـــا", "سلام دنیا"),
    ("جمعهها که کار نمی کنم مطالعه می کنم", f"جمعه{Z}ها که کار نمی{Z}کنم مطالعه می{Z}کنم"),
    (' "سلام به همه"   ', '"سلام به همه"'),
    ("حَذفِ اِعراب", "حذف اعراب"),
    ("آمدند", "آمدند"),
    ("متن بدون اعراب", "متن بدون اعراب"),
    ("سلامممم به همه", "سلام به همه"),
    ("سلامم به همه", "سلامم به همه"),
    ("سلامم را برسان", "سلامم را برسان"),
    ("سلاممم را برسان", "سلام را برسان"),
    ("5 درصد", "۵ درصد"),
    ("۵ درصد", "۵ درصد"),
    ("نمیدانم چه میگفت", f"نمی{Z}دانم چه می{Z}گفت"),
    ("میز", "میز"),
    ("کتاب ها", f"کتاب{Z}ها"),
    ("او می رود", f"او می{Z}رود"),
    ("ماه می سال جدید", "ماه می سال جدید"),
    ("اخلال گر", f"اخلال{Z}گر"),
    ("", ""),
]

# The seed words of issue #14: joined digits and units, 'ای' after a word ending in 'ه', 'ام',
# 'ترین', repeated letters, diacritics.
SEEDS = [
    ("۹کیلومتر", "۹ کیلومتر"),
    ("۲۶بهمن", "۲۶ بهمن"),
    ("زمینلرزهای", f"زمین{Z}لرزه{Z}ای"),
    ("خانهام", f"خانه{Z}ام"),
    ("خانه ام", f"خانه{Z}ام"),
    ("بزرگترین", f"بزرگ{Z}ترین"),
    ("بزرگ ترین", f"بزرگ{Z}ترین"),
    ("اعلاممممم کرد", "اعلام کرد"),
    ("بُزرگیِ", "بزرگی"),
]

# (input, rasad's output, hazm's output, why rasad differs): docs/normalization.md, "rasad and hazm".
DIFFERS_FROM_HAZM = [
    ("اِعلاممممم کَرد : « زمین لرزه ای به بُزرگیِ 6 دهم ریشتر ...»",
     "اعلام کرد: «زمین لرزه ای به بزرگی ۶ دهم ریشتر...»",
     f"اعلام کرد: «زمین{Z}لرزه{Z}ای به بزرگی ۶ دهم ریشتر …»",
     "a space the news sources write both ways ('زمین لرزه', 'لرزه ای') stays; '...' stays three dots"),
    ("زمین لرزه ای", "زمین لرزه ای", f"زمین{Z}لرزه{Z}ای",
     "the sources write 'زمین لرزه' spaced about half the time: a space is kept where they disagree"),
    ("پیامبر اکرم ﷺ", "پیامبر اکرم صلی الله علیه وسلم", "پیامبر اکرم ",
     "a ligature is spelled out (NFKC), never dropped: no word is lost from the text"),
    ('"نرمال‌سازی"', '"نرمال‌سازی"', "«نرمال‌سازی»",
     "quotation marks are kept as written: the quote extractor reads both, and text is not restyled"),
    ("و ...", "و...", "و …",
     "three dots stay three dots (no ellipsis character); no space before a closing mark"),
    ("10.450", "۱۰.۴۵۰", "10٫450",
     "digits apart from Latin letters become Persian; the dot stays: it is a decimal or a "
     "thousands separator depending on the writer, which the normalizer cannot tell"),
]


@pytest.mark.parametrize(("text", "expected"), SAME_AS_HAZM + SEEDS)
def test_case(text: str, expected: str) -> None:
    assert normalize_line(text) == expected


@pytest.mark.parametrize(("text", "expected", "hazm", "why"), DIFFERS_FROM_HAZM)
def test_deliberate_difference(text: str, expected: str, hazm: str, why: str) -> None:
    out = normalize_line(text)
    assert out == expected, why
    assert out != hazm
