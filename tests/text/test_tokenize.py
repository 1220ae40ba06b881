from __future__ import annotations

import hashlib

import pytest

from rasad.text.tokenize import sentence_tokens, split_sentences, token_spans, tokenize, word_spans, words
from tests.conftest import require_shared


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


# sha256 of the NER's sentence token boundaries and the extractors' word spans over every tenth
# IR-News dev file, recorded with rasad.extract._ner_tokenize and extract.spans' own regex (9469c4b)
# before they moved here: the models were trained on these boundaries.
BOUNDARIES_SHA256 = "451098bedadd1d39e2e2802679b2fb755850e8a77681c1a1612d474ca00fe197"


def test_model_and_word_boundaries_unchanged_on_news_sample() -> None:
    digest = hashlib.sha256()
    for path in sorted(require_shared("data", "ir_news_dev").glob("*_*.txt"))[::10]:
        text = path.read_text(encoding="utf-8")
        for sentence in sentence_tokens(text):
            digest.update(repr([(start, end) for _, start, end in sentence]).encode())
        digest.update(repr(word_spans(text)).encode())
    assert digest.hexdigest() == BOUNDARIES_SHA256


def test_token_spans_keep_offsets() -> None:
    text = "سازمان‌های بین‌المللی (سازمان ملل) ۱۲٫۵ درصد، ICT2 و\u200c ۱۴۰۴/۰۸/۰۴."
    spans = token_spans(text)
    assert all(text[s:e] == t for t, s, e in spans)
    assert [t for t, _, _ in spans][-4:] == ["ICT2", "و", "۱۴۰۴/۰۸/۰۴", "."]
