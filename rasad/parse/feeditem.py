"""A feed item -> Article, when the page itself is not fetched (title and summary only)."""

from __future__ import annotations

import html
import re

from rasad.models import Agency, Article, FeedItem

__all__ = ["article_from_item", "strip_html"]

_BLOCK = re.compile(r"<\s*(?:br|/p|/div|/li|/h[1-6]|p|div|li|h[1-6])\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


def strip_html(text: str) -> list[str]:
    """HTML (or plain text) -> paragraphs: block tags and line breaks split, other tags dropped."""
    text = _BLOCK.sub("\n", text)
    text = html.unescape(_TAG.sub("", text))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return [line for line in lines if line]


def article_from_item(item: FeedItem, agency: Agency | None = None) -> Article:
    """Title, summary paragraphs, link and date of a feed item as an Article."""
    title = " ".join(strip_html(item.title))
    paragraphs = strip_html(item.summary)
    if paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    return Article(title=title, paragraphs=paragraphs, url=item.link, agency=agency,
                   published=item.published, keywords=list(item.categories))
