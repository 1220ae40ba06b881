"""Word tokens and sentences of an article's text, as character offsets into `Article.text`.

The extractors of quotes and persons read the text through a `Doc`: the folded text (letter variants
unified, same length), its word tokens, the punctuation between them and its sentences.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from rasad.text.letters import fold_letters
from rasad.text.tokenize import word_spans

# a sentence ends at . ! ? ؟ followed by a space or the end, or at a line break
_SENT_END = re.compile(r"(?<=[.!?؟])[\s\u200c]+|\n+")
LONG_PARAGRAPH = 1.5  # mean sentences per block above which paragraphs are real paragraphs
# how far `Doc.repeated_pair` looks for the same words: the whole of any real article (the longest
# of ../shared/data is 47,748 characters), a bounded cost in a huge text
PAIR_REACH = 100_000
BREAK_CHARS = frozenset("،,:؛;.!?؟()«»\"“”\n[]{}-–—/|")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int  # character offsets
    end: int
    first: int  # token indexes: tokens[first:last] lie in the sentence
    last: int
    block: int  # index of the block (title, kicker, lead, paragraph) the sentence lies in


WORD_SCAN = 256  # tokens `Doc.next_word` reads one by one; beyond, it looks the word up

_MARKS = {kind: re.compile("[" + re.escape("".join(sorted(chars))) + "]")
          for kind, chars in (("comma", "،,"), ("colon", ":"), ("semicolon", "؛;"), ("break", BREAK_CHARS))}


def _first_in(sorted_values: list[int], lo: int, hi: int) -> int | None:
    at = bisect_left(sorted_values, lo)
    return sorted_values[at] if at < len(sorted_values) and sorted_values[at] < hi else None


class Doc:
    """An article text ready for the extractors: folded text, tokens, sentences."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = fold_letters(text)
        spans = word_spans(self.folded)
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]
        self.words = [self.folded[s:e].strip("\u200c") for s, e in spans]
        self.sentences = self._split_sentences()
        blocks = len({s.block for s in self.sentences}) or 1
        # paragraphs of several sentences (a page) rather than one sentence a line (IR-News dumps)
        self.long_paragraphs = len(self.sentences) / blocks > LONG_PARAGRAPH
        # made on first use: the tokens whose gap holds a comma, a colon, any break; where each
        # word stands; where the colons are
        self._marks: dict[str, list[int]] = {}
        self._where: dict[str, list[int]] = {}
        self._colons: list[int] | None = None

    def _split_sentences(self) -> list[Sentence]:
        out: list[Sentence] = []
        block = 0
        pos = 0
        tok = 0
        for m in [*_SENT_END.finditer(self.folded), None]:
            end = m.start() if m else len(self.folded)
            first = tok
            while tok < len(self.starts) and self.starts[tok] < end:
                tok += 1
            if end > pos and tok > first:
                out.append(Sentence(pos, end, first, tok, block))
            if m is not None:
                if "\n\n" in m.group() or self.folded.count("\n", m.start(), m.end()) >= 2:
                    block += 1
                pos = m.end()
        return out

    def repeated_pair(self, j: int) -> bool:
        """Whether the text writes tokens j-1 and j, with what lies between them, more than once
        (anywhere, inside longer words too), looking PAIR_REACH characters either side."""
        start, end = self.starts[j - 1], self.ends[j]
        pair = self.folded[start:end]
        return self.folded.count(pair, max(0, start - PAIR_REACH), end + PAIR_REACH) > 1

    def marked(self, kind: str) -> list[int]:
        """Sorted indexes of the tokens whose gap (`gap`) holds a comma (`comma`), a colon (`colon`),
        a semicolon (`semicolon`) or any break (`break`, as `breaks_before`)."""
        if kind not in self._marks:
            # a mark lies in no token, so in the gap of the first token after it (if any)
            n = len(self.starts)
            found = (bisect_left(self.starts, m.start()) for m in _MARKS[kind].finditer(self.folded))
            self._marks[kind] = sorted({i for i in found if i < n})
        return self._marks[kind]

    def next_marked(self, kind: str, lo: int, hi: int) -> int | None:
        """The first token in [lo, hi) marked `kind` (see `marked`), or None."""
        return _first_in(self.marked(kind), lo, hi)

    def last_marked(self, kind: str, lo: int, hi: int) -> int | None:
        """The last token in [lo, hi) marked `kind` (see `marked`), or None."""
        marks = self.marked(kind)
        at = bisect_left(marks, hi) - 1
        return marks[at] if at >= 0 and marks[at] >= lo else None

    def next_word(self, word: str, lo: int, hi: int) -> int | None:
        """The first token in [lo, hi) that is `word`, or None: a short range is read, a long one
        looked up in where the word stands (listed the first time it is asked for)."""
        if hi - lo <= WORD_SCAN:
            try:
                return self.words.index(word, lo, hi)
            except ValueError:
                return None
        where = self._where.get(word)
        if where is None:
            where = self._where[word] = [i for i, w in enumerate(self.words) if w == word]
        return _first_in(where, lo, hi)

    def colon_between(self, start: int, end: int) -> bool:
        """Whether a colon lies in the folded text between two character offsets."""
        if self._colons is None:
            self._colons = [m.start() for m in re.finditer(":", self.folded)]
        return _first_in(self._colons, start, end) is not None

    def gap(self, i: int) -> str:
        """The characters between token i-1 and token i (punctuation, spaces)."""
        start = self.ends[i - 1] if i > 0 else 0
        return self.folded[start:self.starts[i]]

    def breaks_before(self, i: int) -> bool:
        """Whether punctuation separates token i from the one before it."""
        return any(c in BREAK_CHARS for c in self.gap(i))

    def span_text(self, first: int, last: int) -> str:
        """Original text of tokens[first:last]."""
        if last <= first:
            return ""
        return self.text[self.starts[first]:self.ends[last - 1]]

    def token_at(self, offset: int) -> int:
        """Index of the first token that starts at or after a character offset."""
        lo, hi = 0, len(self.starts)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.starts[mid] < offset:
                lo = mid + 1
            else:
                hi = mid
        return lo
