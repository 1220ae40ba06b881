"""IR-News dataset files (shared/data/ir_news_dev): a header line
`agency###title###link###categories###datetime###id###tags`, a line of summary sentence ids, then
`id<TAB>sentence` lines. Each sentence becomes a paragraph; the header gives the metadata."""

from __future__ import annotations

import ast
import re
from datetime import datetime

from rasad.errors import InputError
from rasad.extract.agencies import agency_by_name
from rasad.models import Article
from rasad.text.dates import TEHRAN
from rasad.text.normalize import normalize_line, normalize_lines, to_ascii_digits

_HEADER = re.compile(r"^[^\n#]*###[^\n]*###")


def looks_like_irnews(text: str) -> bool:
    return bool(_HEADER.match(text)) and text.split("\n", 1)[0].count("###") >= 4


def _list_field(value: str) -> list[str]:
    try:
        parsed = ast.literal_eval(value.strip())
    except (ValueError, SyntaxError):
        return []
    return [str(v) for v in parsed] if isinstance(parsed, list | tuple) else []


def parse_irnews(text: str, source: str = "<irnews>") -> Article:
    lines = text.split("\n")
    fields = lines[0].split("###")
    if len(fields) < 5:
        raise InputError(source, "IR-News header has fewer than 5 fields")
    fields += [""] * (7 - len(fields))
    agency_key, title, link, _cats, stamp, ident, tags = fields[:7]
    # the article's sentences together: its ZWNJ damage is judged from all of them
    sentences = normalize_lines([line.split("\t", 1)[1] for line in lines[2:] if "\t" in line])
    sentences = [s for s in sentences if s]
    try:
        published = datetime.fromisoformat(stamp.strip()).replace(tzinfo=TEHRAN) if stamp.strip() else None
    except ValueError:
        published = None
    ids = _list_field(ident)
    return Article(
        title=normalize_line(title),
        lead=sentences[0] if len(sentences) > 1 else None,
        paragraphs=sentences[1:] if len(sentences) > 1 else sentences,
        url=link.strip() or None,
        agency=agency_by_name(agency_key.strip()),
        published=published,
        news_id=to_ascii_digits(ids[0]) if ids else None,
        keywords=[normalize_line(t) for t in _list_field(tags)],
    )


__all__ = ["looks_like_irnews", "parse_irnews"]
