"""A feed item -> Article, when the page itself is not fetched (title and summary only)."""

from __future__ import annotations

import html
import re

from rasad.models import Agency, Article, FeedItem

__all__ = ["article_from_item", "strip_html", "strip_tags"]

_BLOCK = re.compile(r"<\s*(?:br|/p|/div|/li|/h[1-6]|p|div|li|h[1-6])\b[^>]*>", re.I)
# An HTML tag starts with a letter (or is a comment, a declaration or a processing instruction):
# `x < y` and `<وزیر>` are text.
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<![^<>]*>|<\?[^<>]*>")
# Elements whose content is never shown: dropped with it (up to the end of the text when unclosed).
_HIDDEN = re.compile(r"<(script|style|template|noscript|iframe|object|svg|math|head|title|textarea)\b[^>]*>"
                     r".*?(?:</\1\s*>|$)", re.I | re.S)
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_CONTROLS = dict.fromkeys([*range(9), 11, 12, *range(14, 32), 127])
_ROUNDS = 4  # markup escaped this many times over is still taken apart


def _markup(text: str) -> bool:
    return bool(_TAG.search(text)) or "<!--" in text


def _hides_markup(text: str) -> bool:
    """Whether decoding `text`'s entities, over and over, gives markup."""
    for _ in range(_ROUNDS):
        decoded = html.unescape(text)
        if decoded == text:
            return False
        if _markup(decoded):
            return True
        text = decoded
    return False


def strip_tags(text: str) -> str:
    """One round: hidden elements (script, style, template ...) and comments out with their
    content, block tags to line breaks, other tags dropped; entities stay as they are."""
    text = _COMMENT.sub("", _HIDDEN.sub("\n", text))
    return _TAG.sub("", _BLOCK.sub("\n", text))


def strip_html(text: str) -> list[str]:
    """HTML (or plain text) -> paragraphs of plain text: block tags and line breaks split, other tags
    dropped, `<template>`, `<script>`, `<style>` and comments dropped with their content, entities
    decoded, control characters out.

    What is text stays text and never becomes a tag: markup that a feed escaped twice over
    (`&amp;lt;script&amp;gt;`, which one decoding turns into `<script>`) is markup written wrongly,
    taken apart like the rest, and no tag is left in what is returned."""
    text = text.translate(_CONTROLS)
    for _ in range(_ROUNDS):
        if _markup(text):
            text = strip_tags(text)
        decoded = html.unescape(text)
        # decoded again while that brings markup out: a tag escaped twice over, or more
        text, again = decoded, decoded != text and (_markup(decoded) or _hides_markup(decoded))
        if not again:
            break
    if _markup(text):
        text = strip_tags(text)  # no tag is ever left
    text = text.translate(_CONTROLS)
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
