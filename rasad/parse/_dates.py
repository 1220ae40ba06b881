"""Date strings from feeds and page metadata -> timezone-aware datetimes.

Private stop-gap: `rasad.text.dates` (Jalali parsing for the whole project) is being written on
main; once it lands, the Jalali part here should defer to it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

import jdatetime

__all__ = ["TEHRAN", "is_jalali_year", "parse_date", "parse_jalali", "to_ascii_digits"]

TEHRAN = ZoneInfo("Asia/Tehran")
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
JALALI_MONTHS = {
    "فروردین": 1, "اردیبهشت": 2, "خرداد": 3, "تیر": 4, "مرداد": 5, "امرداد": 5, "شهریور": 6,
    "مهر": 7, "آبان": 8, "آذر": 9, "دی": 10, "بهمن": 11, "اسفند": 12,
}
_TIME = r"(?:\D{0,8}?(\d{1,2}):(\d{2})(?::(\d{2}))?)?"
_NUMERIC = re.compile(r"(1[34]\d\d)[/\-.](\d{1,2})[/\-.](\d{1,2})" + _TIME)
_NAMED = re.compile(r"(\d{1,2})\s*(" + "|".join(JALALI_MONTHS) + r")\s*(1[34]\d\d)" + _TIME)


def to_ascii_digits(text: str) -> str:
    return text.translate(_DIGITS)


def is_jalali_year(year: int) -> bool:
    """Years 1300-1500 are Jalali: no Persian news feed dates a story in the 14th century AD."""
    return 1300 <= year <= 1500


def _build(
    year: int, month: int, day: int, hh: str | None, mm: str | None, ss: str | None
) -> datetime | None:
    try:
        date = jdatetime.date(year, month, day).togregorian()
        return datetime(date.year, date.month, date.day, int(hh or 0), int(mm or 0), int(ss or 0),
                        tzinfo=TEHRAN)
    except ValueError:
        return None


def parse_jalali(text: str) -> datetime | None:
    """'۱۴۰۳/۱۱/۲۶ - ۱۰:۲۰' or '۲۶ بهمن ۱۴۰۳' -> Tehran datetime, None when there is no such date."""
    text = to_ascii_digits(text)
    if match := _NUMERIC.search(text):
        y, m, d, hh, mm, ss = match.groups()
        return _build(int(y), int(m), int(d), hh, mm, ss)
    if match := _NAMED.search(text):
        d, month, y, hh, mm, ss = match.groups()
        return _build(int(y), JALALI_MONTHS[month], int(d), hh, mm, ss)
    return None


def parse_date(value: str | None) -> datetime | None:
    """RFC 822, ISO 8601 or Jalali -> aware datetime; a time without a zone is Tehran time."""
    if not value or not value.strip():
        return None
    text = to_ascii_digits(value.strip())
    year = re.match(r"\D*(\d{4})", text)
    if (year and is_jalali_year(int(year.group(1)))) or any(m in text for m in JALALI_MONTHS):
        jalali = parse_jalali(text)
        if jalali:
            return jalali
    parsed: datetime | None = None
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    if parsed.tzinfo is None:
        # RFC 822 "-0000" means "zone unknown"; parsedate_to_datetime returns naive for it.
        parsed = parsed.replace(tzinfo=TEHRAN)
    return parsed


def utc_from_struct(struct: tuple[int, ...] | None) -> datetime | None:
    if not struct:
        return None
    try:
        return datetime(*struct[:6], tzinfo=UTC)
    except ValueError:
        return None
