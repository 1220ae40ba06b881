"""What the pages show, in the form a Persian reader expects: Jalali dates with month names,
Persian digits, delays in words, query words marked in snippets, word diffs and chart geometry.
Pure functions over plain values; the templates call them (as filters and globals)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import jdatetime

from rasad.store.search import search_words
from rasad.text.dates import TEHRAN

__all__ = [
    "MONTHS", "Bar", "bar_chart", "day_of", "export_links", "fa_digits", "format_delay", "jalali_date",
    "jalali_day", "mark_words", "marked", "search_href", "timeline", "word_diff",
]

MONTHS = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند")
_FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_TOKEN = re.compile(r"[^\W_](?:[^\W_]|\u200c)*")  # a word with its ZWNJs
EQUAL_CONTEXT = 12  # words kept each side of a long unchanged stretch in a diff


def fa_digits(value: object) -> str:
    """`2025` -> `۲۰۲۵`; None -> ``."""
    return "" if value is None else str(value).translate(_FA_DIGITS)


def day_of(value: str | None) -> date | None:
    """The day of an ISO date or timestamp (a timestamp with an offset is read in Tehran's time)."""
    if not value:
        return None
    try:
        if len(value) <= 10:
            return date.fromisoformat(value)
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(TEHRAN)
    return moment.date()


def jalali_day(value: date) -> str:
    """`2025-11-02` -> `۱۱ آبان ۱۴۰۴`."""
    j = jdatetime.date.fromgregorian(date=value)
    return fa_digits(f"{j.day} {MONTHS[j.month - 1]} {j.year}")


def jalali_date(value: str | None) -> str:
    """An ISO date or timestamp in Jalali with the month's name, with the time of day (Tehran) when
    the value has one that is not midnight: `۱۱ آبان ۱۴۰۴، ۰۹:۳۰`. Empty for no date."""
    day = day_of(value)
    if day is None:
        return ""
    text = jalali_day(day)
    if value and len(value) > 10:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is not None:
            moment = moment.astimezone(TEHRAN)
        if (moment.hour, moment.minute) != (0, 0):
            text += "، " + fa_digits(f"{moment.hour:02d}:{moment.minute:02d}")
    return text


def format_delay(seconds: float | None) -> str:
    """A republication's delay after the first: `همزمان`, `۲ ساعت و ۵ دقیقه`, `۳ روز`."""
    if seconds is None:
        return "نامعلوم"
    if abs(seconds) < 60:
        return "همزمان"
    sign = "پیش از آن " if seconds < 0 else ""
    left = timedelta(seconds=abs(seconds))
    parts = []
    if left.days:
        parts.append(f"{left.days} روز")
    hours, rest = divmod(left.seconds, 3600)
    if hours:
        parts.append(f"{hours} ساعت")
    if rest // 60 and not left.days:
        parts.append(f"{rest // 60} دقیقه")
    return sign + fa_digits(" و ".join(parts))


def mark_words(text: str, query_words: set[str]) -> list[tuple[int, int]]:
    """Spans of `text` whose words (as search keys) are all query words, for <mark>."""
    if not query_words:
        return []
    spans = []
    for m in _TOKEN.finditer(text):
        words = search_words(m.group())
        if words and all(w in query_words for w in words):
            spans.append(m.span())
    return spans


def word_diff(first: str, copy: str) -> list[dict[str, Any]]:
    """A copy's words against the first publisher's: runs of `equal`, `insert` (only in the copy)
    and `delete` (only in the first). A long unchanged stretch keeps EQUAL_CONTEXT words each side
    and says how many it leaves out (`skipped`)."""
    a, b = first.split(), copy.split()
    runs: list[dict[str, Any]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            words = a[i1:i2]
            if len(words) > 3 * EQUAL_CONTEXT:
                runs.append({"op": "equal", "text": " ".join(words[:EQUAL_CONTEXT]),
                             "skipped": len(words) - 2 * EQUAL_CONTEXT, "tail": " ".join(words[-EQUAL_CONTEXT:])})
            else:
                runs.append({"op": "equal", "text": " ".join(words)})
            continue
        if op in ("delete", "replace"):
            runs.append({"op": "delete", "text": " ".join(a[i1:i2])})
        if op in ("insert", "replace"):
            runs.append({"op": "insert", "text": " ".join(b[j1:j2])})
    return runs


@dataclass(slots=True, frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    day: str
    articles: int
    label: str  # the Jalali day, shown under some bars


def bar_chart(days: list[dict[str, Any]], width: float = 640, height: float = 160,
              labels: int = 5) -> list[Bar]:
    """Bars for `days` ({"day", "articles"}, oldest first) in a width x height box, oldest at the
    right as Persian is read; about `labels` of them carry their date."""
    if not days:
        return []
    top = max(d["articles"] for d in days) or 1
    step = width / len(days)
    every = max(1, round(len(days) / labels))
    bars = []
    for i, d in enumerate(days):
        h = (height - 16) * d["articles"] / top  # room above the highest bar for its count
        last = i == len(days) - 1
        regular = i % every == 0 and len(days) - 1 - i >= every / 2  # not crowding the last day's label
        label = jalali_day(date.fromisoformat(d["day"])) if regular or last else ""
        bars.append(Bar(round(width - (i + 1) * step + step * 0.1, 2), round(height - h, 2),
                        round(step * 0.8, 2), round(h, 2), d["day"], d["articles"], label))
    return bars


def timeline(roles: list[dict[str, Any]], width: float = 100) -> list[tuple[float, float]] | None:
    """Each role's days seen (`first_seen`, `last_seen`) as (x, length) in [0, width] on one shared
    axis, the earliest day at the right; None when no role has a day."""
    spans = [(r.get("first_seen"), r.get("last_seen")) for r in roles]
    days = [d for span in spans for d in span if d]
    if not days:
        return None
    low, high = date.fromisoformat(min(days)), date.fromisoformat(max(days))
    total = max((high - low).days, 1)
    out = []
    for first, last in spans:
        a = date.fromisoformat(first or last or min(days))
        b = date.fromisoformat(last or first or max(days))
        start = width * (a - low).days / total
        length = max(width * (b - a).days / total, 1.5)
        out.append((round(max(width - start - length, 0), 2), round(length, 2)))
    return out


SEARCH_PARAMS = ("q", "agency", "since", "until", "person", "org", "place", "collapse", "order", "per_page", "page")


def search_href(query: dict[str, Any], **changes: Any) -> str:
    """The search page's URL for `query` (a search view's "query") with some parameters changed;
    defaults are left out, so links stay short."""
    from urllib.parse import urlencode

    params = {**query, **changes}
    pairs: list[tuple[str, str]] = []
    for key in SEARCH_PARAMS:
        value = params.get(key)
        if value in (None, "", [], False) or (key, value) in (("per_page", 20), ("page", 1), ("order", "relevance")):
            continue
        if isinstance(value, list):
            pairs += [(key, str(v)) for v in value]
        else:
            pairs.append((key, "1" if value is True else str(value)))
    return "/search" + ("?" + urlencode(pairs) if pairs else "")


def export_links(path: str, params: dict[str, Any] | None = None) -> list[tuple[str, str]]:
    """(label, URL) of a page's downloads: `path` is the export's without its extension
    (`/export/search`), `params` the page's query, whose empty values are left out."""
    from urllib.parse import urlencode

    pairs: list[tuple[str, str]] = []
    for key, value in (params or {}).items():
        if value in (None, "", [], False) or key in ("page", "per_page", "limit"):
            continue
        values = value if isinstance(value, list) else [value]
        pairs += [(key, "1" if v is True else str(v)) for v in values]
    query = "?" + urlencode(pairs) if pairs else ""
    return [(label, f"{path}.{fmt}{query}") for fmt, label in (("csv", "CSV"), ("xlsx", "Excel"), ("jsonl", "JSONL"))]


def marked(text: str, spans: list[tuple[int, int]] | list[list[int]]) -> list[tuple[str, bool]]:
    """`text` cut into (piece, is_marked) at the spans; the template escapes each piece."""
    out, at = [], 0
    for start, end in spans:
        if start > at:
            out.append((text[at:start], False))
        out.append((text[start:end], True))
        at = end
    if at < len(text):
        out.append((text[at:], False))
    return out
