"""Decode fetched bytes: the HTTP header, then a BOM or meta/XML declaration, then a guess between
UTF-8 and Windows-1256 (the code page of many Persian archives and older sites).

The bytes decide over a declaration they contradict: a declared code page that yields no
Arabic-script letter where UTF-8 or Windows-1256 yields Persian text (a page declared `iso-8859-15`
or `koi8-r`) is a server's mistake, and so is a single-byte code page declared for bytes that are
valid UTF-8 with Persian in them. Bytes that are UTF-8 but for a few stray bytes (one 0xFF in a
long article) stay UTF-8, the stray bytes replaced (`mostly_utf8`), rather than read as
Windows-1256 mojibake."""

from __future__ import annotations

import codecs
import re

__all__ = ["decode_body", "detect_encoding", "mostly_utf8"]

_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_XML_ENCODING = re.compile(rb"<\?xml[^>]+encoding\s*=\s*[\"']([\w.:-]+)[\"']", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Servers often declare a Latin code page for Persian text; such a declaration is only trusted
# when the bytes hold no Arabic-script text under UTF-8 or Windows-1256.
_WEAK = {"iso8859-1", "cp1252", "ascii", "latin-1"}
_ARABIC = re.compile(r"[\u0600-\u06FF]")


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None


def _decodes(content: bytes, encoding: str) -> bool:
    try:
        content.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def mostly_utf8(content: bytes) -> bool:
    """True when `content` is UTF-8 but for a few invalid bytes: at least 20 well-formed multi-byte
    characters for each invalid sequence (Windows-1256 Persian read as UTF-8 is almost all invalid
    sequences, with a well-formed pair now and then by chance)."""
    text = content.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - content.count(b"\xef\xbf\xbd")
    if bad <= 0:
        return True
    good = len(text) - bad - sum(1 for c in text if c < "\x80")
    return good >= 20 * bad


def _guess(content: bytes) -> str:
    if _decodes(content, "utf-8"):
        return "utf-8"
    if mostly_utf8(content):
        return "utf-8"
    text = content.decode("cp1256", errors="replace")
    if _ARABIC.search(text):
        return "cp1256"
    return "utf-8"


def detect_encoding(content: bytes, content_type: str | None = None) -> str:
    """The codec name to decode `content` with (see the module docstring for the order)."""
    for bom, name in _BOMS:
        if content.startswith(bom):
            return name
    declared = []
    if content_type and (match := _HEADER_CHARSET.search(content_type)):
        declared.append(_codec(match.group(1)))
    head = content[:4096]
    for pattern in (_XML_ENCODING, _META_CHARSET):
        if found := pattern.search(head):
            declared.append(_codec(found.group(1).decode("ascii", "replace")))
    guess = _guess(content)
    persian = bool(_ARABIC.search(content.decode(guess, errors="replace")))
    for codec in declared:
        if codec is None or not _decodes(content, codec):
            continue  # a declaration the bytes contradict is a server's mistake, not a fact
        if persian and (codec in _WEAK or not _ARABIC.search(content.decode(codec, errors="replace"))):
            return guess  # Persian text cannot be in a code page without Arabic letters
        if persian and guess == "utf-8" and codec != "utf-8" and _decodes(content, "utf-8"):
            return guess  # Persian as valid UTF-8 is UTF-8, whatever single-byte code page is declared
        return codec
    return guess


def decode_body(content: bytes, content_type: str | None = None) -> tuple[str, str]:
    """(text, encoding) for `content`; undecodable bytes are replaced, never raised."""
    encoding = detect_encoding(content, content_type)
    return content.decode(encoding, errors="replace"), encoding
