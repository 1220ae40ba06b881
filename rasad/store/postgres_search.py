"""Full-text search in PostgreSQL over the folded words SQLite indexes (rasad.store.search).

An article's folded title and body become one tsvector written out here (not by PostgreSQL's
parser, whose idea of a word differs from FTS5's): every word of the title at its position with
weight A, the body's after a gap of one position with weight D, so a phrase matches inside one
field as in FTS5. A query's terms become a tsquery of the same words (`'وزیر' <-> 'کشور'` for a
phrase), matched through a GIN index. Scores are `rasad.store.search.bm25` over the same counts
FTS5 uses: each term's occurrences in the title and in the body, read back from the positions.

PostgreSQL keeps at most 256 positions of a word and none past 16,383: a word repeated more often,
or an article longer than that, is matched still but counted to those limits.
"""

from __future__ import annotations

from rasad.models import Article
from rasad.store.search import index_fields, words_of

MAX_POSITION = 16383  # PostgreSQL's largest tsvector position
MAX_POSITIONS = 256  # positions kept per word
MAX_WORD_BYTES = 2046  # PostgreSQL's longest lexeme


def _quoted(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def document_words(article: Article) -> tuple[str, int]:
    """The tsvector (as PostgreSQL's text form) of an article's folded title and body, and its
    length in words (title and body), the length BM25 uses."""
    title, body = (words_of(field) for field in index_fields(article))
    return words_vector(title, body), len(title) + len(body)


def words_vector(title: list[str], body: list[str]) -> str:
    positions: dict[str, list[str]] = {}
    for i, word in enumerate(title, 1):
        kept = positions.setdefault(word, [])
        if i <= MAX_POSITION and len(kept) < MAX_POSITIONS:
            kept.append(f"{i}A")
    for i, word in enumerate(body, len(title) + 2):
        kept = positions.setdefault(word, [])
        if i <= MAX_POSITION and len(kept) < MAX_POSITIONS:
            kept.append(str(i))
    return " ".join(_quoted(word) + (":" + ",".join(kept) if kept else "")
                    for word, kept in positions.items() if len(word.encode("utf-8")) <= MAX_WORD_BYTES)


def plain_vector(text_folded: str) -> str:
    """A tsvector of folded text without weights (a quote's words)."""
    return words_vector([], words_of(text_folded))


def tsquery(terms: list[str]) -> str:
    """Folded terms as a tsquery: every term required, a phrase's words one after the other."""
    return " & ".join("(" + " <-> ".join(_quoted(w) for w in term.split()) + ")" for term in terms)


# per matched article: the positions of the query's words, "word=1,2,9=AADD word2=..." (weights
# A for the title, D for the body)
POSITIONS_SQL = ("(SELECT string_agg(t.lexeme || '=' || array_to_string(t.positions, ',') || '=' "
                 "|| array_to_string(t.weights, ''), ' ') FROM unnest(a.words) AS t WHERE t.lexeme = ANY (%s))")


def frequencies(terms: list[str], encoded: str | None) -> list[tuple[int, int]]:
    """(in title, in body) for each term, from POSITIONS_SQL's answer: what bm25 takes."""
    places: dict[str, dict[int, str]] = {}
    for item in (encoded or "").split(" "):
        if item.count("=") == 2:
            word, positions, weights = item.split("=")
            places[word] = dict(zip((int(p) for p in positions.split(",")), weights, strict=False))
    counts = []
    for term in terms:
        parts = term.split()
        in_title = in_body = 0
        for start, weight in places.get(parts[0], {}).items():
            if all(places.get(word, {}).get(start + k) == weight for k, word in enumerate(parts[1:], 1)):
                if weight == "A":
                    in_title += 1
                else:
                    in_body += 1
        counts.append((in_title, in_body))
    return counts


__all__ = ["POSITIONS_SQL", "document_words", "frequencies", "plain_vector", "tsquery", "words_vector"]
