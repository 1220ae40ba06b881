"""JSON dumps of news articles, as scrapers and datasets write them: one object or a list of
objects with keys such as title, abstract/summary/lead, paragraphs/body/text, link/url, tags,
code/id, date/published (shared/data/fars_news, varzesh3 and farsi_news_rss are of this kind).
List-valued fields may be real lists or Python-list strings (`"['...', '...']"`).

Whatever a dump holds, parsing it gives articles or an InputError naming the file (and the item):
a field of the wrong kind (a `link` that is a list or a number, a title that is an object), JSON
nested too deep, an integer too long to convert, or a lone surrogate escape (`"\\ud800"`, replaced
by U+FFFD) never escapes as another exception."""

from __future__ import annotations

import ast
import json
import re
from typing import Any

from rasad.errors import InputError
from rasad.extract.agencies import agency_by_url
from rasad.models import Article
from rasad.text.dates import TEHRAN, parse_datetime
from rasad.text.normalize import normalize_line, normalize_lines

_TITLE = ("title", "headline", "name")
_LEAD = ("abstract", "summary", "lead", "description")
_BODY = ("paragraphs", "body", "text", "content")
_URL = ("link", "url")
_DATE = ("published", "date", "pubDate", "datetime")
_ID = ("code", "id", "news_id")
_SURROGATE = re.compile("[\ud800-\udfff]")
_MAX_LITERAL = 1_000_000  # longest Python-list string given to ast.literal_eval


def _clean(text: str) -> str:
    """Text without lone surrogates (JSON's `\\ud800` escape), which no encoder can write."""
    return _SURROGATE.sub("\ufffd", text)


def _scalar(value: Any, field: str, source: str, numbers: bool = True) -> str | None:
    """A field that holds one value (title, link, date, id) as text; a list or an object there is
    not a value, nor a number where text is due (`numbers=False`): InputError naming the field."""
    if value is None:
        return None
    if isinstance(value, str):
        return _clean(value)
    if numbers and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise InputError(source, f"JSON field {field!r} is {_kind(value)}, not text")


def _kind(value: Any) -> str:
    if isinstance(value, list | dict):
        return "a list" if isinstance(value, list) else "an object"
    return f"a {type(value).__name__}".replace("a int", "a number").replace("a float", "a number")


def _first(item: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        if item.get(key) not in (None, "", []):
            return item[key]
    return None


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [_clean(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)) for v in value]
    text = _clean(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
    if text.lstrip().startswith("[") and len(text) <= _MAX_LITERAL:
        try:
            parsed = ast.literal_eval(text)
            if isinstance(parsed, list):
                return [_clean(str(v)) for v in parsed]
        except (ValueError, SyntaxError, TypeError, RecursionError, MemoryError):
            pass
    return text.split("\n")


def _fars_date(url: str) -> str | None:
    """Fars links encode the Jalali date: /news/13911222000865 (1391/12/22), /news/8707060255."""
    match = re.search(r"/news/(13\d{6}|14\d{6}|[89]\d{5})\d*", url)
    if not match:
        return None
    digits = match.group(1)
    digits = digits if len(digits) == 8 else "13" + digits
    return f"{digits[:4]}/{digits[4:6]}/{digits[6:8]}"


def article_from_item(item: dict[str, Any], source: str) -> Article:
    title = _scalar(_first(item, _TITLE), "title", source)
    if not title:
        raise InputError(source, "JSON item without a title")
    paragraphs = normalize_lines(_as_list(_first(item, _BODY)))  # the article's damage judged as one
    url = _scalar(_first(item, _URL), "link", source, numbers=False)
    stamp = _scalar(_first(item, _DATE), "date", source) or (_fars_date(url) if url and "farsnews" in url else None)
    published = parse_datetime(stamp) if stamp else None
    lead = _first(item, _LEAD)
    lead = _clean(lead) if isinstance(lead, str) else " ".join(_as_list(lead))
    ident = _scalar(_first(item, _ID), "id", source)
    return Article(
        title=normalize_line(title),
        lead=normalize_line(lead) if lead else None,
        paragraphs=[p for p in paragraphs if p],
        url=url,
        agency=agency_by_url(url) if url else None,
        published=published.astimezone(TEHRAN) if published else None,
        news_id=str(ident) if ident else None,
        keywords=[normalize_line(t) for t in _as_list(item.get("tags"))],
    )


def parse_json(text: str, source: str = "<json>") -> list[Article]:
    """Every article in a JSON dump; an item that is not an article raises InputError."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(source, f"invalid JSON at line {exc.lineno}: {exc.msg}") from None
    except RecursionError:
        raise InputError(source, "JSON nested too deep to read") from None
    except ValueError:  # an integer of thousands of digits
        raise InputError(source, "JSON holds a number too long to read") from None
    items = data if isinstance(data, list) else [data]
    if not all(isinstance(i, dict) for i in items):
        raise InputError(source, "JSON is not an article object or a list of them")
    return [article_from_item(item, f"{source}[{n}]") for n, item in enumerate(items)]


__all__ = ["article_from_item", "parse_json"]
