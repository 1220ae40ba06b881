"""The Store contract's query language, on every backend: every spelling an analyst types finds the
same articles (hamza seats, madda, joined and spaced compounds, digits glued to words, dotted
abbreviations), words side by side rank first, OR and exclusions, newest first, and no text is a
syntax error."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasad.errors import InputError
from rasad.pipeline import analyze_text
from rasad.store import open_store
from rasad.store.search import parse_query

Z = "\u200c"
# one sentence per article: the title says what the test looks for
ARTICLES = [
    ("2025-10-01", "رئیس سازمان", "رئیس سازمان برنامه گفت: بودجه تازه آماده است."),
    ("2025-10-02", "رییس دانشگاه", "رییس دانشگاه تهران از برنامه تازه خبر داد."),
    ("2025-10-03", "مسئول پرونده", "مسئول پرونده گفت کار ادامه دارد."),
    ("2025-10-04", "مسؤول قدیمی", "مسؤول قدیمی این اداره بازنشسته شد."),
    ("2025-10-05", "مسوول تازه", "مسوول تازه این اداره معرفی شد."),
    ("2025-10-06", "سفر به آمریکا", "هیئتی از ایران به آمریکا سفر کرد."),
    ("2025-10-07", "امریکا و اروپا", "امریکا و اروپا درباره تحریم گفت‌وگو کردند."),
    ("2025-10-08", "اسرائیل", "ارتش اسرائیل به غزه حمله کرد."),
    ("2025-10-09", "اسراییل", "نیروهای اسراییل از مرز عقب نشستند."),
    ("2025-10-10", f"رئیس{Z}جمهور در سفر", f"رئیس{Z}جمهور به استان فارس سفر کرد."),
    ("2025-10-11", "رئیس جمهور در نشست", "رئیس جمهور در نشست هیئت دولت سخن گفت."),
    ("2025-10-12", f"بهمن{Z}موتور", f"بهمن{Z}موتور قیمت خودروهای تازه را اعلام کرد."),
    ("2025-10-13", "بهمنموتور", "بهمنموتور خط تولید تازه را گشود."),  # the normalizer leaves it joined
    ("2025-10-14", "وزیر کشور", "وزیر کشور از مرزهای شرقی بازدید کرد."),
    ("2025-10-15", "کشور و وزیر", "وزیر نفت گفت این کشور صادرات را افزایش داد."),
    ("2025-10-16", "راهپیمایی", "راهپیمایی ۲۶بهمن در شهرها برگزار شد."),
    ("2025-10-17", f"ذبیح{Z}الله", f"ذبیح{Z}الله خدائیان سخنگوی قوه قضاییه شد."),
    ("2025-10-18", "بی.بی.سی", "بی.بی.سی گزارش تازه‌ای منتشر کرد."),
    ("2025-10-19", f"بی{Z}بی{Z}سی", f"بی{Z}بی{Z}سی از تهران گزارش داد."),
    ("2025-10-20", "فوتبال ایران", "تیم فوتبال ایران در لیگ برتر پیروز شد."),
    ("2025-10-21", "عراق", "نخست وزیر عراق به تهران آمد."),
]


@pytest.fixture(scope="module")
def articles():
    found = []
    for day, title, body in ARTICLES:
        found.append(analyze_text(f"date {day} خبرگزاری کار ایران\n{title}\n\n{body}\n", title))
    return found


NAMES: dict[int, str] = {}  # article id -> its title as written above (the normalizer may respace it)


@pytest.fixture
def store(store_url: str, articles):
    with open_store(store_url) as s:
        NAMES.clear()
        for article, (_, title, _) in zip(articles, ARTICLES, strict=True):
            NAMES[s.add(article).id] = title
        yield s


def titles(store, query: str, **kwargs) -> set[str]:
    return {NAMES[h.id] for h in store.search(query, limit=100, **kwargs).hits}


@pytest.mark.parametrize("variants, expected", [
    (["رئیس", "رییس"], {"رئیس سازمان", "رییس دانشگاه", f"رئیس{Z}جمهور در سفر", "رئیس جمهور در نشست"}),
    (["مسئول", "مسوول", "مسؤول"], {"مسئول پرونده", "مسؤول قدیمی", "مسوول تازه"}),
    (["آمریکا", "امریکا"], {"سفر به آمریکا", "امریکا و اروپا"}),
    (["اسرائیل", "اسراییل"], {"اسرائیل", "اسراییل"}),
    ([f"رئیس{Z}جمهور", "رئیس جمهور", "رییس جمهور", "رئیسجمهور"], {f"رئیس{Z}جمهور در سفر", "رئیس جمهور در نشست"}),
    ([f"بهمن{Z}موتور", "بهمن موتور"], {f"بهمن{Z}موتور", "بهمنموتور"}),
    (["۲۶بهمن", "۲۶ بهمن", "26 بهمن"], {"راهپیمایی"}),
    (["ذبیح الله", f"ذبیح{Z}الله"], {f"ذبیح{Z}الله"}),
    (["بی.بی.سی", f"بی{Z}بی{Z}سی", "بی بی سی"], {"بی.بی.سی", f"بی{Z}بی{Z}سی"}),
])
def test_every_spelling_finds_the_same_articles(store, variants: list[str], expected: set[str]) -> None:
    for variant in variants:
        assert titles(store, variant) == expected, variant


def test_a_joined_word_the_archive_holds_is_that_word(store) -> None:
    """Typed joined, a word some article holds is searched as written: a joined form may be one
    word (`بهنام`, a given name, is not `به نام`); only a word no article holds is split."""
    assert titles(store, "بهمنموتور") == {"بهمنموتور"}


def test_holds_says_what_documents_with_counts(store) -> None:
    from rasad.store.search import search_words

    words = {w for _, title, body in ARTICLES for w in search_words(title + " " + body)}
    words |= {"وزیرکشور", "بهمنموتور", "ناپیدا", "۲۶"}
    assert len(words) > 50
    for word in sorted(words):
        assert store.holds(word) == (store.documents_with(word) > 0), word


def test_a_word_no_article_holds_is_tried_as_two(store) -> None:
    assert "وزیر کشور" in titles(store, "وزیرکشور")
    assert titles(store, "وزیرکشور") == titles(store, '"وزیر کشور"')


def test_words_side_by_side_rank_first(store) -> None:
    hits = store.search("وزیر کشور").hits
    assert {NAMES[h.id] for h in hits} == {"وزیر کشور", "کشور و وزیر"}
    assert NAMES[hits[0].id] == "وزیر کشور"
    assert titles(store, '"وزیر کشور"') == titles(store, "«وزیر کشور»") == {"وزیر کشور"}


def test_or_and_exclusions(store) -> None:
    assert titles(store, "اسرائیل OR عراق") == {"اسرائیل", "اسراییل", "عراق"}
    assert titles(store, "اسرائیل | عراق") == titles(store, "اسرائیل OR عراق")
    assert titles(store, "تهران") == {"رییس دانشگاه", "بی" + Z + "بی" + Z + "سی", "عراق"}
    assert titles(store, "تهران -عراق") == {"رییس دانشگاه", f"بی{Z}بی{Z}سی"}
    assert titles(store, 'ایران -"لیگ برتر"') == titles(store, "ایران") - {"فوتبال ایران"}
    # only exclusions: everything else
    assert store.search("-تهران").total == len(ARTICLES) - 3


def test_newest_first(store) -> None:
    hits = store.search("رئیس", order="newest").hits
    assert [h.published for h in hits] == sorted((h.published for h in hits), reverse=True)
    with pytest.raises(InputError):
        store.search("رئیس", order="oldest")


def test_facets_say_what_they_counted(store) -> None:
    result = store.search("")
    assert result.faceted == len(ARTICLES)
    assert store.search("رئیس").faceted == 4


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from([*list('"«»-|()*:^ OR ANDNOT NEAR وزیرکشور بی.۲۶'), Z]), max_size=30))
def test_no_text_is_a_syntax_error(store, text: str) -> None:
    result = store.search(text)
    assert result.total >= 0
    store.articles_per_day(text)
    store.top("PER", query=text)


def test_parse_keeps_typed_words_apart_from_operators() -> None:
    query = parse_query('ایران OR عراق -فوتبال "وزیر کشور"')
    assert query.required == [[(("ایران",),), (("عراق",),)], [(("وزیر", "کشور"),)]]
    assert query.excluded == [("فوتبال",)]
    assert query.adjacent is None
    assert parse_query("وزیر کشور").adjacent == ("وزیر", "کشور")
    assert not parse_query('OR | - "" «»')
