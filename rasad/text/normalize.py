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
from collections.abc import Iterable

from rasad.text.letters import (
    ARABIC_TO_PERSIAN_DIGITS,
    NORMALIZE_LETTERS,
    TO_PERSIAN_DIGITS,
    ZWNJ,
    letter_folds,
    to_ascii_digits,
)
from rasad.text.zwnj import LETTERS, known_word, restore_document, restore_unit, restore_zwnj, zero_width_break

_LETTERS = str.maketrans(
    {
        **letter_folds(NORMALIZE_LETTERS),
        "\u0640": None,  # TATWEEL
        "\u00a0": " ",  # NO-BREAK SPACE
        "\u2000": " ", "\u2001": " ", "\u2002": " ", "\u2003": " ", "\u2004": " ", "\u2005": " ",
        "\u2006": " ", "\u2007": " ", "\u2008": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ",
        "\u3000": " ", "\t": " ",
        "\u200b": " ",  # ZERO WIDTH SPACE left after sanitize (not between letters): a space
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
# A character _LETTERS changes: most lines have none, and str.translate looks every character up.
_TRANSLATED = re.compile("[" + re.escape("".join(map(chr, _LETTERS))) + "]")
# Harakat, superscript alef, small high marks: dropped.
_MARKS = re.compile(r"[\u064b-\u065f\u0670\u06d6-\u06ed]")

_ANY_ASCII_DIGIT = re.compile("[0-9]")

_PERSIAN_LETTER = "\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u0622"
# ASCII digit runs that stand apart from Latin letters become Persian.
_ASCII_NUMBER = re.compile(r"(?<![A-Za-z0-9_\-./])[0-9]+(?:[.,/:][0-9]+)*(?![A-Za-z0-9_])")

_SPACES = re.compile(r"[ ]{2,}")
# A digit run glued to a word ('۹کیلومتر', 'عرض۶', '۲۶بهمن'): two tokens, a space between.
_DIGIT_LETTER = re.compile(rf"(?<=[۰-۹])(?=[{_PERSIAN_LETTER}])|(?<=[{_PERSIAN_LETTER}])(?=[۰-۹])")
_PERSIAN_DIGIT = re.compile("[۰-۹]")
# A letter typed three times or more ('اعلاممممم'): no Persian word has that.
_REPEATED = re.compile(rf"[{_PERSIAN_LETTER}]*([{_PERSIAN_LETTER}])\1{{2,}}[{_PERSIAN_LETTER}]*")
_RUN = re.compile(rf"([{_PERSIAN_LETTER}])\1{{2,}}")
_RUN_OF_THREE = re.compile(rf"([{_PERSIAN_LETTER}])\1\1")  # _RUN's test, without trying longer runs
_ZWNJ_RUN = re.compile(ZWNJ + "{2,}")
_ZWNJ_EDGE = re.compile(rf" ?{ZWNJ}(?= |$)|(?:^| ){ZWNJ}")
_ZWNJ_NOT_BETWEEN_LETTERS = re.compile(rf"(?<![{_PERSIAN_LETTER}]){ZWNJ}|{ZWNJ}(?![{_PERSIAN_LETTER}])")
# Persian-context punctuation: an ASCII comma, semicolon or question mark after a Persian letter.
_PERSIAN_COMMA = re.compile(rf"(?<=[{_PERSIAN_LETTER}]) ?,(?![0-9])")
_PERSIAN_SEMICOLON = re.compile(rf"(?<=[{_PERSIAN_LETTER}]) ?;")
_PERSIAN_QUESTION = re.compile(rf"(?<=[{_PERSIAN_LETTER}]) ?\?")
_SPACE_BEFORE_PUNCT = re.compile(r" +(?=[.،؛:!؟)\]»])")
_SPACED_PUNCT = re.compile(r"[.،؛:!؟)\]»](?<= .)")  # its test, searched by the mark: most lines have none
# One space after a closing mark when a letter follows (not inside numbers: 3.5, 12:30, 1,000).
# The mark first, its conditions after it: a pattern that opens with a character class is searched
# for that class alone, far faster than one that opens with a choice or a look-behind.
_SPACE_AFTER_PUNCT = re.compile(rf"([.:،؛!؟)\]»])(?<![0-9][.:])(?=[{_PERSIAN_LETTER}A-Za-z(«\[])")
_SPACE_AFTER_OPEN = re.compile(r"([(«\[]) +")
# Runs of one-to-three letters joined by dots, three or more of them (`بی.بی.سی`, `سی.ان.ان`), or
# single letters (`ب.ظ`, `ج.ا.ا`, `U.S`), ending the word: an abbreviation, not sentences missing their
# spaces. (`آ.ث‌میلان`, joined on to a word, is left to the usual spacing.)
_DOTTED_ABBREVIATION = re.compile(
    rf"(?<![\w.])(?:(?:[{_PERSIAN_LETTER}A-Za-z]{{1,3}}\.){{2,}}[{_PERSIAN_LETTER}A-Za-z]{{1,3}}(?!\w)"
    rf"|[{_PERSIAN_LETTER}A-Za-z]\.(?:[{_PERSIAN_LETTER}A-Za-z]\.)*[{_PERSIAN_LETTER}A-Za-z](?![\w\u200c]))"
)
_DOT_LETTER = re.compile(rf"\.[{_PERSIAN_LETTER}A-Za-z]")  # what every dotted abbreviation has
_KEPT_DOT = "\ue000"  # a private-use character held in place of a kept dot while spaces are set
_SPACE_BEFORE_OPEN = re.compile(rf"([(«])(?<=[{_PERSIAN_LETTER}A-Za-z0-9۰-۹][(«])")


# What no reader sees: NUL and control characters (not tab or newline), and the invisible format
# characters (soft hyphen, word joiner, invisible separators, combining grapheme joiner, variation
# selectors, tags...). Left in, they split a word for the index ('تظا\u00adهرات') and hide it
# from a search. ZWNJ, ZWJ, bidi marks and the zero-width space are handled on their own.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u180b-\u180f\u2060-\u2064\u206a-\u206f\ufe00-\ufe0f\ufff9-\ufffb\U000e0000-\U000e0fff]")
# Arabic presentation forms ('ﺗﻈﺎﻫﺮﺍﺕ', ligatures such as 'ﻻ') and full-width forms: their letters.
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefe\uff01-\uffee]+")
_ZERO_WIDTH_SPACE = re.compile(f"([{LETTERS}]+)\u200b+(?=([{LETTERS}]+))")


# Windows-1256 Persian read as Windows-1252 or Latin-1 ('˜ÇÑÔäÇÓÇä' for 'کارشناسان'): letters of
# the Latin-1 block and the cp1252 extras, with the C1 codes cp1252 leaves undefined (0x81 پ,
# 0x8D چ, 0x90 گ, 0x9D ZWNJ) passed through as control characters.
_MOJIBAKE = re.compile("[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                       "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")
_ARABIC_LETTER = re.compile("[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]")
# Any character `sanitize` may change (the three classes above in one): most lines have none.
_UNSANITARY = re.compile(
    "[" + _MOJIBAKE.pattern[1:-1] + _INVISIBLE.pattern[1:-1] + _PRESENTATION.pattern.removesuffix("+")[1:-1] + "]")


def repair_mojibake(line: str) -> str:
    """A line of Windows-1256 Persian decoded as Windows-1252 or Latin-1, decoded right; any
    other line as it is."""
    if len(_MOJIBAKE.findall(line)) < max(4, len(line) // 3) or _ARABIC_LETTER.search(line):
        return line
    raw = bytearray()
    for ch in line:
        try:
            raw += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                return line
            raw.append(ord(ch))  # a C1 code cp1252 does not define, passed through as latin-1
    repaired = raw.decode("cp1256", errors="replace")
    letters = [c for c in repaired if c.isalpha()]
    if not letters or sum(1 for c in letters if _ARABIC_LETTER.match(c)) < 0.6 * len(letters):
        return line
    return repaired


def sanitize(text: str) -> str:
    """Mojibake lines repaired, invisible and control characters out, presentation forms to letters
    (NFKC): ingestion and search keys alike go through it, so no such character can hide a word."""
    if not _UNSANITARY.search(text):
        return text
    if _MOJIBAKE.search(text):
        text = "\n".join(repair_mojibake(line) for line in text.split("\n"))
    text = _INVISIBLE.sub("", text)
    return _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def resolve_zero_width_spaces(text: str) -> str:
    """A zero-width space between letters becomes what the corpus says it stands for: nothing
    inside a known word, else the ZWNJ or space between two words (rasad.text.zwnj)."""
    if "\u200b" not in text:
        return text
    return _ZERO_WIDTH_SPACE.sub(lambda m: m.group(1) + zero_width_break(m.group(1), m.group(2)), text)


def normalize_letters(text: str) -> str:
    """Unify letter variants and drop marks and invisible characters; keeps spacing and digits."""
    text = unicodedata.normalize("NFC", sanitize(text))
    return _MARKS.sub("", text.translate(_LETTERS) if _TRANSLATED.search(text) else text)


def _persian_digits(text: str) -> str:
    if not _ANY_ASCII_DIGIT.search(text):
        return text

    def convert(match: re.Match[str]) -> str:
        return match.group().translate(TO_PERSIAN_DIGITS)

    return _ASCII_NUMBER.sub(convert, text)


def _shorten(match: re.Match[str]) -> str:
    """A word with a letter run: as it is when it is a known word or an affixed one ('دهههای'),
    else the run kept double when that makes a known word ('سلامم'), else single ('سلامممم')."""
    word = match.group()
    if known_word(word) or ZWNJ in restore_unit(word):
        return word  # 'دهههای' is 'دهه' + 'های' with its ZWNJ deleted, not a typed run
    double = _RUN.sub(r"\1\1", word)
    return double if known_word(double) else _RUN.sub(r"\1", word)


def decrease_repeated_letters(text: str) -> str:
    """Letters typed three times or more in a word, back to the word ('اعلاممممم' -> 'اعلام')."""
    return _REPEATED.sub(_shorten, text) if _RUN_OF_THREE.search(text) else text


def space_digits(text: str) -> str:
    """A space between a Persian digit run and a Persian letter that touch ('۹کیلومتر')."""
    return _DIGIT_LETTER.sub(" ", text) if _PERSIAN_DIGIT.search(text) else text


def clean_zwnj(text: str) -> str:
    """Stray ZWNJ out: doubled, beside a space, or not between two letters."""
    if ZWNJ not in text:
        return text
    text = _ZWNJ_RUN.sub(ZWNJ, text)
    text = _ZWNJ_EDGE.sub(" ", text)
    return _ZWNJ_NOT_BETWEEN_LETTERS.sub("", text)


def normalize_spacing(text: str) -> str:
    """Spaces around punctuation and guillemets, Persian punctuation marks, single spaces."""
    if "," in text:  # each pattern only where its mark is: the same text, a third of the time
        text = _PERSIAN_COMMA.sub("،", text)
    if ";" in text:
        text = _PERSIAN_SEMICOLON.sub("؛", text)
    if "?" in text:
        text = _PERSIAN_QUESTION.sub("؟", text)
    if _SPACED_PUNCT.search(text):
        text = _SPACE_BEFORE_PUNCT.sub("", text)
    if "." in text and _DOT_LETTER.search(text):  # a dotted abbreviation keeps its dots unspaced:
        # `بی.بی.سی`, `ب.ظ`, `U.S.A`
        text = _DOTTED_ABBREVIATION.sub(lambda m: m.group().replace(".", _KEPT_DOT), text)
    text = _SPACE_AFTER_PUNCT.sub(r"\1 ", text).replace(_KEPT_DOT, ".")
    if "(" in text or "«" in text or "[" in text:
        text = _SPACE_AFTER_OPEN.sub(r"\1", text)
        text = _SPACE_BEFORE_OPEN.sub(r" \1", text)
    return (_SPACES.sub(" ", text) if "  " in text else text).strip()


def normalize_line(line: str, *, zwnj: bool = True) -> str:
    """Normalize one line of Persian text (see the module docstring for the policy). ZWNJ is
    restored before spaces are collapsed: a run of spaces inside a word is a trace of broken
    typesetting, not of a deleted ZWNJ, and restoration leaves it alone."""
    line = _before_restoration(line, zwnj=zwnj)
    return normalize_spacing(restore_zwnj(line) if zwnj else line)


def _before_restoration(line: str, *, zwnj: bool) -> str:
    """What `normalize_line` does to a line before ZWNJ restoration."""
    if zwnj:
        line = resolve_zero_width_spaces(line)
    return space_digits(clean_zwnj(_persian_digits(decrease_repeated_letters(normalize_letters(line)))))


def normalize_lines(lines: Iterable[str], *, zwnj: bool = True) -> list[str]:
    """Normalize the lines of one text (an article's title and paragraphs) as `normalize_line`
    does each, except that which ZWNJ damage the text has (deleted or spaced) is judged from all
    its lines together (`rasad.text.zwnj.restore_document`): a scraper damages a whole article one
    way, and a line alone often shows too little to say which."""
    prepared = [_before_restoration(line, zwnj=zwnj) for line in lines]
    return [normalize_spacing(line) for line in (restore_document(prepared) if zwnj else prepared)]


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
    "decrease_repeated_letters",
    "fold",
    "normalize",
    "normalize_letters",
    "normalize_line",
    "normalize_lines",
    "normalize_spacing",
    "repair_mojibake",
    "resolve_zero_width_spaces",
    "sanitize",
    "space_digits",
    "to_ascii_digits",
]
