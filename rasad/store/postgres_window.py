"""The search window in PostgreSQL: which articles a search by relevance ranks, and how many match.

A search by relevance ranks the newest `search_window` of its matches (by id) and counts them all
(rasad.store.values.SEARCH_WINDOW). Matching through the GIN index would fetch every matching
article's row from the table and recheck its tsvector (341,710 rows for `ایران` at 1,000,000
articles); here the matches come from `postings` (term, article_id) instead, by index-only scans:

- the terms every match holds (those of a clause without alternatives) are joined on the article's
  id: PostgreSQL merges their postings, already in id order, or probes the longer lists from the
  shorter one. A word is its postings; a two-word phrase of common grams is its pair's postings
  (schema 8: a pair of adjacent common words, or a common pair, is a term of `postings`), an exact match like a
  word's; any other phrase is its stored pairs' and its other words' postings, the articles that
  may hold it. A query whose clauses all have alternatives
  (`میشود`, also written `می شود`) takes its first clause's alternatives' postings together (a
  UNION) instead; when the store's counts say the later alternatives are small (`وزیرکشور` beside
  `وزیر` and `کشور`), the largest alternative's postings are taken whole and each later one's
  without the articles an earlier one holds (a probe each), so no match needs removing twice;
- every other condition is checked per candidate: a word or a pair of an alternative, or an
  excluded one, by a lookup in `postings`; a phrase that is not one stored pair against the
  article's tsvector (`<->`), and only once its pairs and words are known to be there; the filters (agency, days,
  entities) on the article's row;
- one word or pair alone: its matches are its postings, counted, and the newest read backwards
  from the index and no further.

The result is one row: the number of matches, the ids of the newest `limit` of them, newest first,
and for each of the words every match holds (`certain_words`) its occurrences in those articles, in
the same order (read from the postings the match was found by). The ranking then reads only those
articles, and not those words' postings again (rasad.store.postgres_rank, `carried`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from rasad.store.postgres_search import exact, posting_keys, tsquery
from rasad.store.search import Query, Term

PROBE_COST = 1.6  # µs: one index probe of `postings`
DEDUPE_COST = 0.45  # µs: a UNION's hash of one match (`وزیر کشور` at 1,000,000 articles: ~70 ms for 157,610)


class _Sql:
    """SQL text built left to right with its parameters in the same order."""

    def __init__(self) -> None:
        self.params: list[Any] = []

    def bind(self, text: str, *params: Any) -> str:
        self.params.extend(params)
        return text


def certain_words(query: Query, common: Collection[str]) -> list[str]:
    """The `postings` terms every match holds: the words and stored pairs of the terms of the
    clauses without alternatives (rasad.store.postgres_search.posting_keys), in query order."""
    keys: list[str] = []
    for clause in query.required:
        if len(clause) == 1:
            keys += [k for term in clause[0] for k in posting_keys(term, common) if k not in keys]
    return keys


def first_alternatives(query: Query, common: Collection[str]) -> list[list[str]]:
    """The `postings` keys of each alternative of the query's first clause, when every clause has
    alternatives (the window is then the union of the first clause's alternatives); else []."""
    if not query.required or any(len(c) == 1 for c in query.required):
        return []
    return [list(dict.fromkeys(k for term in alternative for k in posting_keys(term, common)))
            for alternative in query.required[0]]


def _disjoint(alternatives: list[list[str]], sizes: Mapping[str, int] | None) -> list[list[str]] | None:
    """The alternatives largest first, when writing each later one's postings without the articles
    an earlier one holds (a probe per key of every earlier one, ~1.6 µs each) costs less than the
    UNION's removal of duplicates (~0.45 µs a row, a hash of every match); else None. `sizes`: how
    many articles hold each key (an alternative holds at most its rarest key's)."""
    if not sizes or any(k not in sizes for keys in alternatives for k in keys):
        return None
    ordered = sorted(alternatives, key=lambda keys: min(sizes[k] for k in keys), reverse=True)
    rows = [min(sizes[k] for k in keys) for keys in ordered]
    probes = sum(rows[i] * sum(map(len, ordered[:i])) for i in range(1, len(ordered)))
    return ordered if probes * PROBE_COST <= sum(rows) * DEDUPE_COST else None


def window(query: Query, filters: list[tuple[str, list[Any]]], limit: int, *,
           common: Collection[str], sizes: Mapping[str, int] | None = None) -> tuple[str, list[Any]]:
    """The statement (and its parameters) whose one row is (how many articles match `query` and
    `filters`, the ids of the newest `limit` of them, newest first, then for each key of
    `certain_words` its occurrences in each of those articles). `filters`: conditions on the
    article `a` (SQL, parameters), as rasad.store.postgres.Selection makes them. `common`: the
    store's common grams (a pair of two common words, or a common pair, is a term of
    `postings`). `sizes`: how many articles hold each key of `first_alternatives`, when known: a
    union whose later alternatives are small is then written without duplicates (`_disjoint`)."""
    sql = _Sql()
    certain = certain_words(query, common)
    # a clause whose postings are its matches: one alternative of words and two-word phrases whose pair is stored
    covered = [len(c) == 1 and all(exact(t, common) for t in c[0]) for c in query.required]
    if len(certain) == 1 and all(covered) and not query.excluded and not filters:
        return ("WITH top AS MATERIALIZED (SELECT article_id, tf FROM postings WHERE term = rasad_term(%s) "
                "ORDER BY article_id DESC LIMIT %s) "
                "SELECT (SELECT count(*) FROM postings WHERE term = rasad_term(%s)), "
                "ARRAY(SELECT article_id FROM top ORDER BY article_id DESC), "
                "ARRAY(SELECT tf FROM top ORDER BY article_id DESC)", [certain[0], limit, certain[0]])
    if certain:
        source = "postings d"
        for i, key in enumerate(certain[1:], 1):
            source += sql.bind(f" JOIN postings d{i} ON d{i}.term = rasad_term(%s) "
                               f"AND d{i}.article_id = d.article_id", key)
        driver_condition = ("d.term = rasad_term(%s)", [certain[0]])
    else:  # every clause has alternatives: the first one's, any of them
        alternatives = first_alternatives(query, common)
        disjoint = _disjoint(alternatives, sizes)
        branches = []
        for n, keys in enumerate(disjoint or alternatives):
            branch = "SELECT u.article_id FROM postings u"
            branch += "".join(f" JOIN postings u{i} ON u{i}.term = rasad_term(%s) AND u{i}.article_id = u.article_id"
                              for i in range(1, len(keys)))
            branch = sql.bind(branch + " WHERE u.term = rasad_term(%s)", *keys[1:], keys[0])
            for earlier in (disjoint or [])[:n]:  # not the articles an earlier branch gave
                branch += " AND NOT (" + " AND ".join(
                    sql.bind("EXISTS (SELECT 1 FROM postings v WHERE v.term = rasad_term(%s) "
                             "AND v.article_id = u.article_id OFFSET 0)", k) for k in earlier) + ")"
            branches.append(branch)
        source = f"({(' UNION ALL ' if disjoint else ' UNION ').join(branches)}) d"
        driver_condition = ("true", [])
    checks: list[str] = []
    phrases = False

    def holds(term: Term) -> str:
        nonlocal phrases
        probes = [sql.bind("EXISTS (SELECT 1 FROM postings x "
                           "WHERE x.term = rasad_term(%s) AND x.article_id = d.article_id)", k)
                  for k in posting_keys(term, common) if k not in certain]
        if exact(term, common):  # a word's or a stored pair's postings are its matches
            return " AND ".join(probes) or "true"
        phrases = True  # another phrase: its stored pairs and other words are there, then the positions say
        if not probes:
            return sql.bind("a.words @@ %s::tsquery", tsquery([" ".join(term)]))
        tested = " AND ".join(probes)
        return f"CASE WHEN {tested} THEN " + sql.bind("a.words @@ %s::tsquery", tsquery([" ".join(term)])) + \
            " ELSE false END"

    text, params = driver_condition
    checks.append(sql.bind(text, *params))
    for text, params in filters:  # before the words: a day or an agency is cheaper than a tsvector
        checks.append(sql.bind(text, *params))
    for n, (clause, is_covered) in enumerate(zip(query.required, covered, strict=True)):
        if is_covered or (n == 0 and not certain and all(exact(t, common) for a in clause for t in a)):
            continue  # the joins or the UNION are its matches
        # the alternatives without a long phrase first: a lookup is cheaper than the tsvector
        ordered = sorted(clause, key=lambda alternative: any(not exact(t, common) for t in alternative))
        checks.append("(" + " OR ".join("(" + " AND ".join(holds(t) for t in alternative) + ")"
                                        for alternative in ordered) + ")")
    if query.excluded:
        checks.append("NOT (" + " OR ".join(holds(t) for t in query.excluded) + ")")
    article = " JOIN articles a ON a.id = d.article_id" if phrases or filters else ""
    occurrences = "".join(f", d{i or ''}.tf AS t{i}" for i in range(len(certain)))
    carried = "".join(f", ARRAY(SELECT t{i} FROM top ORDER BY id DESC)" for i in range(len(certain)))
    statement = (f"WITH m AS MATERIALIZED (SELECT d.article_id AS id{occurrences} FROM {source}{article} "
                 f"WHERE {' AND '.join(checks)}), "
                 "top AS MATERIALIZED (SELECT * FROM m ORDER BY id DESC LIMIT %s) "
                 f"SELECT (SELECT count(*) FROM m), ARRAY(SELECT id FROM top ORDER BY id DESC){carried}")
    return statement, [*sql.params, limit]


def counted_term(query: Query, filters: list[tuple[str, list[Any]]]) -> Term | None:
    """The term whose articles are the window's matches, when the query is that word or phrase
    alone: then the number of matches is the number of articles holding it (its BM25 idf)."""
    if (len(query.required) == 1 and len(query.required[0]) == 1 and len(query.required[0][0]) == 1
            and not query.excluded and not filters):
        return query.required[0][0][0]
    return None


__all__ = ["certain_words", "counted_term", "first_alternatives", "window"]
