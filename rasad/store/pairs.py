"""Pairs of adjacent words as full-text terms, so that a phrase of common words costs what a word
costs (SQLite).

FTS5 finds a phrase by reading the positions of each of its words in every article that holds them
all, and its BM25 counts the phrase's articles over the whole index for the idf: at 1,000,000
articles `می شود` (494,570 of them) took 230 ms where a word as common takes 10-80. A second
full-text table, `pairs_fts`, holds each article's adjacent words as single terms (`وزیر` and `کشور`
side by side in the title are the title's term `وزیر\U0010fffdکشور`), so the phrase `وزیر کشور`
is one term's list and a longer phrase is a phrase of its pairs.

The table scores as the words' table does: its rows have the same ids and the same filter words
(rasad.store.tags), and each pairs column starts with a mark (`PAIRS_MARK`), so a column holds as
many terms as its words (one mark and one pair fewer than the words), and every row the same length
as its words' row. The document count, the average length, a phrase's articles and its occurrences
in the title and the body being the same, FTS5's bm25 of a pair phrase in `pairs_fts` is the bm25
of the word phrase in `articles_fts` (the pairs of a column never cross into the next, as a phrase
never does). Only queries whose every term is a phrase (`"وزیر کشور"`, `میشود` read as `می شود`)
and the side-by-side ranking of plain words are asked of it.

The table is contentless (it would otherwise store each text twice over): deleting a row needs the
values it was written with, made again from the words' row (`pairs_row`).
"""

from __future__ import annotations

import itertools

from rasad.store.search import Query, Term, words_of

PAIR_JOIN = "\U0010fffd"  # private use: the tokenizer keeps it inside a term, and no text holds it
PAIRS_MARK = "xp0"  # letters and digits: no search key holds such a word (rasad.store.tags)


def pairs_text(key: str) -> str:
    """A search key's pairs column: the mark, then each pair of adjacent words as one term."""
    words = words_of(key)
    if not words:
        return ""
    return " ".join([PAIRS_MARK, *(a + PAIR_JOIN + b for a, b in itertools.pairwise(words))])


def pairs_row(title: str, body: str, tags: str) -> tuple[str, str, str]:
    """The `pairs_fts` row (title, body, filter words) of an `articles_fts` row."""
    return pairs_text(title), pairs_text(body), tags


def pair_term(term: Term) -> Term:
    """A phrase of two or more words as the phrase of its pairs."""
    return tuple(a + PAIR_JOIN + b for a, b in itertools.pairwise(term))


def pair_query(query: Query) -> Query | None:
    """The query over pairs, when every term of it is a phrase; else None (a word has no pair)."""
    terms = [*query.scored, *query.excluded]
    if not terms or any(len(term) < 2 for term in terms):
        return None
    return Query([[tuple(pair_term(t) for t in alternative) for alternative in clause] for clause in query.required],
                 [pair_term(t) for t in query.excluded])


__all__ = ["PAIRS_MARK", "PAIR_JOIN", "pair_query", "pair_term", "pairs_row", "pairs_text"]
