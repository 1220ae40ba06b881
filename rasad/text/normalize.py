"""One normalizer for Persian text: ingestion, indexing and queries all go through it.

Policy (docs/normalization.md has the table):
- Arabic letter variants become Persian (ي ى -> ی, ك -> ک, ة -> ه), diacritics, tatweel, bidi
  marks and zero-width characters other than ZWNJ are dropped, odd spaces become plain spaces.
- Digits: Persian digits (۰-۹) in text; ASCII digits are kept where they touch Latin letters
  (`ICT 2`, `COVID-19`), since they belong to a Latin token. Extracted data fields (news ids,
  dates) use ASCII digits: see `to_ascii_digits`.
- Punctuation: Persian comma, semicolon and question mark between Persian words; no space before
  `. ، ؛ : ! ؟ ) »`, one after; none inside guillemets and parentheses.
- ZWNJ: stray ZWNJ (doubled, beside a space, at a word's edge) is removed, and deleted or spaced
  ZWNJ is restored (`میشود`, `می شود` -> `می‌شود`) by rasad.text.zwnj.

`fold` goes further for search keys: ZWNJ removed, ASCII digits, so that every spelling variant
of a word gives the same key.
"""

from __future__ import annotations

import re
import unicodedata

from rasad.text.letters import (
    ARABIC_TO_PERSIAN_DIGITS,
    NORMALIZE_LETTERS,
    TO_PERSIAN_DIGITS,
    ZWNJ,
    letter_folds,
    to_ascii_digits,
)
from rasad.text.zwnj import restore_zwnj

_LETTERS = str.maketrans(
    {
        **letter_folds(NORMALIZE_LETTERS),
        "\u0640": None,  # TATWEEL
        "\u00a0": " ",  # NO-BREAK SPACE
        "\u2000": " ", "\u2001": " ", "\u2002": " ", "\u2003": " ", "\u2004": " ", "\u2005": " ",
        "\u2006": " ", "\u2007": " ", "\u2008": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ",
        "\u3000": " ", "\t": " ",
        "\u200b": " ",  # ZERO WIDTH SPACE: scraped text uses it for a space or a ZWNJ; restoration decides
        "\u200d": None,  # ZERO WIDTH JOINER
        "\u200e": None, "\u200f": None,  # LRM, RLM
        "\u202a": None, "\u202b": None, "\u202c": None, "\u202d": None, "\u202e": None,
        "\u2066": None, "\u2067": None, "\u2068": None, "\u2069": None,
        "\ufeff": None,  # BOM
        "\u00ac": ZWNJ,  # NOT SIGN: typed for a half-space by some keyboard layouts
        **ARABIC_TO_PERSIAN_DIGITS,
        "\u066b": "٫",  # ARABIC DECIMAL SEPARATOR kept
    }
)
# Harakat, superscript alef, small high marks: dropped.
_MARKS = re.compile(r"[\u064b-\u065f\u0670\u06d6-\u06ed]")

_ANY_ASCII_DIGIT = re.compile("[0-9]")

_PERSIAN_LETTER = "\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u0622"
# ASCII digit runs that stand apart from Latin letters become Persian.
_ASCII_NUMBER = re.compile(r"(?<![A-Za-z0-9_\-./])[0-9]+(?:[.,/:][0-9]+)*(?![A-Za-z0-9_])")

