"""Tokens and sentences of Persian text, with character offsets: rasad's one tokenizer module.

`tokenize`: a word keeps its ZWNJ (`می‌شود` is one token); a number keeps its separators (`۱٬۲۰۰`,
`۳.۵`, `۱۴۰۴/۰۸/۰۴`, `۱۲:۳۰`) and a trailing percent sign; URLs and e-mail addresses are single
tokens; every other punctuation mark is a token of its own. Sentences (`split_sentences`,
`sentence_spans`) end at `. ! ? ؟` and line breaks, but not at the dot of a number, an initial
(`م. صادقی`) or an abbreviation from rasad/data/abbreviations.txt, and not inside «...».

Two callers need other boundaries, kept here beside the general ones:
- `token_spans` and `sentence_tokens`: the tokens the NER models were trained on (a number is one
  token only with inner separators, `%` is a token of its own, `ICT2` or `۱۲م` is one word;
  sentences end after any `. ! ? ؟`). Changing them means retraining the models.
- `word_spans`: runs of word characters and ZWNJ, the tokens of the quote and person extractors
  (rasad.extract.spans), where punctuation is read from the gaps between them.
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


@cache
def _word_reach() -> int:
    """Characters before a dot worth reading: the longest abbreviation's, and one more."""
    return max((len(a) for a in abbreviations()), default=0) + 1


def _ends_sentence(text: str, dot: int) -> bool:
    """Whether the `.` at `dot` ends a sentence."""
    after = text[dot + 1 : dot + 2]
    if after and (after.isdigit() or after.isalpha()):  # 3.5, e.g.x, ج.ا.ا
        return False
    # the word before the dot (the non-space run), read back no further than an abbreviation's
    # length: reading the whole text before each dot made splitting quadratic
    start, reach = dot, max(0, dot - _word_reach())
    while start > reach and not text[start - 1].isspace():
        start -= 1
    if start == reach and start > 0 and not text[start - 1].isspace():
        return True  # longer than any abbreviation, and not an initial
    word = text[start:dot]
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


# The NER models' tokens, in the order of the alternation:
# 1. a number with inner separators stays one token: `12.5`, `۱۲٫۵`, `1,200`, `1398/10/12`, `14:30`;
# 2. a run of letters, digits, combining marks and ZWNJ is one word (`می‌شود`, `سازمان‌ها`, `ICT`);
# 3. any other non-space character (punctuation, `%`, quotes, brackets) is a token of its own.
# A ZWNJ at the edge of a word is left out of it.
_MODEL_NUMBER = r"[0-9۰-۹٠-٩]+(?:[.,٫٬/:][0-9۰-۹٠-٩]+)+"
_MODEL_WORD = r"[\w\u064b-\u065f\u0670\u200c]*[\w\u064b-\u065f\u0670][\w\u064b-\u065f\u0670\u200c]*"
_MODEL_TOKEN = re.compile(f"{_MODEL_NUMBER}|{_MODEL_WORD}|[^\\s\u200c]")
_MODEL_SENTENCE_END = frozenset({".", "!", "?", "؟", "\n"})

TokenSpan = tuple[str, int, int]  # token, start, end: text[start:end] == token


def token_spans(text: str) -> list[TokenSpan]:
    """The tokens the NER models were trained on, with their offsets (see the module docstring)."""
    out = []
    for m in _MODEL_TOKEN.finditer(text):
        start, end = m.span()
        while start < end and text[start] == "\u200c":
            start += 1
        while end > start and text[end - 1] == "\u200c":
            end -= 1
        if end > start:
            out.append((text[start:end], start, end))
    return out


def sentence_tokens(text: str) -> list[list[TokenSpan]]:
    """`token_spans` grouped into sentences: a sentence ends after . ! ? ؟ or at a line break."""
    sents: list[list[TokenSpan]] = []
    cur: list[TokenSpan] = []
    pos = 0
    for tok in token_spans(text):
        if cur and "\n" in text[pos : tok[1]]:
            sents.append(cur)
            cur = []
        cur.append(tok)
        pos = tok[2]
        if tok[0] in _MODEL_SENTENCE_END:
            sents.append(cur)
            cur = []
    if cur:
        sents.append(cur)
    return sents


_WORD_RUN = re.compile(r"\w[\w\u200c]*")


def word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of word characters and ZWNJ that starts with a word character."""
    return [m.span() for m in _WORD_RUN.finditer(text)]


__all__ = [
    "Token",
    "TokenSpan",
    "abbreviations",
    "sentence_spans",
    "sentence_tokens",
    "split_sentences",
    "token_spans",
    "tokenize",
    "word_spans",
    "words",
]
