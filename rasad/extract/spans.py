"""Word tokens and sentences of an article's text, as character offsets into `Article.text`.

The extractors of quotes and persons read the text through a `Doc`: the folded text (letter variants
unified, same length), its word tokens, the punctuation between them and its sentences.
"""

from __future__ import annotations

import re
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
