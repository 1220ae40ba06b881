"""Tokens and sentences of normalized Persian text, with character offsets.

A word keeps its ZWNJ (`می‌شود` is one token); a number keeps its separators (`۱٬۲۰۰`, `۳.۵`,
`۱۴۰۴/۰۸/۰۴`, `۱۲:۳۰`) and a trailing percent sign; URLs and e-mail addresses are single tokens;
every other punctuation mark is a token of its own. Sentences end at `. ! ? ؟` and line breaks,
but not at the dot of a number, an initial (`م. صادقی`) or an abbreviation from
rasad/data/abbreviations.txt, and not inside «...».
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

_LETTER = r"\w\u200c\u064b-\u065f\u0670"  # \w covers Persian letters and digits
_TOKEN = re.compile(
    r"(?P<url>(?:https?://|www\.)\S+[^\s.,،؛:!?؟)»\]])"
    r"|(?P<email>[\w.+-]+@[\w-]+\.[\w.-]+)"
    r"|(?P<number>\d+(?:[.,٫٬/:]\d+)*%?٪?)"
    rf"|(?P<word>[{_LETTER}]+(?:[\-'][{_LETTER}]+)*)"
    r"|(?P<punct>\S)"
)
_SENTENCE_END = re.compile(r"[.!?؟]+[»\"')\]]*|\n")


@dataclass(slots=True, frozen=True)
class Token:
    text: str
    start: int
    end: int
    kind: str  # url, email, number, word, punct


@cache
def abbreviations() -> frozenset[str]:
    """The abbreviation list, loaded once."""
    text = resources.files("rasad.data").joinpath("abbreviations.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def tokenize(text: str) -> list[Token]:
    """The tokens of `text` with their offsets."""
    return [Token(m.group(), m.start(), m.end(), m.lastgroup or "punct") for m in _TOKEN.finditer(text)]


def words(text: str) -> list[str]:
    """Word and number tokens only, as strings."""
    return [t.text for t in tokenize(text) if t.kind != "punct"]


def _ends_sentence(text: str, dot: int) -> bool:
    """Whether the `.` at `dot` ends a sentence."""
    before = text[:dot]
    word = re.search(r"\S*$", before).group()  # type: ignore[union-attr]
    after = text[dot + 1 : dot + 2]
    if after and (after.isdigit() or after.isalpha()):  # 3.5, e.g.x, ج.ا.ا
        return False
    if len(word) == 1 and word.isalpha():  # an initial
        return False
    return (word + ".") not in abbreviations() and word not in abbreviations()


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, whitespace trimmed. A line break always ends a sentence;
    an end mark inside «...» does not."""
    spans: list[tuple[int, int]] = []
    start = last = depth = 0
    for match in _SENTENCE_END.finditer(text):
        mark = match.group()
        depth += text.count("«", last, match.start()) - text.count("»", last, match.start())
        last = match.start()
        if mark == "\n":
            depth = 0
        elif depth > 0 or (mark == "." and not _ends_sentence(text, match.start())):
            continue
        _add_span(text, start, match.end(), spans)
        start = match.end()
    _add_span(text, start, len(text), spans)
    return spans


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        offset = start + (len(chunk) - len(chunk.lstrip()))
        spans.append((offset, offset + len(stripped)))


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`."""
    return [text[s:e] for s, e in sentence_spans(text)]


__all__ = ["Token", "abbreviations", "sentence_spans", "split_sentences", "tokenize", "words"]
