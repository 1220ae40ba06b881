"""Letters and digits of Persian text: the one table of letter variants and the one digit map.

Every fold in rasad is built here from `LETTER_VARIANTS`, by naming the variants it folds. The folds
differ on purpose, and each keeps what its data was built with:

- `NORMALIZE_LETTERS` (yeh and kaf, teh marbuta, ae): rasad.text.normalize; the text keeps its
  hamza forms.
- `LOOKUP_LETTERS` (yeh and kaf, teh marbuta, hamza on alef and waw, alef wasla): ZWNJ lexicon
  lookups (rasad.text.zwnj and scripts/build_zwnj_lexicon.py); the shipped lexicon keeps `ئ`, `ۀ`.
- `EXTRACTOR_LETTERS` (yeh and kaf, teh marbuta, hamza on alef and yeh, heh with yeh): the quote
  and person lexicons, through `fold_letters`.
- `MODEL_LETTERS` (yeh and kaf): NER tokens (rasad.extract.ner_data.clean_token), what the shipped
  models were trained on.
- `DEDUP_LETTERS` (every variant but ae): near-duplicate shingles (rasad.link.dedup).

All of them map one character to one character, so offsets found on folded text are offsets into the
original. Digits: `PERSIAN_DIGITS`, `ARABIC_DIGITS` and `ASCII_DIGITS` in the same order; every
digit table (`to_ascii_digits`, the normalizer's Persian digits, the NER's digits as 0, dedup's) is
derived from them.
"""

from __future__ import annotations

ZWNJ = "\u200c"

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
ASCII_DIGITS = "0123456789"
ALL_DIGITS = ASCII_DIGITS + PERSIAN_DIGITS + ARABIC_DIGITS

# Every letter variant some fold in rasad unifies, with the Persian letter it becomes.
LETTER_VARIANTS: dict[str, str] = {
    "\u064a": "\u06cc",  # ARABIC LETTER YEH -> FARSI YEH
    "\u0649": "\u06cc",  # ALEF MAKSURA -> FARSI YEH
    "\u0643": "\u06a9",  # ARABIC LETTER KAF -> KEHEH
    "\u0629": "\u0647",  # TEH MARBUTA -> HEH
    "\u06d5": "\u0647",  # AE -> HEH
    "\u06c0": "\u0647",  # HEH WITH YEH ABOVE (ۀ) -> HEH
    "\u0623": "\u0627",  # ALEF WITH HAMZA ABOVE -> ALEF
    "\u0625": "\u0627",  # ALEF WITH HAMZA BELOW -> ALEF
    "\u0671": "\u0627",  # ALEF WASLA -> ALEF
    "\u0624": "\u0648",  # WAW WITH HAMZA ABOVE -> WAW
    "\u0626": "\u06cc",  # YEH WITH HAMZA ABOVE -> FARSI YEH
}

YEH_KAF = "\u064a\u0649\u0643"  # the Arabic forms every fold unifies
MODEL_LETTERS = YEH_KAF
NORMALIZE_LETTERS = YEH_KAF + "\u0629\u06d5"
LOOKUP_LETTERS = YEH_KAF + "\u0629\u0623\u0625\u0671\u0624"
EXTRACTOR_LETTERS = YEH_KAF + "\u0623\u0625\u0626\u06c0\u0629"
DEDUP_LETTERS = "".join(c for c in LETTER_VARIANTS if c != "\u06d5")


def letter_folds(letters: str) -> dict[str, str]:
    """The fold of the named variants: {variant: Persian letter}, for `str.maketrans`."""
    return {c: LETTER_VARIANTS[c] for c in letters}


LOOKUP_FOLD = str.maketrans(letter_folds(LOOKUP_LETTERS))
_EXTRACTOR_FOLD = str.maketrans({**letter_folds(EXTRACTOR_LETTERS), "\u200d": ZWNJ, "\u00a0": " "})

ARABIC_TO_PERSIAN_DIGITS = dict(zip(ARABIC_DIGITS, PERSIAN_DIGITS, strict=True))
TO_PERSIAN_DIGITS = str.maketrans(ASCII_DIGITS, PERSIAN_DIGITS)
TO_ASCII_DIGITS = str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS, ASCII_DIGITS * 2)


def digit_values(digits: str = ALL_DIGITS) -> dict[str, str]:
    """Each digit of `digits` (any script) -> its ASCII digit."""
    return {d: ASCII_DIGITS[ALL_DIGITS.index(d) % 10] for d in digits}


def to_ascii_digits(text: str) -> str:
    """Persian and Arabic-Indic digits to ASCII: the form of extracted data fields."""
    return text.translate(TO_ASCII_DIGITS)


def fold_letters(text: str) -> str:
    """The extractors' fold: letter variants unified, ZWJ as ZWNJ, no-break space as a space; the
    length of the text never changes."""
    return text.translate(_EXTRACTOR_FOLD)


__all__ = [
    "ALL_DIGITS",
    "ARABIC_DIGITS",
    "ARABIC_TO_PERSIAN_DIGITS",
    "ASCII_DIGITS",
    "DEDUP_LETTERS",
    "EXTRACTOR_LETTERS",
    "LETTER_VARIANTS",
    "LOOKUP_FOLD",
    "LOOKUP_LETTERS",
    "MODEL_LETTERS",
    "NORMALIZE_LETTERS",
    "PERSIAN_DIGITS",
    "TO_ASCII_DIGITS",
    "TO_PERSIAN_DIGITS",
    "YEH_KAF",
    "ZWNJ",
    "digit_values",
    "fold_letters",
    "letter_folds",
    "to_ascii_digits",
]
