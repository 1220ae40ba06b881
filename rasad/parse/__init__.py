"""Raw documents to articles: one parser per form, chosen by content."""

from __future__ import annotations

from pathlib import Path

from rasad.errors import InputError
from rasad.models import Article, RawDocument
from rasad.parse.irnews import looks_like_irnews, parse_irnews
from rasad.parse.jsondump import parse_json
from rasad.parse.rawtext import parse_text, tidy_article


def parse_document(doc: RawDocument) -> list[Article]:
    """The articles in a raw document (a JSON dump may hold many). Raises InputError."""
    text = doc.content if isinstance(doc.content, str) else doc.content.decode("utf-8")
    if doc.media_type == "text/html":
        try:
            from rasad.parse.html import parse_html
        except ImportError:
            raise InputError(doc.source, "HTML pages need the page parser (not installed)") from None
        articles = [tidy_article(parse_html(text, doc.url or doc.source))]
    elif doc.media_type == "application/json":
        articles = parse_json(text, doc.source)
    elif looks_like_irnews(text):
        articles = [parse_irnews(text, doc.source)]
    else:
        articles = [parse_text(text, doc.source)]
    name = Path(doc.source).name if not doc.url else None
    for article in articles:
        article.file = article.file or name
        article.url = article.url or doc.url
    return articles


__all__ = ["parse_document"]
