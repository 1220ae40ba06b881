"""A news page (HTML) -> Article: the body paragraphs by trafilatura; the headline, lead, kicker,
publisher, publication time and news id from the page's markup (rasad.parse.pagemeta).

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
from trafilatura.settings import Document

from rasad.errors import InputError
from rasad.models import Article, RawDocument
from rasad.parse.feeditem import strip_html
from rasad.parse.pagemeta import (
    complete_text,
    is_head_line,
    is_page_debris,
    page_agency,
    page_news_id,
    page_title,
    published_of,
    read_page,
)
from rasad.text.charset import decode_body
from rasad.text.dates import parse_timestamp
from rasad.text.normalize import fold

__all__ = ["article_from_page", "extract_published", "parse_html"]

ZWNJ = "\u200c"
_PLACEHOLDER = "\u2e17"  # DOUBLE OBLIQUE HYPHEN: visible, so kept by trafilatura; absent from news text
_ZWNJ_ENTITIES = re.compile(r"&(?:zwnj|#8204|#x200c);", re.I)
_TEMPLATE = re.compile(r"<template\b[^>]*>.*?</template\s*>", re.I | re.S)
_MARKUP = re.compile(r"</?[A-Za-z][^<>]*>|<!--")
_REMNANT = re.compile(r"<!--|-->|--!>|<!\[CDATA\[|\]\]>")  # what broken markup leaves in its text
_SIGNATURE = re.compile(r"^[\s/.\-]*[^\s\d/.\-](?:[\s/.\-]+[^\s\d/.\-]){0,2}[\s/.\-]*$")  # `/ت`, `ک.ح`
_NUMBER_ONLY = re.compile(r"^[\s0-9۰-۹٠-٩,٬./\-–]+$")  # a view count, a page number, `/۱۲۳۴`


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
        extracted = trafilatura.bare_extraction(protected, url=url, with_metadata=True,
                                                include_comments=False, include_tables=False)
    except (ValueError, TypeError) as error:  # lxml refusing the markup
        raise InputError(where, f"cannot parse HTML: {error}") from None
    document = extracted if isinstance(extracted, Document) else None  # a Document unless as_dict
    if document is None or not (document.text or "").strip():
        raise InputError(where, "no article text found in the page")

    def restore(value: str | None) -> str:
        value = (value or "").replace(_PLACEHOLDER, ZWNJ).strip()
        return " ".join(strip_html(value)) if _MARKUP.search(value) else value

    facts = read_page(text)
    title = restore(page_title(facts, restore(document.title)))  # an escaped tag in a title is no text
    lead, kicker = restore(facts.lead) or None, restore(facts.kicker) or None
    lines = complete_text([restore(line) for line in (document.text or "").split("\n")], facts)
    if lead is None and facts.first_block and fold(facts.first_block) not in {fold(line) for line in lines}:
        lead = restore(facts.first_block)  # the block right after the headline, which the extractor left out
    paragraphs = _body_lines(lines, [title, facts.headline, kicker, lead], facts.link_texts)
    if not paragraphs and not lead:
        raise InputError(where, "no article text found in the page")
    published = published_of(facts, document.date)
    # the page's address: as fetched, else as the page declares it (a saved file's path is none)
    address = url if url and url.startswith(("http://", "https://")) else next(
        (u for u in facts.urls if u.startswith(("http://", "https://"))), None)
    body = "\n".join(p for p in [lead, *paragraphs] if p)
    return Article(title=title or (paragraphs[0] if paragraphs else ""), paragraphs=paragraphs, lead=lead,
                   kicker=kicker, url=address, published=published,
                   agency=page_agency(facts, url, body), news_id=page_news_id(facts, url))


def _body_lines(lines: list[str], heads: list[str | None], link_texts: frozenset[str] = frozenset()) -> list[str]:
    """The article's paragraphs without what the page prints around them: the headline, kicker and
    lead again (they have their own fields; a heading again with a colon after it, the label of
    the text that follows, is the heading too), its dated line and news id line, lines that are
    only a number (a view count, a page number), the page's labelled lines and links standing
    alone (`بیشتر بخوانید: ...`, another story's headline), the remnants of broken markup (`-->`)
    and a reporter's initials closing the text (`/ت`). A dated line between two paragraphs is the
    text's own (a letter's date) and stays; before the text and after it, it is the page's."""
    seen = {_head_key(h) for h in heads if h}
    kept: list[tuple[str, bool]] = []  # (line, a head line)
    for line in lines:
        line = _REMNANT.sub(" ", line).strip()
        if (not line or _NUMBER_ONLY.match(line) or _head_key(line) in seen
                or is_page_debris(line, link_texts)):
            continue
        head = is_head_line(line)
        if head and not any(not h for _, h in kept):
            continue  # the page's head, before the text
        kept.append((line, head))
    while kept and (kept[-1][1] or _SIGNATURE.match(kept[-1][0])):
        kept.pop()
    return [line for line, _ in kept]


def _head_key(text: str) -> str:
    """A heading compared as a line: `ماده ۷۳ :`, the headline again as a label, is the headline."""
    return fold(text).strip(" :：.،-–—")


def article_from_page(raw: RawDocument) -> Article:
    return parse_html(raw.content, raw.url or raw.source, raw.headers.get("content-type"))


def extract_published(page: str) -> datetime | None:
    """The publication time from meta tags, JSON-LD or <time datetime>; Tehran time when no zone."""
    facts = read_page(page)
    for value in facts.structured_dates:
        published = parse_timestamp(value)
        if published is not None:
            return published
    return None
