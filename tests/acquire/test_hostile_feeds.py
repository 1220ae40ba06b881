"""Issue #10: what a feed or a page hides or escapes wrongly never becomes markup or stored text."""

from __future__ import annotations

import re

import pytest

from rasad.acquire.feeds import parse_feed
from rasad.parse.feeditem import article_from_item, strip_html
from rasad.parse.html import parse_html

TAG = re.compile(r"</?[A-Za-z][^<>]*>")
WORDS = "وزیر کشور گفت که انتخابات در موعد مقرر برگزار می‌شود و همه آماده هستند. "


def rss(*items: str, head: str = "") -> bytes:
    body = "".join(f"<item>{item}</item>" for item in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>خبرها</title>{head}'
            f"{body}</channel></rss>").encode()


def article_text(item_xml: str) -> tuple[str, list[str]]:
    [item] = parse_feed(rss(item_xml)).items
    article = article_from_item(item)
    return article.title, article.paragraphs


def test_markup_escaped_twice_never_becomes_tags() -> None:
    title, paragraphs = article_text(
        "<title>خبر &amp;lt;b&amp;gt;مهم&amp;lt;/b&amp;gt;</title><link>http://x/1</link>"
        "<description>&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;متن خبر &amp;amp;lt;img src=x "
        "onerror=alert(2)&amp;amp;gt; پایان</description>")
    assert title == "خبر مهم"
    assert paragraphs == ["متن خبر پایان"]
    assert not TAG.search(title + " ".join(paragraphs)) and "alert" not in " ".join(paragraphs)


def test_template_content_is_dropped_from_a_feed_item() -> None:
    _, paragraphs = article_text(
        "<title>خبر</title><link>http://x/1</link><description><![CDATA[<p>یک</p><template><p>پنهان</p>"
        "</template><!-- یادداشت --><style>p{}</style><p>دو</p>]]></description>")
    assert paragraphs == ["یک", "دو"]


@pytest.mark.parametrize(("html", "expected"), [
    ("x &lt; y و y &gt; z", ["x < y و y > z"]),  # comparison signs are text
    ("<وزیر> گفت", ["<وزیر> گفت"]),  # not a tag: tag names are Latin letters
    ("AT&amp;amp;T", ["AT&amp;T"]),  # an ampersand escaped twice stays text
    ("<p>یک<br/>دو</p><template>سه", ["یک", "دو"]),  # an unclosed template hides what follows
    ("&amp;amp;amp;lt;i&amp;amp;amp;gt;کج", ["کج"]),  # escaped three times over
])
def test_strip_html(html: str, expected: list[str]) -> None:
    assert strip_html(html) == expected


def test_nul_bytes_after_the_first_8_kb_of_a_feed_are_not_stored() -> None:
    items = [f"<title>خبر {n}</title><link>http://x/{n}</link><description>{WORDS}</description>"
             for n in range(40)]
    items.append("<title>آخر\x00 خبر</title><link>http://x/\x00z</link><category>ورز\x00ش</category>"
                 "<description>متن\x00 خبر</description>")
    data = rss(*items)
    assert data.index(b"\x00") > 8192
    feed = parse_feed(data)
    last = feed.items[-1]
    assert "\x00" not in repr((last.title, last.link, last.summary, last.categories))
    article = article_from_item(last)
    assert (article.title, article.paragraphs) == ("آخر خبر", ["متن خبر"])


def test_a_page_drops_template_content_and_twice_escaped_markup() -> None:
    page = ("<html><head><title>تیتر</title></head><body><article><h1>تیتر خبر</h1>"
            + f"<p>{WORDS}</p>" * 10
            + "<template><p>متن پنهان قالب که در صفحه دیده نمی‌شود و نباید خوانده شود.</p></template>"
            + "<p>&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt; پایان خبر</p>"
            + "<p>نول\x00 در انتهای صفحه</p></article></body></html>")
    article = parse_html(page.encode(), "http://x/1")
    text = "\n".join(article.paragraphs)
    assert "پنهان" not in text and "alert" not in text and not TAG.search(text) and "\x00" not in text
    assert "پایان خبر" in text and "نول در انتهای صفحه" in text
