"""Two things news pages print that text must keep: dotted abbreviations (`بی.بی.سی`) unspaced, and
12-hour clocks (`۰۳:۴۵:۱۰ ب.ظ`) read as the afternoon they are."""

from __future__ import annotations

from datetime import datetime

import pytest

from rasad.text.dates import TEHRAN, parse_datetime
from rasad.text.normalize import normalize_line


@pytest.mark.parametrize(("text", "expected"), [
    ("به گزارش بی.بی.سی از لندن", "به گزارش بی.بی.سی از لندن"),
    ("شبکه سی.ان.ان گزارش داد", "شبکه سی.ان.ان گزارش داد"),
    ("ساعت ۱۲:۰۹ ب.ظ", "ساعت ۱۲:۰۹ ب.ظ"),
    ("نیروهای ج.ا.ا و U.S.A", "نیروهای ج.ا.ا و U.S.A"),
    ("سال ۱۳۹۹ ه.ش", "سال ۱۳۹۹ ه.ش"),
    # sentences missing the space after their dot still get it
    ("تهران.خبرگزاری فارس", "تهران. خبرگزاری فارس"),
    ("این است.وی گفت", "این است. وی گفت"),
    ("م.صادقی", "م. صادقی"),  # an initial before a name
    ("از آ.ث‌میلان", "از آ. ث‌میلان"),  # joined on to a word: spaced as before
])
def test_dotted_abbreviations(text: str, expected: str) -> None:
    assert normalize_line(text, zwnj=False) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("۲ تیر ۱۳۹۹ - ۱۲:۰۹:۰۸ ب.ظ", (12, 9, 8)),
    ("۲ تیر ۱۳۹۹ - ۰۳:۴۵:۱۰ ب.ظ", (15, 45, 10)),
    ("۲ تیر ۱۳۹۹ - ۰۳:۴۵:۱۰ ب. ظ", (15, 45, 10)),
    ("۲ تیر ۱۳۹۹ - ۱۲:۱۰ ق.ظ", (0, 10, 0)),
    ("۲ تیر ۱۳۹۹ - ۰۹:۱۰ ق.ظ", (9, 10, 0)),
    ("2020-06-22 3:10 PM", (15, 10, 0)),
    ("۲ تیر ۱۳۹۹ - ۱۵:۱۰", (15, 10, 0)),  # a 24-hour clock as it was
    ("۲ تیر ۱۳۹۹ - ۱۵:۱۰ ب.ظ", (15, 10, 0)),  # a 24-hour clock marked anyway: left alone
])
def test_twelve_hour_clock(text: str, expected: tuple[int, int, int]) -> None:
    assert parse_datetime(text) == datetime(2020, 6, 22, *expected, tzinfo=TEHRAN)
