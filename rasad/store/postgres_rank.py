"""Ranking in PostgreSQL: one statement matches, scores and orders a search next to its indexes
(schema 4, rasad/store/migrations_pg/0004_postings.sql), and returns only (id, score, agency,
story) per match, in order.

- A one-word term's occurrences in each match (in the title, in the body) come from `postings`
  (term, article) by an index-only scan, joined to the GIN index's matches; how many articles
  hold the word, from the same index.
- A phrase's occurrences come from `rasad_phrase_count` over the match's tsvector (only for the
  matches that hold the phrase: the tsquery `<->` tests that first); how many articles hold it,
  from the matches themselves when nothing else narrows them, else from the GIN index.
- BM25 is `rasad_bm25`, the same float8 operations as rasad.store.search.bm25, so the same
  scores as SQLite's FTS5 and the in-memory store; the order is theirs too: the plain words side
  by side first (by the phrase's own BM25), then BM25, then the newest day, then the last stored.
"""

from __future__ import annotations

from typing import Any

from rasad.store.postgres_search import tsquery
from rasad.store.search import Query, Term

RELEVANCE = "side DESC NULLS LAST, score DESC, m.published_day DESC NULLS LAST, m.id DESC"
NEWEST = "m.published_day DESC NULLS LAST, m.id DESC"


def ranking(query: Query, where: str, where_params: list[Any], *, narrowed: bool, order: str,
            documents: int, average: float) -> tuple[str, list[Any]]:
    """The statement (and its parameters) giving every match of `where` (a condition on
    `articles a` holding the query's tsquery) in the search's order: rows (id, score, agency_id,
    story_id). `narrowed`: `where` says more than the query's words (filters, excluded terms), so
    a phrase's articles are not all among the matches. `order`: relevance or newest."""
    terms: list[Term] = query.scored if query else []
    adjacent = query.adjacent if query and order == "relevance" else None
    columns: list[str] = []  # of the matches' CTE, after its fixed ones
    column_params: list[Any] = []
    joins: list[str] = []
    join_params: list[Any] = []
    counted: dict[Term, str] = {}  # term -> its column of occurrences
    holding: list[tuple[str, list[Any]]] = []  # per term: how many articles hold it (SQL, parameters)
    required = {clause[0][0] for clause in query.required if len(clause) == 1 and len(clause[0]) == 1}
    for term in terms:
        if term not in counted:
            name = f"f{len(counted)}"
            counted[term] = name
            if len(term) == 1:
                joins.append(f"LEFT JOIN postings {name}p ON {name}p.term = %s AND {name}p.article_id = a.id")
                join_params.append(term[0])
                columns.append(f"coalesce({name}p.tf, 0) AS {name}")
            elif term in required:  # every match holds it
                columns.append(f"rasad_phrase_count(a.words, %s::text[]) AS {name}")
                column_params.append(list(term))
            else:
                columns.append(f"CASE WHEN a.words @@ %s::tsquery THEN rasad_phrase_count(a.words, %s::text[]) "
                               f"ELSE 0 END AS {name}")
                column_params += [tsquery([" ".join(term)]), list(term)]
        if len(term) == 1:
            holding.append(("(SELECT count(*) FROM postings WHERE term = %s)", [term[0]]))
        elif not narrowed and len(terms) == 1 and term in required:  # the matches are its articles
            holding.append(("(SELECT count(*) FROM m)", []))
        else:
            holding.append(("(SELECT count(*) FROM articles WHERE words @@ %s::tsquery)", [tsquery([" ".join(term)])]))
    side, side_params = "NULL::float8", []
    if adjacent:
        columns.append("CASE WHEN a.words @@ %s::tsquery THEN rasad_phrase_count(a.words, %s::text[]) END AS side_f")
        column_params += [tsquery([" ".join(adjacent)]), list(adjacent)]
        if narrowed:
            holding.append(("(SELECT count(*) FROM articles WHERE words @@ %s::tsquery)",
                            [tsquery([" ".join(adjacent)])]))
        else:  # an article with the words side by side holds the first alternative of every clause
            holding.append(("(SELECT count(*) FROM m WHERE side_f > 0)", []))
        side = f"CASE WHEN m.side_f > 0 THEN rasad_bm25(k.i{len(terms)}, m.side_f, m.length, %s::float8) END"
        side_params = [average]
    score = " + ".join(["0.0::float8"] + [f"rasad_bm25(k.i{i}, m.{counted[t]}, m.length, %s::float8)"
                                          for i, t in enumerate(terms)])
    score_params = [average] * len(terms)
    idf = ", ".join(f"rasad_idf(%s::bigint, {held}) AS i{i}" for i, (held, _) in enumerate(holding)) or "0 AS none"
    idf_params = [p for _, held_params in holding for p in [documents, *held_params]]
    params = [*column_params, *join_params, *where_params, *idf_params, *score_params, *side_params]
    fixed = "a.id, a.length, a.published_day, a.agency_id"
    statement = (
        f"WITH m AS MATERIALIZED (SELECT {', '.join([fixed, *columns])} FROM articles a {' '.join(joins)} "
        f"WHERE {where}), k AS MATERIALIZED (SELECT {idf}) "
        f"SELECT m.id, {score} AS score, m.agency_id, s.story_id, {side} AS side "
        f"FROM m CROSS JOIN k LEFT JOIN story_members s ON s.article_id = m.id "
        f"ORDER BY {RELEVANCE if order == 'relevance' else NEWEST}")
    return statement, params


__all__ = ["ranking"]
