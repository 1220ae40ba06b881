from __future__ import annotations

from datetime import date

import pytest

from rasad.text.dates import (
    find_dates,
    jalali_to_gregorian,
    parse_date,
    parse_datetime,
    parse_timestamp,
    resolve,
    to_jalali,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1404/08/04", date(2025, 10, 26)),
        ("۱۴۰۴/۰۸/۰۴", date(2025, 10, 26)),
        ("۱۴۰۴-۰۸-۰۴", date(2025, 10, 26)),
        ("۴ آبان ۱۴۰۴", date(2025, 10, 26)),
        ("4 آبان 1404", date(2025, 10, 26)),
        ("26 بهمن 1403", date(2025, 2, 14)),
        ("۲۶ بهمن ماه سال ۱۴۰۳", date(2025, 2, 14)),
        ("2025-10-26", date(2025, 10, 26)),
        ("26 اکتبر 2025", date(2025, 10, 26)),
        ("26/10/2025", date(2025, 10, 26)),
        ("امروز هیچ تاریخی ندارد", None),
        ("26 بهمن", None),  # no year, no reference: unknown, never invented
        ("1404/13/01", None),  # no 13th month
    ],
)
def test_parse_date(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


def test_year_from_reference() -> None:
    mention = find_dates("ظهر امروز(۲۶بهمن) در همایش")[0]
    assert mention.year is None and mention.jalali_string() == "????-11-26"
    assert resolve(mention, date(2025, 2, 14)).jalali_string() == "1403-11-26"
    # published in early Farvardin 1404: a late-Esfand day belongs to the year before
    late = find_dates("۲۸ اسفند")[0]
    assert resolve(late, date(2025, 3, 25)).year == 1403


def test_month_names_need_word_ends() -> None:
    assert find_dates("۱۲ مهرداد") == []  # a name, not the month مهر
    assert find_dates("۵ دی ماه")[0].month == 10


def test_conversions_both_ways() -> None:
    assert to_jalali(date(2025, 10, 26)) == "1404-08-04"
    assert jalali_to_gregorian(1403, 11, 26) == date(2025, 2, 14)
    stamp = parse_datetime("۱۴۰۳/۱۱/۲۶ - ۱۲:۳۰")
    assert stamp is not None and stamp.isoformat() == "2025-02-14T12:30:00+03:30"


def test_month_names_in_arabic_letters() -> None:
    """Many sites' templates write the month with the Arabic yeh (`تير`): the same month, and the
    mention keeps the text as written."""
    assert parse_datetime("2 تير 1399 - 12:09:08 ب.ظ") == parse_datetime("۲ تیر ۱۳۹۹ - ۱۲:۰۹:۰۸ ب.ظ")
    [mention] = find_dates("منتشر شده در ۲ تير ۱۳۹۹")
    assert (mention.text, mention.month) == ("۲ تير ۱۳۹۹", 4)


def test_timestamps_with_a_one_digit_offset_hour() -> None:
    """`+3:30` as Iranian CMSs write Tehran's offset in `dc.Date` and feeds."""
    stamp = parse_timestamp("2014-07-09T01:14:00.00+3:30")
    assert stamp is not None and stamp.isoformat() == "2014-07-09T01:14:00+03:30"
    assert parse_timestamp("2014-07-09T01:14:00+03:30") == stamp
