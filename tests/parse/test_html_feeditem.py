from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from rasad.acquire.feeds import FeedItem, parse_feed
from rasad.errors import InputError
from rasad.models import Agency
from rasad.parse.feeditem import article_from_item, strip_html
from rasad.parse.html import extract_published, parse_html
from rasad.text.dates import TEHRAN

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "acquire"


def test_utf8_page() -> None:
    article = parse_html((FIXTURES / "page_utf8.html").read_bytes(), "http://127.0.0.1/news/1001")
    assert article.title == "وزیر کشور: انتخابات در موعد مقرر برگزار می‌شود"
    assert len(article.paragraphs) == 3
    assert article.paragraphs[0].startswith("به گزارش خبرگزاری آزمایشی")
    assert "نمی\u200cشود" in article.paragraphs[0]  # ZWNJ survives trafilatura
    assert not any("حقوق" in p or "صفحه اصلی" in p for p in article.paragraphs)  # no boilerplate
    assert article.published == datetime(2025, 2, 14, 10, 20, tzinfo=TEHRAN)
    assert article.url == "http://127.0.0.1/news/1001"


def test_windows_1256_page_with_jalali_meta_date() -> None:
    article = parse_html((FIXTURES / "page_cp1256.html").read_bytes())
    assert article.title == "افتتاح كتابخانه مركزي شهر"
    assert any("يكصد هزار جلد" in p for p in article.paragraphs)
    assert article.published == datetime(2011, 8, 3, 9, 15, tzinfo=TEHRAN)


@pytest.mark.parametrize(("head", "expected"), [
    ('<meta property="article:published_time" content="2025-02-14T10:20:00Z">', "2025-02-14T10:20:00+00:00"),
    ('<meta name="dcterms.created" content="۱۴۰۳/۱۱/۲۶ ۰۸:۰۰">', "2025-02-14T08:00:00+03:30"),
    ('<script type="application/ld+json">{"datePublished": "2025-02-14T10:20:00"}</script>',
     "2025-02-14T10:20:00+03:30"),
    ("", None),
])
def test_extract_published(head: str, expected: str | None) -> None:
    published = extract_published(f"<html><head>{head}</head><body><p>x</p></body></html>")
    assert (published.isoformat() if published else None) == expected


@pytest.mark.parametrize("page", ["", "<html><head><title>x</title></head><body></body></html>"])
def test_page_without_article(page: str) -> None:
    with pytest.raises(InputError):
        parse_html(page, "http://127.0.0.1/empty")


def test_strip_html() -> None:
    assert strip_html("<p>یک &amp; دو</p><p>سه<br>چهار</p> ") == ["یک & دو", "سه", "چهار"]


def test_feed_item_to_article() -> None:
    feed = parse_feed((FIXTURES / "feed_utf8.xml").read_bytes())
    agency = Agency("TEST", "خبرگزاری آزمایشی")
    article = article_from_item(feed.items[0], agency)
    assert article.title == feed.items[0].title
    assert article.paragraphs == ["به گزارش ایرنا، وزیر کشور امروز گفت انتخابات در موعد مقرر برگزار می‌شود.",
                                  "وی افزود: ستاد انتخابات کار خود را آغاز کرده است."]
    assert article.url == "http://127.0.0.1/news/1001"
    assert article.agency == agency
    assert article.published == datetime(2025, 2, 14, 10, 20, tzinfo=TEHRAN)
    assert article.keywords == ["سیاسی"]


def test_feed_item_without_summary() -> None:
    article = article_from_item(FeedItem(title="عنوان", link=None))
    assert (article.title, article.paragraphs, article.published) == ("عنوان", [], None)
