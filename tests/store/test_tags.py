"""Filter words (rasad.store.tags): every article carries four, a date range becomes Jalali month
words, week words and day words, and no text or query can hold one."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from rasad.store.search import search_words
from rasad.store.tags import MAX_RANGE_WORDS, TAGS, agency_tag, article_tags, day_tag, month_tag, range_tags, week_tag


def test_every_article_carries_the_same_number_of_filter_words() -> None:
    # 2025-03-21 is a Friday: its week began on Saturday the 15th
    assert article_tags("IRNA", "2025-03-21").split() == [agency_tag("IRNA"), "xd20250321", "xw20250315", "xm140401"]
    assert article_tags("IRNA", "2025-03-22").split()[2] == "xw20250322"
    assert article_tags(None, None).split() == ["xa0", "xd0", "xw0", "xm0"]
    assert article_tags("ایسنا", "not a day").split() == [agency_tag("ایسنا"), "xd0", "xw0", "xm0"]
    for words in (article_tags("IRNA", "2025-03-21"), article_tags(None, None), article_tags("x y", "2024-01-01")):
        assert len(words.split()) == TAGS
    assert agency_tag("IRNA") != agency_tag("ISNA") and agency_tag("a b").isalnum()


def test_a_whole_jalali_month_is_one_word() -> None:
    # Farvardin 1404 = 2025-03-21 .. 2025-04-20
    assert range_tags(date(2025, 3, 21), date(2025, 4, 20)) == [month_tag(1404, 1)]
    # Esfand of a leap year ends on its 30th (1403 is leap): 2025-02-19 .. 2025-03-20
    assert range_tags(date(2025, 2, 19), date(2025, 3, 20)) == [month_tag(1403, 12)]


def test_partial_months_are_their_weeks_and_days() -> None:
    assert range_tags(date(2025, 3, 19), date(2025, 4, 21)) == [
        day_tag(date(2025, 3, 19)), day_tag(date(2025, 3, 20)), month_tag(1404, 1), day_tag(date(2025, 4, 21))]
    assert range_tags(date(2025, 5, 5), date(2025, 5, 5)) == ["xd20250505"]
    # the last 31 days across two Jalali months (Mehr and Aban 1404): four weeks and three days, not 31 days
    assert range_tags(date(2025, 10, 15), date(2025, 11, 14)) == [
        "xd20251015", "xd20251016", "xd20251017", week_tag(date(2025, 10, 18)), week_tag(date(2025, 10, 25)),
        week_tag(date(2025, 11, 1)), week_tag(date(2025, 11, 8))]
    assert week_tag(date(2025, 10, 24)) == "xw20251018"  # a week across the month's end is one word


def test_a_wide_range_is_left_to_the_article_test() -> None:
    assert range_tags(date(2020, 1, 1), date(2025, 1, 1)) is None
    words = range_tags(date(2024, 3, 20), date(2025, 3, 20))  # Jalali 1403, whole: twelve months
    assert words is not None and len(words) == 12


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)), st.integers(0, 120))
def test_a_range_says_exactly_its_days(first: date, span: int) -> None:
    last = first + timedelta(days=span)
    words = range_tags(first, last)
    if words is None:
        assert span > MAX_RANGE_WORDS - 2
        return
    inside = set(words)
    for offset in range(-3, span + 4):
        day = first + timedelta(days=offset)
        assert bool(inside & set(article_tags("a", day.isoformat()).split())) == (first <= day <= last), day


@given(st.text())
def test_no_text_holds_a_filter_word(text: str) -> None:
    for word in search_words(text):
        assert not (word[:2] in ("xa", "xd", "xw", "xm") and any(c.isdigit() for c in word)), word
    assert search_words("xd20250321 xa0 xw20250315 xm140401") == [
        "xd", "20250321", "xa", "0", "xw", "20250315", "xm", "140401"]


def test_sqlite_says_an_agency_and_a_range_as_filter_words() -> None:
    from rasad.store.search import parse_query
    from rasad.store.sqlite import Selection
    from rasad.store.values import SearchFilters

    filters = SearchFilters(agency="ISNA", since=date(2025, 3, 21))
    q = Selection(parse_query("بازار"), filters, lambda: ("2024-01-01", "2025-04-20"))
    assert not q.filtered and q.where == "articles_fts MATCH ?"
    assert q.params == [f'((("بازار"))) AND "{agency_tag("ISNA")}" AND ("xm140401")']
    wide = Selection(parse_query("بازار"), SearchFilters(since=date(2020, 1, 1)), lambda: ("2020-01-01", "2025-04-20"))
    assert wide.filtered and "published_day" in wide.where  # too wide for words: tested per article
    browse = Selection(parse_query(""), filters, lambda: ("2024-01-01", "2025-04-20"))
    assert "agency_id" in browse.where  # no words: the day index, not the full-text one
