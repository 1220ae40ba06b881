"""A news page (HTML) -> Article: body paragraphs and title by trafilatura, the date from meta tags.

trafilatura drops invisible characters, ZWNJ among them (می‌شود -> میشود); Persian needs it, so it
is swapped for a visible placeholder before extraction and put back after.

What a page never shows is not read: `<template>` content is dropped before extraction, and a
paragraph that holds markup after extraction (a page that escaped `<script>` twice over) is taken
apart as `rasad.parse.feeditem.strip_html` does, so no tag is ever kept as text.
"""

from __future__ import annotations

import re
from datetime import datetime

import trafilatura
from lxml import html as lxml_html

from rasad.errors import InputError
from rasad.models import Article, RawDocument
from rasad.parse.feeditem import strip_html
from rasad.text.charset import decode_body
from rasad.text.dates import parse_timestamp

__all__ = ["article_from_page", "extract_published", "parse_html"]

ZWNJ = "\u200c"
_PLACEHOLDER = "\u2e17"  # DOUBLE OBLIQUE HYPHEN: visible, so kept by trafilatura; absent from news text
_ZWNJ_ENTITIES = re.compile(r"&(?:zwnj|#8204|#x200c);", re.I)
# Meta keys naming the publication time, most specific first.
DATE_META_KEYS = (
    "article:published_time", "og:article:published_time", "og:published_time", "datepublished",
    "article:published", "pubdate", "publishdate", "publish-date", "dcterms.created", "dcterms.issued",
    "dc.date.issued", "dc.date", "date", "sailthru.date", "parsely-pub-date",
)
_TEMPLATE = re.compile(r"<template\b[^>]*>.*?</template\s*>", re.I | re.S)
_MARKUP = re.compile(r"</?[A-Za-z][^<>]*>|<!--")
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')


def parse_html(page: str | bytes, url: str | None = None, content_type: str | None = None) -> Article:
    """Extract the article of a page. Raises InputError when the page has no article text."""
    where = url or "<page>"
    text = decode_body(page, content_type)[0] if isinstance(page, bytes) else page
    if not text.strip():
        raise InputError(where, "empty page")
    # (A page that already holds the placeholder, never seen in practice, skips the round trip.)
    text = _TEMPLATE.sub("", text)
    protected = text if _PLACEHOLDER in text else _ZWNJ_ENTITIES.sub(_PLACEHOLDER, text).replace(ZWNJ, _PLACEHOLDER)
    try:
        document = trafilatura.bare_extraction(protected, url=url, with_metadata=True,
                                               include_comments=False, include_tables=False)
    except (ValueError, TypeError) as error:  # lxml refusing the markup
        raise InputError(where, f"cannot parse HTML: {error}") from None
    if document is None or not (document.text or "").strip():
        raise InputError(where, "no article text found in the page")

    def restore(value: str | None) -> str:
        value = (value or "").replace(_PLACEHOLDER, ZWNJ).strip()
        return " ".join(strip_html(value)) if _MARKUP.search(value) else value

    title = restore(document.title)
    paragraphs = [restore(line) for line in document.text.split("\n")]
    paragraphs = [p for p in paragraphs if p]
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]  # the page's <h1> repeated at the top of the body
    published = extract_published(text)
    if published is None and document.date:
        published = parse_timestamp(document.date)
    return Article(title=title or (paragraphs[0] if paragraphs else ""), paragraphs=paragraphs,
                   url=url, published=published)


def article_from_page(raw: RawDocument) -> Article:
    return parse_html(raw.content, raw.url or raw.source, raw.headers.get("content-type"))


def extract_published(page: str) -> datetime | None:
    """The publication time from meta tags, JSON-LD or <time datetime>; Tehran time when no zone."""
    try:
        tree = lxml_html.fromstring(page)
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return None
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        value = meta.get("content")
        if key in DATE_META_KEYS and value and key not in found:
            found[key] = value
    candidates = [found[k] for k in DATE_META_KEYS if k in found]
    candidates += _JSONLD_DATE.findall(page)
    candidates += [t.get("datetime") for t in tree.iter("time") if t.get("datetime")]
    for value in candidates:
        published = parse_timestamp(value)
        if published is not None:
            return published
    return None
