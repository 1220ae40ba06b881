"""RSS and Atom feeds -> feed items (link, title, summary, published), with Jalali pubDates fixed.

feedparser reads a Jalali pubDate such as `۱۴۰۳/۱۱/۲۶` as the Gregorian year 1403; every date is
re-read here (RFC 822, ISO 8601, then Jalali for years 1300-1500), and feedparser's own reading is
only a fallback when it is not in that range.

Every field is text without control characters (a NUL deep in a feed is dropped, not stored).
Summaries are kept as the feed gives them, HTML unsanitized (feedparser's sanitizer keeps what a
`<template>` holds): `rasad.parse.feeditem.strip_html` makes them text, dropping hidden content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import feedparser

from rasad.errors import InputError
from rasad.models import FeedItem, RawDocument
from rasad.text.dates import is_jalali_year, parse_timestamp, utc_from_struct

__all__ = ["Feed", "FeedItem", "feed_from_document", "parse_feed"]

_XML_ENCODING = re.compile(r"""(<\?xml[^>]*?)\s+encoding\s*=\s*["'][^"']*["']""")
_CHARREF = re.compile(rb"&#([xX][0-9a-fA-F]{1,12}|[0-9]{1,12});")
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)


@dataclass(slots=True)
class Feed:
    url: str
    title: str | None
    link: str | None
    items: list[FeedItem]
    warnings: list[str] = field(default_factory=list)  # what feedparser tolerated


def parse_feed(content: bytes | str, url: str = "<feed>", content_type: str | None = None) -> Feed:
    """Parse feed bytes (preferred: the XML declaration picks the charset) or text.

    Raises InputError when the document is an HTML page, broken XML with no readable item, or not
    a feed at all. A well-formed feed with no item is not an error.
    """
    if isinstance(content, str):
        # Already decoded (by the fetcher): the XML declaration's encoding no longer holds.
        content = _XML_ENCODING.sub(r"\1", content, count=1)
        data = content.encode("utf-8")
    else:
        data = content
    if not data.strip():
        raise InputError(url, "empty document, not a feed")
    headers = {"content-type": content_type} if content_type else {}
    data = _CHARREF.sub(_valid_charref, data)  # feedparser fails on `&#xD800;`
    try:
        parsed = feedparser.parse(data, response_headers=headers, sanitize_html=False)
    except Exception as error:  # feedparser's own failure on a hostile document: this feed's
        raise InputError(url, f"feed could not be parsed: {type(error).__name__}: {error}"[:300]) from None
    entries = parsed.get("entries", [])
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not entries:
        looks_html = parsed.get("version") == "" and b"<html" in data[:4096].lower()
        if looks_html or _HTML_START.match(data[:2048]):
            raise InputError(url, "an HTML page, not an RSS or Atom feed")
        if not data.lstrip().startswith(b"<") and not data.startswith(b"\xef\xbb\xbf<"):
            raise InputError(url, "not an RSS or Atom feed (not XML)")
        if problem is not None:
            raise InputError(url, f"broken feed XML: {_describe(problem)}")
        if not parsed.get("version"):
            raise InputError(url, "not an RSS or Atom feed")
    channel = parsed.get("feed", {})
    items = [_item(entry) for entry in entries]
    warnings = [_describe(problem)] if problem is not None else []
    return Feed(url=url, title=_text(channel.get("title")) or None, link=_text(channel.get("link")) or None,
                items=[i for i in items if i.title or i.link], warnings=warnings)


def _valid_charref(match: re.Match[bytes]) -> bytes:
    """A character reference as it is, or `&#xFFFD;` for a surrogate or a number past Unicode."""
    ref = match.group(1)
    value = int(ref[1:], 16) if ref[:1] in b"xX" else int(ref)
    return match.group() if value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF else b"&#xFFFD;"


def feed_from_document(raw: RawDocument) -> Feed:
    content = raw.content
    return parse_feed(content, raw.url or raw.source, raw.headers.get("content-type"))


def _item(entry: Any) -> FeedItem:
    raw_date = entry.get("published") or entry.get("updated") or entry.get("created")
    published = parse_timestamp(raw_date)
    if published is None:
        struct = entry.get("published_parsed") or entry.get("updated_parsed")
        fallback = utc_from_struct(struct)
        if fallback is not None and not is_jalali_year(fallback.year):
            published = fallback
    summary = entry.get("summary") or ""
    if not summary and entry.get("content"):
        summary = entry["content"][0].get("value", "")
    return FeedItem(
        title=_text(entry.get("title")).strip(),
        link=_text(entry.get("link")).strip() or None,
        summary=_text(summary),
        published=published,
        published_raw=_text(raw_date) or None,
        guid=_text(entry.get("id")) or None,
        author=_text(entry.get("author")) or None,
        categories=[_text(t.get("term")) for t in entry.get("tags", []) if _text(t.get("term"))],
    )


_CONTROLS = dict.fromkeys([*range(9), 11, 12, *range(14, 32), 127])


def _text(value: Any) -> str:
    """A feed field as text without control characters ("" for none)."""
    return value.translate(_CONTROLS) if isinstance(value, str) else ""


def _describe(problem: Any) -> str:
    text = str(problem).strip() or type(problem).__name__
    return text.splitlines()[0][:200]
