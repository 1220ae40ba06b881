"""The simple Persian tokenizer that NER uses until rasad.text.tokenize exists. Private: swap it freely.

Rules, in order of the alternation:
1. a number with inner separators stays one token: `12.5`, `۱۲٫۵`, `1,200`, `1398/10/12`, `14:30`;
2. a run of letters, digits, combining marks and ZWNJ is one word (`می‌شود`, `سازمان‌ها`, `ICT`);
3. any other non-space character (punctuation, `%`, quotes, brackets) is a token of its own.
A ZWNJ at the edge of a word is left out of it.
"""

from __future__ import annotations

import re

_NUM = r"[0-9۰-۹٠-٩]+(?:[.,٫٬/:][0-9۰-۹٠-٩]+)+"
_WORD = r"[\w\u064b-\u065f\u0670\u200c]*[\w\u064b-\u065f\u0670][\w\u064b-\u065f\u0670\u200c]*"
_TOKEN = re.compile(f"{_NUM}|{_WORD}|[^\\s\u200c]")


def tokenize_spans(text: str) -> list[tuple[str, int, int]]:
    """Tokens of `text` with their character offsets: (token, start, end), text[start:end] == token."""
    out = []
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        while start < end and text[start] == "\u200c":
            start += 1
        while end > start and text[end - 1] == "\u200c":
            end -= 1
        if end > start:
            out.append((text[start:end], start, end))
    return out


_SENT_END = {".", "!", "?", "؟", "\n"}


def split_sentences(text: str) -> list[list[tuple[str, int, int]]]:
    """Tokens grouped into sentences: a sentence ends after . ! ? ؟ or at a line break."""
    sents: list[list[tuple[str, int, int]]] = []
    cur: list[tuple[str, int, int]] = []
    pos = 0
    for tok in tokenize_spans(text):
        if cur and "\n" in text[pos : tok[1]]:
            sents.append(cur)
            cur = []
        cur.append(tok)
        pos = tok[2]
        if tok[0] in _SENT_END:
            sents.append(cur)
            cur = []
    if cur:
        sents.append(cur)
    return sents
