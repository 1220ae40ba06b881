from __future__ import annotations

import pytest

from rasad.text.tokenize import split_sentences, tokenize, words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("می‌شود", ["می‌شود"]),
        ("قیمت ۱٬۲۰۰ تومان", ["قیمت", "۱٬۲۰۰", "تومان"]),
        ("رشد ۳.۵ درصد", ["رشد", "۳.۵", "درصد"]),
        ("۲۰٪ و 15%", ["۲۰٪", "و", "15%"]),
        ("تاریخ ۱۴۰۴/۰۸/۰۴ ساعت ۱۲:۳۰", ["تاریخ", "۱۴۰۴/۰۸/۰۴", "ساعت", "۱۲:۳۰"]),
        ("سایت https://www.irna.ir/news/1.", ["سایت", "https://www.irna.ir/news/1"]),
        ("COVID-19", ["COVID-19"]),
    ],
)
def test_words(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_offsets() -> None:
    text = "وی گفت: «سلام»"
    assert all(text[t.start : t.end] == t.text for t in tokenize(text))
    assert [t.text for t in tokenize(text) if t.kind == "punct"] == [":", "«", "»"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("اول. دوم! سوم؟ چهارم", ["اول.", "دوم!", "سوم؟", "چهارم"]),
        ("رشد ۳.۵ درصد بود. بعد", ["رشد ۳.۵ درصد بود.", "بعد"]),
        ("م. صادقی آمد. رفت", ["م. صادقی آمد.", "رفت"]),
        ("در ج.ا.ا گفت. بعد", ["در ج.ا.ا گفت.", "بعد"]),
        ("وی گفت: «ما می‌رویم. شما بمانید.» سپس رفت.", ["وی گفت: «ما می‌رویم. شما بمانید.» سپس رفت."]),
        ("خط یک\nخط دو", ["خط یک", "خط دو"]),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected
