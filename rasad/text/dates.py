"""Dates in Persian news: Jalali and Gregorian, both ways, in the forms articles and feeds use.

Forms read: `2025-10-26`, `1404/08/04`, `۱۴۰۴-۰۸-۰۴`, `۴ آبان ۱۴۰۴`, `26 بهمن`, `چهارم آبان`
(not yet: ordinal words), `ظهر امروز(۲۶بهمن)`, `26 اکتبر 2025`, with an optional time `12:30`.
A numeric date with a year from 1300 to 1500 is Jalali; from 1800 on, Gregorian.

A date written without a year takes its year from a reference date (the article's publication
date) when there is one: the year that puts it nearest to the reference. Without a reference the
year stays unknown (`DateMention.year is None`); rasad never invents one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

import jdatetime

from rasad.text.letters import fold_letters, to_ascii_digits

TEHRAN = ZoneInfo("Asia/Tehran")

JALALI_MONTHS: dict[str, int] = {
    "فروردین": 1, "اردیبهشت": 2, "خرداد": 3, "تیر": 4, "مرداد": 5, "امرداد": 5, "شهریور": 6,
    "مهر": 7, "آبان": 8, "آذر": 9, "دی": 10, "بهمن": 11, "اسفند": 12,
}
GREGORIAN_MONTHS: dict[str, int] = {
    "ژانویه": 1, "ژانویهٔ": 1, "فوریه": 2, "مارس": 3, "آوریل": 4, "آپریل": 4, "مه": 5, "می": 5,
    "ژوئن": 6, "جون": 6, "ژوئیه": 7, "جولای": 7, "اوت": 8, "آگوست": 8, "سپتامبر": 9,
    "اکتبر": 10, "نوامبر": 11, "دسامبر": 12,
}

_D = r"[0-9۰-۹٠-٩]"
_YMD = re.compile(rf"(?<!{_D})({_D}{{4}})\s*([-/.])\s*({_D}{{1,2}})\s*\2\s*({_D}{{1,2}})(?!{_D})")
_DMY = re.compile(rf"(?<!{_D})({_D}{{1,2}})\s*/\s*({_D}{{1,2}})\s*/\s*({_D}{{4}})(?!{_D})")
_JALALI_NAMES = "|".join(sorted(JALALI_MONTHS, key=len, reverse=True))
_GREG_NAMES = "|".join(sorted((m for m in GREGORIAN_MONTHS if m != "می"), key=len, reverse=True))
# `26 بهمن`, `۲۶بهمن`, `۴ آبان ۱۴۰۴`, `26 بهمن ماه 1403`; the month must end a word.
_DAY_MONTH = re.compile(
    rf"(?<!{_D})({_D}{{1,2}})\s*(?:ام\s+)?({_JALALI_NAMES}|{_GREG_NAMES})(?:\s*ماه)?"
    rf"(?![\u0600-\u06ff\u200c])(?:\s*(?:سال\s*)?({_D}{{4}})(?!{_D}))?"
)
_TIME = re.compile(rf"(?<!{_D})({_D}{{1,2}})\s*:\s*({_D}{{2}})(?:\s*:\s*({_D}{{2}}))?(?!{_D})")
# after a clock: `ب.ظ` (after noon) or `ق.ظ` (before noon), as pages print a 12-hour time; PM / AM
_HALF_DAY = re.compile(r"\s*([بق])\s?\.\s?ظ|\s*([PpAa])\.?[Mm]\b")


@dataclass(slots=True, frozen=True)
class DateMention:
    """A date found in text. `year` is None when the text gives none."""

    text: str
    start: int
    end: int
    calendar: str  # "jalali" or "gregorian"
    year: int | None
    month: int
    day: int

    def jalali_string(self) -> str:
        """`1404-08-04`, or `????-11-26` when the year is unknown (Jalali mentions only)."""
        year = f"{self.year:04d}" if self.year is not None else "????"
        return f"{year}-{self.month:02d}-{self.day:02d}"


def to_jalali(value: date) -> str:
    """Gregorian date to its Jalali `YYYY-MM-DD`."""
    return jdatetime.date.fromgregorian(date=value).strftime("%Y-%m-%d")


def jalali_to_gregorian(year: int, month: int, day: int) -> date:
    """Jalali year, month, day to the Gregorian date; ValueError when no such day exists."""
    return jdatetime.date(year, month, day).togregorian()


def _calendar_of(year: int) -> str | None:
    if 1300 <= year <= 1500:
        return "jalali"
    if 1800 <= year <= 2200:
        return "gregorian"
    return None


def _valid(calendar: str, year: int | None, month: int, day: int) -> bool:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return False
    if year is None:
        return not (calendar == "jalali" and month > 6 and day > 30)
    try:
        to_gregorian(DateMention("", 0, 0, calendar, year, month, day))
    except ValueError:
        return False
    return True


def to_gregorian(mention: DateMention) -> date:
    """The Gregorian date of a mention with a known year."""
    if mention.year is None:
        raise ValueError(f"the year of {mention.text!r} is unknown")
    if mention.calendar == "jalali":
        return jalali_to_gregorian(mention.year, mention.month, mention.day)
    return date(mention.year, mention.month, mention.day)


def find_dates(text: str) -> list[DateMention]:
    """Every date written in `text`, in order, without overlaps. Month names are read in either
    letter form (`تير` with the Arabic yeh of many sites' templates is `تیر`); the mentions keep
    the text as written."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    written, text = text, fold_letters(text)  # one letter for one: the spans hold for both

    def add(match: re.Match[str], calendar: str | None, year: int | None, month: int, day: int) -> None:
        start, end = match.span()
        if calendar is None or any(s < end and start < e for s, e in taken):
            return
        if _valid(calendar, year, month, day):
            taken.append((start, end))
            found.append(DateMention(written[start:end], start, end, calendar, year, month, day))

    for m in _YMD.finditer(text):
        year = int(to_ascii_digits(m.group(1)))
        add(m, _calendar_of(year), year, int(to_ascii_digits(m.group(3))), int(to_ascii_digits(m.group(4))))
    for m in _DMY.finditer(text):
        year = int(to_ascii_digits(m.group(3)))
        add(m, _calendar_of(year), year, int(to_ascii_digits(m.group(2))), int(to_ascii_digits(m.group(1))))
    for m in _DAY_MONTH.finditer(text):
        name = m.group(2)
        calendar = "jalali" if name in JALALI_MONTHS else "gregorian"
        month = JALALI_MONTHS.get(name) or GREGORIAN_MONTHS[name]
        stated = int(to_ascii_digits(m.group(3))) if m.group(3) else None
        add(m, calendar, None if stated is None or _calendar_of(stated) != calendar else stated, month,
            int(to_ascii_digits(m.group(1))))
    return sorted(found, key=lambda d: d.start)


def resolve(mention: DateMention, reference: date | None) -> DateMention:
    """Give a year-less mention the year that puts it nearest to `reference`; others unchanged."""
    if mention.year is not None or reference is None:
        return mention
    jalali = mention.calendar == "jalali"
    ref_year = jdatetime.date.fromgregorian(date=reference).year if jalali else reference.year
    best: tuple[int, int] | None = None
    for year in (ref_year - 1, ref_year, ref_year + 1):
        candidate = DateMention(mention.text, mention.start, mention.end, mention.calendar, year,
                                mention.month, mention.day)
        try:
            distance = abs((to_gregorian(candidate) - reference).days)
        except ValueError:
            continue
        if best is None or distance < best[0]:
            best = (distance, year)
    if best is None:
        return mention
    return DateMention(mention.text, mention.start, mention.end, mention.calendar, best[1],
                       mention.month, mention.day)


def parse_date(text: str, reference: date | None = None) -> date | None:
    """The first date in `text` as a Gregorian date, or None (also when its year is unknown)."""
    for mention in find_dates(text):
        mention = resolve(mention, reference)
        if mention.year is not None:
            return to_gregorian(mention)
    return None


def parse_day(text: str) -> date | None:
    """A value that is one date and nothing else (an option such as `--since 1404/08/04`), as a
    Gregorian date; None when it is not exactly one date with its year ('1404/01/01/01', '2025-10-26x')."""
    value = text.strip()
    mentions = find_dates(value)
    if len(mentions) != 1 or (mentions[0].start, mentions[0].end) != (0, len(value)):
        return None
    mention = mentions[0]
    return to_gregorian(mention) if mention.year is not None else None


def parse_datetime(text: str, reference: date | None = None, tz: ZoneInfo = TEHRAN) -> datetime | None:
    """A date with an optional time (`۱۴۰۳/۱۱/۲۶ - ۱۲:۳۰`) as an aware datetime in `tz`."""
    day = parse_date(text, reference)
    if day is None:
        return None
    clock = time(0, 0)
    match = _TIME.search(text)
    if match:
        hour, minute = int(to_ascii_digits(match.group(1))), int(to_ascii_digits(match.group(2)))
        second = int(to_ascii_digits(match.group(3))) if match.group(3) else 0
        half = _HALF_DAY.match(text, match.end())
        if half and hour <= 12:  # `۰۳:۴۵:۱۰ ب.ظ` is 15:45:10, `۱۲:۱۰ ق.ظ` is 00:10
            afternoon = (half.group(1) or half.group(2)) in ("ب", "P", "p")
            hour = (hour % 12) + (12 if afternoon else 0)
        if hour < 24 and minute < 60 and second < 60:
            clock = time(hour, minute, second)
    return datetime.combine(day, clock, tzinfo=tz)


_YEAR = re.compile(r"\D*(\d{4})")
_SHORT_OFFSET = re.compile(r"(?<=\d)([+-])(\d:\d\d)$")


def is_jalali_year(year: int) -> bool:
    """Years 1300-1500 are Jalali: no Persian news feed dates a story in the 14th century AD."""
    return 1300 <= year <= 1500


def parse_timestamp(value: str | None) -> datetime | None:
    """A timestamp of a feed or page metadata (RFC 822, ISO 8601 or Jalali, `۱۴۰۳/۱۱/۲۶ - ۱۰:۲۰`)
    -> an aware datetime; a time without a zone is Tehran time. Unlike `parse_date`, which finds
    the first date written anywhere in a text, the whole value must be the timestamp."""
    if not value or not value.strip():
        return None
    text = _SHORT_OFFSET.sub(r"\g<1>0\g<2>", to_ascii_digits(value.strip()))  # `+3:30`, as Iranian CMSs write it
    year = _YEAR.match(text)
    if (year and is_jalali_year(int(year.group(1)))) or any(m in text for m in JALALI_MONTHS):
        jalali = parse_datetime(text)
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
    """A UTC datetime from a time tuple (feedparser's `*_parsed`), None when there is none."""
    if not struct:
        return None
    try:
        year, month, day, hour, minute, second = struct[:6]
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:  # out of range, or fewer than six fields
        return None


__all__ = [
    "GREGORIAN_MONTHS",
    "JALALI_MONTHS",
    "TEHRAN",
    "DateMention",
    "find_dates",
    "is_jalali_year",
    "jalali_to_gregorian",
    "parse_date",
    "parse_datetime",
    "parse_day",
    "parse_timestamp",
    "resolve",
    "to_gregorian",
    "to_jalali",
    "utc_from_struct",
]