_SPACES = re.compile(r"[ ]{2,}")
_ZWNJ_RUN = re.compile(ZWNJ + "{2,}")
_ZWNJ_EDGE = re.compile(rf" ?{ZWNJ}(?= |$)|(?:^| ){ZWNJ}")
_ZWNJ_NOT_BETWEEN_LETTERS = re.compile(rf"(?<![{_PERSIAN_LETTER}]){ZWNJ}|{ZWNJ}(?![{_PERSIAN_LETTER}])")
# Persian-context punctuation: an ASCII comma, semicolon or question mark after a Persian letter.
_PERSIAN_COMMA = re.compile(rf"(?<=[{_PERSIAN_LETTER}]) ?,(?![0-9])")
_PERSIAN_SEMICOLON = re.compile(rf"(?<=[{_PERSIAN_LETTER}]) ?;")
_PERSIAN_QUESTION = re.compile(rf"(?<=[{_PERSIAN_LETTER}]) ?\?")
_SPACE_BEFORE_PUNCT = re.compile(r" +([.،؛:!؟)\]»])")
# One space after a closing mark when a letter follows (not inside numbers: 3.5, 12:30, 1,000).
_SPACE_AFTER_PUNCT = re.compile(rf"([،؛!؟)\]»]|(?<![0-9])[.:])(?=[{_PERSIAN_LETTER}A-Za-z(«\[])")
_SPACE_AFTER_OPEN = re.compile(r"([(«\[]) +")
_SPACE_BEFORE_OPEN = re.compile(rf"(?<=[{_PERSIAN_LETTER}A-Za-z0-9۰-۹])([(«])")


def normalize_letters(text: str) -> str:
    """Unify letter variants and drop marks; keeps spacing and digits as they are."""
    text = unicodedata.normalize("NFC", text)
    return _MARKS.sub("", text.translate(_LETTERS))


def _persian_digits(text: str) -> str:
    if not _ANY_ASCII_DIGIT.search(text):
        return text

    def convert(match: re.Match[str]) -> str:
        return match.group().translate(TO_PERSIAN_DIGITS)

    return _ASCII_NUMBER.sub(convert, text)


def clean_zwnj(text: str) -> str:
    """Stray ZWNJ out: doubled, beside a space, or not between two letters."""
    if ZWNJ not in text:
        return text
    text = _ZWNJ_RUN.sub(ZWNJ, text)
    text = _ZWNJ_EDGE.sub(" ", text)
    return _ZWNJ_NOT_BETWEEN_LETTERS.sub("", text)


def normalize_spacing(text: str) -> str:
    """Spaces around punctuation and guillemets, Persian punctuation marks, single spaces."""
    text = _PERSIAN_COMMA.sub("،", text)
    text = _PERSIAN_SEMICOLON.sub("؛", text)
    text = _PERSIAN_QUESTION.sub("؟", text)
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _SPACE_AFTER_PUNCT.sub(r"\1 ", text)
    text = _SPACE_AFTER_OPEN.sub(r"\1", text)
    text = _SPACE_BEFORE_OPEN.sub(r" \1", text)
    return _SPACES.sub(" ", text).strip()


def normalize_line(line: str, *, zwnj: bool = True) -> str:
    """Normalize one line of Persian text (see the module docstring for the policy). ZWNJ is
    restored before spaces are collapsed: a run of spaces inside a word is a trace of broken
    typesetting, not of a deleted ZWNJ, and restoration leaves it alone."""
    line = clean_zwnj(_persian_digits(normalize_letters(line)))
    return normalize_spacing(restore_zwnj(line) if zwnj else line)


def normalize(text: str, *, zwnj: bool = True) -> str:
    """Normalize Persian text line by line: the output has exactly as many lines as the input."""
    return "\n".join(normalize_line(line, zwnj=zwnj) for line in text.split("\n"))


def fold(text: str, *, normalized: bool = False) -> str:
    """A search key: normalized, then ZWNJ removed and digits made ASCII, so that `می‌شود`,
    `می شود` and `ميشود` fold alike (the spaced form through ZWNJ restoration). Pass
    `normalized=True` for text that already went through `normalize`."""
    return to_ascii_digits(text if normalized else normalize(text)).replace(ZWNJ, "")


__all__ = [
    "ZWNJ",
    "clean_zwnj",
    "fold",
    "normalize",
    "normalize_letters",
    "normalize_line",
    "normalize_spacing",
    "to_ascii_digits",
]
