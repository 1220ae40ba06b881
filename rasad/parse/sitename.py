"""The name of an outlet rasad's gazetteer does not know, from what its pages say about themselves.

A site names itself in several places, each with something added: `og:site_name` (`پایگاه
اطلاع‌رسانی شبکه سلامت سیمای جمهوری اسلامی ایران`, `صدای زاگرس | پایگاه خبری تحلیلی استان
لرستان`, `شورای X - example.ir`), the `<title>` around the headline (`... - صدای زاگرس`), the
copyright line (`کلیه حقوق ... متعلق به شبکه سلامت می‌باشد`) and the logo's `alt`. The name is what
they share: each is cut at its separators (`|`, ` - `, `»`, `:`), Latin-only pieces and addresses
dropped, descriptors before the name (`پایگاه خبری`, `سایت رسمی`; rasad/data/page_hints.toml
[site_name]) taken off, and the longest run of words that opens a declared name and is the whole of
another source's name wins. With nothing to agree with, the declared name's first piece is it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from functools import cache
from importlib import resources

from rasad.text.normalize import ZWNJ, normalize_letters, normalize_line

__all__ = ["copyright_holder", "name_pieces", "outlet_name"]

SEPARATORS = re.compile(r"\s+[-|–—»«:]{1,2}\s+|\s*[|»«]\s*|\s*::\s*|\s+[-–—]|[-–—]\s+")
_LATIN_ONLY = re.compile(r"^[\sA-Za-z0-9.&'’:,()/_\-]+$")
_PERSIAN = re.compile("[\u0600-\u06ff]")
_EDGE = re.compile(r"^[\s.,،:;؛\-–—|»«\"'()]+|[\s.,،:;؛\-–—|»«\"'()]+$")
# `کلیه حقوق ... متعلق به X است`, `... برای X محفوظ است`, `© ۱۴۰۲ X`
_HOLDER = (
    re.compile(r"متعلق\s+به\s+(?P<name>.{2,80}?)\s*(?:است|می[\s\u200c]?باشد|بوده|می[\s\u200c]?بود)?\s*(?:[.،]|$)"),
    re.compile(r"(?:برای|نزد|به)\s+(?P<name>.{2,80}?)\s+محفوظ"),
    re.compile(r"©\s*(?:[0-9۰-۹]{4}(?:\s*[-–]\s*[0-9۰-۹]{4})?)?\s*[-–]?\s*(?P<name>[^©0-9۰-۹|.]{2,80})"),
)
_RIGHTS_WORDS = re.compile(r"حقوق|محفوظ|کلیه|تمامی|استفاده|مجاز|منبع")  # the line's words, not a name
MAX_NAME_WORDS = 8  # a piece longer than this is a sentence or a slogan, not a name


@cache
def _descriptors() -> re.Pattern[str]:
    text = resources.files("rasad.data").joinpath("page_hints.toml").read_text(encoding="utf-8")
    words = tomllib.loads(text)["site_name"]["descriptors"]
    alternatives = sorted((r"[\s\u200c]?".join(map(re.escape, _words(w))) for w in words), key=len, reverse=True)
    return re.compile(rf"^(?:{'|'.join(alternatives)})(?:\s+|$)")


def _words(text: str) -> list[str]:
    """Words compared letter for letter: Arabic letters unified, ZWNJ dropped (`اطلاع‌رسانی`
    is `اطلاعرسانی`), a space inside a word kept as the space it is."""
    return normalize_letters(text).replace(ZWNJ, "").split()


def _clean(piece: str) -> str:
    """A piece without the descriptors before the name and the punctuation around it."""
    key = " ".join(_words(_EDGE.sub("", piece)))
    while True:
        stripped = _descriptors().sub("", key, count=1).strip()
        if stripped == key:
            return stripped
        key = stripped


def name_pieces(text: str) -> list[str]:
    """The pieces of a site's declared name that can be a name, descriptors off, in order:
    `پایگاه اطلاع‌رسانی شورای X - x.ir` -> [`شورای X`]."""
    pieces = []
    for piece in SEPARATORS.split(text):
        if not piece.strip() or _LATIN_ONLY.match(piece) or not _PERSIAN.search(piece):
            continue
        cleaned = _clean(piece)
        if cleaned and len(cleaned.split()) <= MAX_NAME_WORDS:
            pieces.append(cleaned)
    return pieces


def copyright_holder(line: str) -> str | None:
    """Whom a copyright line names: `کلیه حقوق این سایت متعلق به شبکه سلامت می‌باشد.` -> `شبکه سلامت`;
    None for a line that names no one (`© ۱۴۰۲ - تمامی حقوق محفوظ است`)."""
    for pattern in _HOLDER:
        match = pattern.search(line)
        if match:
            pieces = [p for p in name_pieces(match.group("name")) if not _RIGHTS_WORDS.search(p)]
            if pieces:
                return pieces[0]
    return None


def _agreed(declared: str, other: str) -> str | None:
    """The run of words opening `declared` that is the whole of `other` (or `declared` whole
    where `other` opens with it): `شبکه سلامت سیمای ...` and `شبکه سلامت` -> `شبکه سلامت`."""
    d, o = declared.split(), other.split()
    if d[:len(o)] == o:
        return other
    if o[:len(d)] == d:
        return declared
    return None


def outlet_name(declared: Iterable[str], titled: Iterable[str] = (), held: Iterable[str] = (),
                logos: Iterable[str] = ()) -> str | None:
    """The outlet's own name from its declared names (og:site_name, JSON-LD) and the other places
    it names itself: the <title>'s site part, the copyright line's holder, the logo's `alt`. With
    nothing agreeing, the first piece of the declared name, else of the title's, else the
    copyright holder (never a logo's `alt` alone: `خانه`, `لوگو`). None when nothing is Persian.
    Normalized (normalize_line)."""
    mine = [p for text in declared for p in name_pieces(text)]
    title_pieces = [p for text in titled for p in name_pieces(text)]
    holders = [p for text in held for p in name_pieces(text)]
    theirs = [*title_pieces, *holders, *(p for text in logos for p in name_pieces(text))]
    agreed = [name for d in mine for o in theirs if (name := _agreed(d, o))]
    if not agreed and len(mine) > 1:  # the declared names agree among themselves
        agreed = [name for i, d in enumerate(mine) for o in mine[i + 1:] if d != o and (name := _agreed(d, o))]
    if not agreed and not mine and title_pieces:  # no declared name: the title's and the copyright's
        agreed = [name for t in title_pieces for o in holders if (name := _agreed(t, o))]
    if agreed:
        return normalize_line(max(agreed, key=lambda n: len(n.split())))
    first = next(iter(mine or title_pieces or holders), None)
    return normalize_line(first) if first else None
