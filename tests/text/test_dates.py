from __future__ import annotations

from datetime import date

import pytest

from rasad.text.dates import find_dates, jalali_to_gregorian, parse_date, parse_datetime, resolve, to_jalali


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
