"""Ranking in PostgreSQL: one statement matches, scores and orders a search next to its indexes
(schema 4, rasad/store/migrations_pg/0004_postings.sql), and returns only (id, score, agency,
story) per match, in order.

- A word's occurrences in each match (in the title, in the body) come from `postings` (term,
  article) by an index lookup; how many articles hold the word, from a count of its postings. A
  two-word phrase of common grams is the same, its pair of words being a term of `postings`
  (schema 7 and 8, rasad/store/migrations_pg/0008_common_grams.py: `وزیر کشور`).
- Any other phrase's occurrences come from `rasad_phrase_count` over the match's tsvector (only for
  the matches that hold the phrase: the tsquery `<->` tests that first); how many articles hold
  it, from the matches themselves when nothing else narrows them, else from the articles holding
  all its stored pairs and other words, each tested against the phrase.
- BM25 is `rasad_bm25`, the same float8 operations as rasad.store.search.bm25, so the same
  scores as SQLite's FTS5 and the in-memory store (an article's length counts the filter words
  SQLite's full-text rows carry, rasad.store.tags.TAGS, though PostgreSQL filters by its columns);
  the order is theirs too: the plain words side by side first (by the phrase's own BM25), then
  BM25, then the newest day, then the last stored.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from rasad.store.postgres_search import exact, posting_keys, tsquery
from rasad.store.search import Query, Term
from rasad.store.tags import TAGS

_STORY = "LEFT JOIN story_members s ON s.article_id = m.id"
_STORY_BY_ID = "LEFT JOIN LATERAL (SELECT story_id FROM story_members WHERE article_id = m.id OFFSET 0) s ON true"
RELEVANCE = "side DESC NULLS LAST, score DESC, m.published_day DESC NULLS LAST, m.id DESC"
NEWEST = "m.published_day DESC NULLS LAST, m.id DESC"


def ranking(query: Query, where: str, where_params: list[Any], *, narrowed: bool, order: str,
            common: Collection[str], holders: dict[Term, int] | None = None,
            ids: list[int] | None = None, counts: dict[str, int] | None = None,
            ranged: bool = False, carried: dict[str, list[int]] | None = None) -> tuple[str, list[Any]]:
    """The statement (and its parameters) giving every match of `where` (a condition on
    `articles a` holding the query's tsquery) in the search's order: rows (id, score, agency_id,
    story_id). `narrowed`: `where` says more than the query's words (filters, excluded terms), so
    a phrase's articles are not all among the matches. `order`: relevance or newest. The store's
    article and word counts (meta) are read by the same statement, so that they and the matches
    are of one snapshot whatever is being stored meanwhile. `holders`: how many articles hold a
    term, where the caller counted it in the same snapshot (the search window's matches,
    rasad.store.postgres_window), not to be counted again. `ids`: the matches are these articles
    (the search window; `where` is then a condition on them): each one's row, postings and story
    are looked up by its id (index probes, the row from the index `articles_ranked` unless a phrase
    needs its tsvector: a cost that does not grow with the archive) rather than joined (which may
    scan a common word's every posting, or the whole index). `common`: the store's common grams (a
    pair of two common words, or a common pair, is a term of `postings`, schema 8). `counts`: how
    many articles hold a term of `postings` (a word, a stored pair), where the caller knows it for
    this snapshot's store generation (rasad.store.postgres, `counted_keys`): not counted again.
    `ranged`: with `ids`, the articles' rows and each word's postings are read once as a range of
    ids, from the least of `ids` up, and joined to them by a hash: for a window that fills most of
    its range of ids (a common word's or two), far cheaper than a probe of each index per article.
    `carried`: with `ids`, the occurrences of some words of `postings` in each of those articles, in
    the same order (the search window read them, rasad.store.postgres_window): not looked up again."""
    terms: list[Term] = query.scored if query else []
    adjacent = query.adjacent if query and order == "relevance" else None
    columns: list[str] = []  # of the matches' CTE, after its fixed ones
    column_params: list[Any] = []
    joins: list[str] = []
    join_params: list[Any] = []
    counted: dict[Term, str] = {}  # term -> its column of occurrences
    holding: list[tuple[str, list[Any]]] = []  # per term: how many articles hold it (SQL, parameters)
    required = {clause[0][0] for clause in query.required if len(clause) == 1 and len(clause[0]) == 1}
    postings: dict[str, str] = {}  # word -> the alias of its postings joined to the matches
    low = min(ids) if ids and ranged else None

    known = list(carried or {}) if ids is not None else []  # the words whose occurrences come with the ids

    def posting(word: str) -> str:
        """The word's occurrences in the match `a` (SQL)."""
        if word in known:
            return f"w.k{known.index(word)}"
        if word not in postings:
            postings[word] = alias = f"p{len(postings)}"
            if low is not None:
                joins.append("LEFT JOIN (SELECT article_id, tf FROM postings "
                             f"WHERE term = rasad_term(%s) AND article_id >= %s) {alias} ON {alias}.article_id = a.id")
                join_params.extend([word, low])
                return f"{alias}.tf"
            joins.append("LEFT JOIN LATERAL (SELECT tf FROM postings WHERE term = rasad_term(%s) AND article_id = a.id "
                         f"OFFSET 0) {alias} ON true" if ids is not None else
                         f"LEFT JOIN postings {alias} ON {alias}.term = rasad_term(%s) AND {alias}.article_id = a.id")
            join_params.append(word)
        return f"{postings[word]}.tf"

    def phrase_count(term: Term) -> str:  # the phrase's first word's occurrences in the title: tf >> 16
        column_params.append(list(term))
        return f"rasad_phrase_count(a.words, %s::text[], coalesce({posting(term[0])}, 0) >> 16)"

    for term in terms:
        if term not in counted:
            name = f"f{len(counted)}"
            counted[term] = name
            if exact(term, common):  # a word's or a stored pair's postings
                columns.append(f"coalesce({posting(posting_keys(term, common)[0])}, 0) AS {name}")
            elif term in required:  # every match holds it
                columns.append(f"{phrase_count(term)} AS {name}")
            else:
                column_params.append(tsquery([" ".join(term)]))
                columns.append(f"CASE WHEN a.words @@ %s::tsquery THEN {phrase_count(term)} ELSE 0 END AS {name}")
        if holders and term in holders:
            holding.append(("%s::bigint", [holders[term]]))
        elif exact(term, common):
            holding.append(_holding_term(posting_keys(term, common)[0], counts))
        elif not narrowed and len(terms) == 1 and term in required:  # the matches are its articles
            holding.append(("(SELECT count(*) FROM m)", []))
        else:
            holding.append(_holding_phrase(term, common))
    side = "NULL::float8"
    if adjacent:
        if exact(adjacent, common):  # its pair's postings
            columns.append(f"{posting(posting_keys(adjacent, common)[0])} AS side_f")
        else:
            column_params.append(tsquery([" ".join(adjacent)]))
            columns.append(f"CASE WHEN a.words @@ %s::tsquery THEN {phrase_count(adjacent)} END AS side_f")
        if not narrowed:  # an article with the words side by side holds the first alternative of every clause
            holding.append(("(SELECT count(*) FROM m WHERE side_f > 0)", []))
        elif exact(adjacent, common):
            holding.append(_holding_term(posting_keys(adjacent, common)[0], counts))
        else:
            holding.append(_holding_phrase(adjacent, common))
        side = f"CASE WHEN m.side_f > 0 THEN rasad_bm25(k.i{len(terms)}, m.side_f, m.length + {TAGS}, k.average) END"
    score = " + ".join(["0.0::float8"] + [f"rasad_bm25(k.i{i}, {count}, m.length + {TAGS}, k.average)"
                                          for i, count in enumerate(_counts(query, counted))])
    idf = "".join(f", rasad_idf(stats.documents, {held}) AS i{i}" for i, (held, _) in enumerate(holding))
    fixed = "a.id, a.length, a.published_day, a.agency_id"
    source, source_params = "articles a", list[Any]()
    if ids is not None:  # OFFSET 0: each article looked up alone, not the tables joined
        words = ", words" if any("a.words" in c for c in columns) else ""
        listed = "unnest(%s::bigint[]" + ", %s::integer[]" * len(known) + ") AS w(id" + \
            "".join(f", k{i}" for i in range(len(known))) + ")"
        source_params = [ids, *((carried or {})[word] for word in known)]
        if low is not None and not words:  # the rows of the range, from the index articles_ranked
            source = (f"{listed} JOIN (SELECT id, length, published_day, agency_id FROM articles "
                      "WHERE id >= %s) a ON a.id = w.id")
            source_params.append(low)
        else:
            source = (f"{listed} CROSS JOIN LATERAL (SELECT id, length, published_day, "
                      f"agency_id{words} FROM articles WHERE id = w.id OFFSET 0) a")
    params = [*column_params, *source_params, *join_params, *where_params,
              *(p for _, held_params in holding for p in held_params)]
    statement = (
        f"WITH m AS MATERIALIZED (SELECT {', '.join([fixed, *columns])} FROM {source} {' '.join(joins)} "
        f"WHERE {where}), "
        "stats AS (SELECT (SELECT value FROM meta WHERE key = 'documents') AS documents, "
        "(SELECT value FROM meta WHERE key = 'words') AS words), "
        "k AS MATERIALIZED (SELECT CASE WHEN stats.documents > 0 THEN "
        f"(stats.words + {TAGS} * stats.documents)::float8 / stats.documents::float8 "
        f"ELSE 0.0::float8 END AS average{idf} FROM stats) "
        f"SELECT m.id, {score} AS score, m.agency_id, s.story_id, {side} AS side "
        f"FROM m CROSS JOIN k {_STORY if ids is None else _STORY_BY_ID} "
        f"ORDER BY {RELEVANCE if order == 'relevance' else NEWEST}")
    return statement, params


def counted_keys(query: Query, *, narrowed: bool, order: str, common: Collection[str],
                 holders: dict[Term, int] | None = None) -> list[str]:
    """The terms of `postings` (words, stored pairs) whose number of articles `ranking` counts over
    the whole archive for the same arguments: the ones a caller may pass it as `counts`."""
    keys: list[str] = []
    for term in query.scored if query else []:
        if not (holders and term in holders) and exact(term, common):
            keys.append(posting_keys(term, common)[0])
    adjacent = query.adjacent if query and order == "relevance" else None
    if adjacent and narrowed and exact(adjacent, common):
        keys.append(posting_keys(adjacent, common)[0])
    return list(dict.fromkeys(keys))


def _holding_term(key: str, counts: dict[str, int] | None) -> tuple[str, list[Any]]:
    """How many articles hold a word or a stored pair (SQL, parameters): known, or its postings counted."""
    if counts is not None and key in counts:
        return "%s::bigint", [counts[key]]
    return "(SELECT count(*) FROM postings WHERE term = rasad_term(%s))", [key]


def _holding_phrase(term: Term, common: Collection[str]) -> tuple[str, list[Any]]:
    """How many articles hold a phrase that is not one stored pair (SQL, parameters): those holding
    all its stored pairs and other words (their postings merged), each tested against the phrase.
    Every article holding the phrase holds those, so this is the count over the whole archive."""
    keys = posting_keys(term, common)
    joins = "".join(f" JOIN postings h{i} ON h{i}.term = rasad_term(%s) AND h{i}.article_id = h0.article_id"
                    for i in range(1, len(keys)))
    return (f"(SELECT count(*) FROM postings h0{joins} JOIN articles ha ON ha.id = h0.article_id "
            "WHERE h0.term = rasad_term(%s) AND ha.words @@ %s::tsquery)",
            [*keys[1:], keys[0], tsquery([" ".join(term)])])


def _counts(query: Query, counted: dict[Term, str]) -> list[str]:
    """Each scored term's occurrences in a match, as FTS5's bm25 counts them: a term of an
    alternative of several terms that the match does not hold whole (`وزیر کشور` where only
    `وزیرکشور` matched) counts none, since FTS5 clears the positions of an OR's branch that failed."""
    counts = []
    for clause in query.required if query else []:
        for alternative in clause:
            whole = " AND ".join(f"m.{counted[t]} > 0" for t in alternative)
            for term in alternative:
                if len(clause) > 1 and len(alternative) > 1:
                    counts.append(f"CASE WHEN {whole} THEN m.{counted[term]} ELSE 0 END")
                else:
                    counts.append(f"m.{counted[term]}")
    return counts


__all__ = ["counted_keys", "ranking"]
