"""Filter words: an article's agency, day, Jalali week and Jalali month as words of its full-text
row, so that a search with an agency or a date range is one full-text match (the index intersects
the words' articles, skipping through the longer list) instead of a test of every article that holds
the words. A date range is said with as few words as cover it (whole months, then whole weeks, then
days): the index advances every word of the range's OR at each step, so 31 day words cost several
times what one month word or four week words and three days do.

Every article carries exactly `TAGS` of them (`xa…` its agency, `xd20250321` its day, `xw20250315`
its week, named by the Saturday that starts it, as Iranian weeks do, `xm140401` its Jalali month;
`xa0`, `xd0`, `xw0`, `xm0` when it has none), in a column of their own that BM25 weighs 0. Each
mixes letters and digits, which no search key holds (rasad.store.search cuts a digit run off a word),
so no typed query can match one. The full-text engine counts them in an article's length, so every
backend's BM25 length is its words plus `TAGS` (rasad.store.search.bm25), whether or not it indexes
them.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import jdatetime

TAGS = 4  # filter words in every article's full-text row
MAX_RANGE_WORDS = 40  # a date range needing more month, week and day words than this is tested per article
NONE = ("xa0", "xd0", "xw0", "xm0")
SATURDAY = 5  # date.weekday() of the first day of an Iranian week


def agency_tag(agency_id: str) -> str:
    return "xa1" + hashlib.sha1(agency_id.encode("utf-8")).hexdigest()[:16]


def day_tag(day: date) -> str:
    return f"xd{day:%Y%m%d}"


def week_start(day: date) -> date:
    """The Saturday that starts `day`'s week."""
    return day - timedelta(days=(day.weekday() - SATURDAY) % 7)


def week_tag(day: date) -> str:
    """The word of the week (Saturday to Friday) that holds `day`."""
    return f"xw{week_start(day):%Y%m%d}"


def month_tag(year: int, month: int) -> str:
    """A Jalali month's word: analysts ask for Jalali months, so a month filter is one word."""
    return f"xm{year:04d}{month:02d}"


def article_tags(agency_id: str | None, day: str | None) -> str:
    """The filter words of an article with this agency id and publication day (`YYYY-MM-DD`)."""
    tags = [agency_tag(agency_id) if agency_id else NONE[0], *NONE[1:]]
    if day:
        try:
            when = date.fromisoformat(day[:10])
        except ValueError:
            return " ".join(tags)
        jalali = jdatetime.date.fromgregorian(date=when)
        tags[1:] = [day_tag(when), week_tag(when), month_tag(jalali.year, jalali.month)]
    return " ".join(tags)


def range_tags(first: date, last: date, weeks: bool = True) -> list[str] | None:
    """The words an article published from `first` to `last` (inclusive) holds one of: each Jalali
    month wholly inside as its month word, then each week wholly inside the rest as its week word
    (unless not `weeks`, as schema 14 said a range), the remaining days as day words. None when that
    takes more than MAX_RANGE_WORDS (a wide range: testing each match is then as cheap, since most
    pass)."""
    words: list[tuple[date, str]] = []  # (first day covered, word), put in date order at the end
    rest: list[tuple[date, date]] = []  # the stretches no whole month covers
    day = first
    while day <= last:
        jalali = jdatetime.date.fromgregorian(date=day)
        start = jdatetime.date(jalali.year, jalali.month, 1).togregorian()
        following = (jdatetime.date(jalali.year + 1, 1, 1) if jalali.month == 12
                     else jdatetime.date(jalali.year, jalali.month + 1, 1)).togregorian()
        end = following - timedelta(days=1)
        if start >= first and end <= last:
            words.append((start, month_tag(jalali.year, jalali.month)))
        elif rest and rest[-1][1] == day - timedelta(days=1):
            rest[-1] = (rest[-1][0], min(end, last))
        else:
            rest.append((day, min(end, last)))
        if len(words) > MAX_RANGE_WORDS:
            return None
        day = following
    for low, high in rest:
        day = low
        while day <= high:
            if weeks and day == week_start(day) and day + timedelta(days=6) <= high:
                words.append((day, week_tag(day)))
                day += timedelta(days=7)
            else:
                words.append((day, day_tag(day)))
                day += timedelta(days=1)
            if len(words) > MAX_RANGE_WORDS:
                return None
    return [word for _, word in sorted(words)]


__all__ = ["MAX_RANGE_WORDS", "TAGS", "agency_tag", "article_tags", "day_tag", "month_tag", "range_tags", "week_tag"]
