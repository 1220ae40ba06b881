from __future__ import annotations

from datetime import UTC, datetime

import pytest

from rasad.acquire.feeds import feed_from_document, parse_feed
from rasad.acquire.fetcher import Fetcher
from rasad.errors import InputError
from rasad.text.dates import TEHRAN, parse_timestamp

from .conftest import FIXTURES, Server


def test_utf8_feed_with_jalali_dates() -> None:
    feed = parse_feed((FIXTURES / "feed_utf8.xml").read_bytes(), "feed_utf8.xml")
    assert feed.title == "خبرگزاری آزمایشی - آخرین اخبار"
    first, second, third = feed.items
    assert first.title == "وزیر کشور: انتخابات در موعد مقرر برگزار می‌شود"
    assert first.link == "http://127.0.0.1/news/1001"
    assert "ستاد انتخابات" in first.summary
    assert first.categories == ["سیاسی"]
    # ۱۴۰۳/۱۱/۲۶ is 2025-02-14 (feedparser alone reads it as the year 1403)
    assert first.published == datetime(2025, 2, 14, 10, 20, tzinfo=TEHRAN)
    assert second.published == datetime(2025, 2, 15, 5, 0, tzinfo=UTC)
    assert third.published == datetime(2025, 2, 15, 14, 5, tzinfo=TEHRAN)


def test_windows_1256_feed() -> None:
    feed = parse_feed((FIXTURES / "feed_cp1256.xml").read_bytes())
    (item,) = feed.items
    assert item.title == "افتتاح كتابخانه مركزي شهر"
    assert item.published == datetime(2011, 8, 3, 9, 15, tzinfo=TEHRAN)  # 1390/05/12


def test_atom_feed() -> None:
    (item,) = parse_feed((FIXTURES / "atom.xml").read_bytes()).items
    assert item.link == "http://127.0.0.1/a/1"
    assert item.published == datetime(2025, 2, 14, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("name", "message"), [
    ("broken.xml", "broken feed XML"),
    ("not_feed.html", "HTML page, not an RSS or Atom feed"),
])
def test_bad_documents(name: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as error:
        parse_feed((FIXTURES / name).read_bytes(), name)
    assert error.value.source == name


@pytest.mark.parametrize(("content", "message"), [
    (b"", "empty"),
    (b"just some words", "not an RSS or Atom feed"),
    (b'{"items": []}', "not an RSS or Atom feed"),
])
def test_not_feeds(content: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_feed(content, "x")


def test_empty_but_valid_feed_is_not_an_error() -> None:
    feed = parse_feed(b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>')
    assert feed.items == []


@pytest.mark.parametrize(("value", "expected"), [
    ("۱۴۰۳/۱۱/۲۶ - ۱۰:۲۰", datetime(2025, 2, 14, 10, 20, tzinfo=TEHRAN)),
    ("1403-11-26", datetime(2025, 2, 14, tzinfo=TEHRAN)),
    ("۲۶ بهمن ۱۴۰۳ ساعت ۱۴:۳۰", datetime(2025, 2, 14, 14, 30, tzinfo=TEHRAN)),
    ("Sat, 15 Feb 2025 10:20:00 +0330", datetime(2025, 2, 15, 10, 20, tzinfo=TEHRAN)),
    ("Sat, 15 Feb 2025 10:20:00", datetime(2025, 2, 15, 10, 20, tzinfo=TEHRAN)),  # no zone: Tehran
    ("2025-02-15T10:20:00Z", datetime(2025, 2, 15, 10, 20, tzinfo=UTC)),
    ("2025-02-15T10:20:00", datetime(2025, 2, 15, 10, 20, tzinfo=TEHRAN)),
    ("1403/13/40", None),
    ("nonsense", None),
    ("", None),
])
def test_parse_timestamp(value: str, expected: datetime | None) -> None:
    assert parse_timestamp(value) == expected


@pytest.mark.parametrize("path", ["/feed.xml", "/feed-1256.xml"])
def test_fetched_feed_end_to_end(fetcher: Fetcher, server: Server, path: str) -> None:
    feed = feed_from_document(fetcher.fetch(server.url(path)).to_raw_document())
    assert feed.items and all(item.published for item in feed.items)


def test_fetched_html_is_refused_as_feed(fetcher: Fetcher, server: Server) -> None:
    with pytest.raises(InputError, match="HTML page"):
        feed_from_document(fetcher.fetch(server.url("/not-feed")).to_raw_document())
