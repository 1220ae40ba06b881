"""Full-text search in PostgreSQL over the folded words SQLite indexes (rasad.store.search).

An article's folded title and body become one tsvector written out here (not by PostgreSQL's
parser, whose idea of a word differs from FTS5's): every word of the title at its position with
weight A, the body's after a gap of one position with weight D, so a phrase matches inside one
field as in FTS5. A query's terms become a tsquery of the same words (`'وزیر' <-> 'کشور'` for a
phrase), matched through a GIN index. Scores are BM25 over the same counts FTS5 uses, computed in
the database (rasad.store.postgres_rank): each word's occurrences in the title and in the body
(`frequencies`, copied into the `postings` table by a trigger); each pair of adjacent common words
(or common pair) is a term of `postings` too (schema 8: `وزیر کشور`, read by the trigger from the tsvector's
positions; the common words and pairs are rasad/data/common_grams.txt, copied into the store), so a
two-word phrase of them is matched, counted and scored like a word; any other phrase's
occurrences are read from the positions of the articles that hold all its stored pairs and words.

PostgreSQL keeps at most 256 positions of a word and none past 16,383: a word repeated more often,
or an article longer than that, is matched still but counted to those limits.
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Collection, Sequence
from importlib import resources

from rasad.models import Article
from rasad.store.search import Query, index_fields, words_of

MAX_POSITION = 16383  # PostgreSQL's largest tsvector position
MAX_POSITIONS = 256  # positions kept per word
MAX_WORD_BYTES = 2046  # PostgreSQL's longest lexeme
FIELD_SHIFT = 65536  # frequencies: in the title * FIELD_SHIFT + in the body


def _quoted(word: str) -> str:
    """A word in tsvector/tsquery text form. Index words are letters and digits (words_of), never a
    quote or a backslash; anything else is escaped all the same."""
    if "'" in word or "\\" in word:
        word = word.replace("\\", "\\\\").replace("'", "''")
    return "'" + word + "'"


def document_words(article: Article) -> tuple[str, int, str]:
    """The tsvector (as PostgreSQL's text form) of an article's folded title and body, its length
    in words (title and body), the length BM25 uses, and each word's occurrences (JSON: in the
    title * 65536 + in the body)."""
    title, body = (words_of(field) for field in index_fields(article))
    counts: dict[str, int] = {}
    for word in title:
        counts[word] = counts.get(word, 0) + FIELD_SHIFT
    for word in body:
        counts[word] = counts.get(word, 0) + 1
    return words_vector(title, body), len(title) + len(body), json.dumps(counts, ensure_ascii=False)


def words_vector(title: list[str], body: list[str]) -> str:
    positions: dict[str, list[str]] = {}
    for start, words, mark in ((1, title, "A"), (len(title) + 2, body, "")):
        for i, word in enumerate(words, start):
            kept = positions.get(word)
            if kept is None:
                positions[word] = kept = []
            if i <= MAX_POSITION and len(kept) < MAX_POSITIONS:
                kept.append(f"{i}{mark}")
    return " ".join((_quoted(word) + ":" + ",".join(kept)) if kept else _quoted(word)
                    for word, kept in positions.items()
                    if len(word) < MAX_WORD_BYTES // 4 or len(word.encode("utf-8")) <= MAX_WORD_BYTES)


@functools.cache
def common_grams() -> frozenset[str]:
    """rasad/data/common_grams.txt: the common words, and the common pairs (two words and a space),
    whose pairs schema 8 stores (built by scripts/build_common_grams.py). Read by the migration that
    copies it into the database (`common_grams`); a store reads its own copy (rasad.store.postgres),
    the list it was built with."""
    text = resources.files("rasad").joinpath("data", "common_grams.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def stored_pair(a: str, b: str, common: Collection[str]) -> bool:
    """Whether `postings` holds the pair `a b` as a term (schema 8: both words are common grams, or
    the pair is)."""
    return (a in common and b in common) or f"{a} {b}" in common


def exact(term: Sequence[str], common: Collection[str]) -> bool:
    """Whether the postings of `term` are exactly its articles (with its occurrences): a word, or a
    two-word phrase whose pair is stored. Any other phrase is tested against the positions."""
    return len(term) == 1 or (len(term) == 2 and stored_pair(term[0], term[1], common))


def posting_keys(term: Sequence[str], common: Collection[str]) -> list[str]:
    """The terms of `postings` every article holding `term` holds: a word itself; of a phrase, its
    stored pairs of adjacent words (both words common, `common`), each as its two words joined by
    a space (a key no word can be; schema 7), and its words that are in no stored pair.
    `common`: the store's common grams (words and pairs, rasad.store.postgres). A word's
    or a stored pair's postings are exactly its articles (`exact`); another phrase's keys' are a
    superset, its candidates."""
    if len(term) == 1:
        return [term[0]]
    keys: dict[str, None] = {}
    paired: set[str] = set()
    for a, b in itertools.pairwise(term):
        if stored_pair(a, b, common):
            keys[f"{a} {b}"] = None
            paired.update((a, b))
    for word in term:
        if word not in paired:
            keys[word] = None
    return list(keys)


def plain_vector(text_folded: str) -> str:
    """A tsvector of folded text without weights (a quote's words)."""
    return words_vector([], words_of(text_folded))


def tsquery(terms: list[str]) -> str:
    """Folded terms as a tsquery: every term required, a phrase's words one after the other."""
    return " & ".join(_phrase(term.split()) for term in terms)


def tsquery_of(query: Query) -> str:
    """A parsed query (rasad.store.search.parse_query) as a tsquery: every clause required, one of
    its alternatives (all their terms) enough, no excluded term. Every word is quoted: no query is
    a syntax error."""
    expression = " & ".join(
        "(" + " | ".join("(" + " & ".join(_phrase(t) for t in alternative) + ")" for alternative in clause) + ")"
        for clause in query.required)
    if query.excluded:
        excluded = "!(" + " | ".join(_phrase(t) for t in query.excluded) + ")"
        expression = f"{expression} & {excluded}" if expression else excluded
    return expression


def _phrase(words: Sequence[str]) -> str:
    return "(" + " <-> ".join(_quoted(w) for w in words) + ")"


__all__ = ["common_grams", "document_words", "exact", "plain_vector", "posting_keys", "stored_pair", "tsquery",
           "tsquery_of", "words_vector"]
