"""Date strings from feeds and page metadata -> timezone-aware datetimes.

RFC 822 and ISO 8601 here; Jalali forms (`۱۴۰۳/۱۱/۲۶ - ۱۰:۲۰`, `۲۶ بهمن ۱۴۰۳`) through
rasad.text.dates, the project's one Jalali parser.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from rasad.text.dates import JALALI_MONTHS, TEHRAN, ascii_digits, parse_datetime

__all__ = ["TEHRAN", "is_jalali_year", "parse_date", "parse_jalali", "utc_from_struct"]

_YEAR = re.compile(r"\D*(\d{4})")


def is_jalali_year(year: int) -> bool:
    """Years 1300-1500 are Jalali: no Persian news feed dates a story in the 14th century AD."""
    return 1300 <= year <= 1500


def parse_jalali(text: str) -> datetime | None:
    """'۱۴۰۳/۱۱/۲۶ - ۱۰:۲۰' or '۲۶ بهمن ۱۴۰۳' -> Tehran datetime, None when there is no such date."""
    return parse_datetime(text)


def parse_date(value: str | None) -> datetime | None:
    """RFC 822, ISO 8601 or Jalali -> aware datetime; a time without a zone is Tehran time."""
    if not value or not value.strip():
        return None
    text = ascii_digits(value.strip())
    year = _YEAR.match(text)
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
