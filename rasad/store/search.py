"""Search, the same in every backend: queries become folded terms, articles are scored by BM25 over
folded words, and snippets are cut from the normalized text.

A backend indexes `index_fields(article)` and matches `query_terms(query)`: every term must occur,
a quoted phrase as consecutive words. `bm25` is the score `Hit.score` reports (SQLite's FTS5 bm25
with the same weights gives the same number).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from rasad.models import Article
from rasad.text.normalize import fold, normalize
from rasad.text.tokenize import split_sentences

SNIPPET_CHARS = 220
TITLE_WEIGHT = 4.0  # a word in the title counts as four in the body
K1, B = 1.2, 0.75
_PHRASE = re.compile(r'"([^"]+)"|(\S+)')
# the words an index holds, as FTS5's unicode61 tokenizer finds them: letters, digits and private-use
# characters (category Co, which scraped text carries from icon fonts)
_WORD = re.compile(r"(?:[^\W_]|[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd])+")


def query_terms(query: str) -> list[str]:
    """The folded terms and phrases of a query: `"وزیر کشور" می شود` -> ['وزیر کشور', 'میشود']. The
    whole query is normalized first, so that a word typed in two pieces is restored to one."""
    terms = []
    for phrase, word in _PHRASE.findall(normalize(query)):
        words = words_of(fold(phrase or word, normalized=True))
        if words:
            terms.append(" ".join(words))
    return terms


def words_of(folded: str) -> list[str]:
    return _WORD.findall(folded)


def index_fields(article: Article) -> tuple[str, str]:
    """The folded title and body (kicker, lead and paragraphs) a backend indexes."""
    return (fold(article.title, normalized=True),
            fold("\n".join(filter(None, [article.kicker, article.body])), normalized=True))


def occurrences(term: str, words: Sequence[str]) -> int:
    """How often a term (one word, or a phrase of several) occurs in a list of words."""
    parts = term.split()
    if len(parts) == 1:
        return sum(1 for w in words if w == parts[0])
    n = len(parts)
    return sum(1 for i in range(len(words) - n + 1) if list(words[i:i + n]) == parts)


def bm25(frequencies: Sequence[tuple[int, int]], documents_with: Sequence[int], documents: int,
         length: int, average_length: float) -> float:
    """BM25 of one article: `frequencies` has (in title, in body) for each term, `documents_with`
    how many articles hold each term, `length` the article's words (title and body)."""
    score = 0.0
    for (in_title, in_body), holding in zip(frequencies, documents_with, strict=True):
        idf = math.log((documents - holding + 0.5) / (holding + 0.5))
        idf = idf if idf > 0 else 1e-6
        tf = TITLE_WEIGHT * in_title + in_body
        norm = K1 * (1 - B + B * length / average_length) if average_length else K1
        score += idf * tf * (K1 + 1) / (tf + norm)
    return score


def make_snippet(article_text: str, terms: list[str]) -> str:
    """The sentence that holds the most query words, trimmed to SNIPPET_CHARS; without terms, the
    opening of the text."""
    if not terms:
        return _trim(article_text)
    words = {w for term in terms for w in term.split()}
    best, best_score = "", -1
    for sentence in split_sentences(article_text):
        score = len(words & set(words_of(fold(sentence, normalized=True))))
        if score > best_score:
            best, best_score = sentence, score
        if score == len(words):
            break
    return _trim(best)


def _trim(text: str) -> str:
    if len(text) <= SNIPPET_CHARS:
        return text
    return text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"


__all__ = ["SNIPPET_CHARS", "TITLE_WEIGHT", "bm25", "index_fields", "make_snippet", "occurrences", "query_terms",
           "words_of"]
