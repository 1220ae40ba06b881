"""The search window's statement (rasad.store.postgres_window), without a server: its parameters
line up with its placeholders whatever the query, and it reads the articles' rows only when a
phrase of three words or more or a filter needs them (the matches of words and of two-word
phrases come from `postings`: a pair of adjacent words is a term of its own, schema 7). That it finds
the same matches as every other backend is the contract suite's (tests/store/test_contract_window.py)."""

from __future__ import annotations

from datetime import date

import pytest

from rasad.store.postgres import Selection
from rasad.store.postgres_search import common_grams, exact
from rasad.store.postgres_window import certain_words, counted_term, first_alternatives, window
from rasad.store.search import parse_query
from rasad.store.values import SearchFilters

KNOWN = {"وزیرکشور", "میشود"}  # written joined in the archive: their split and joined alternatives


def parsed(text: str):
    return parse_query(text, lambda word: int(word in KNOWN) or 5)


FILTERS = [None, SearchFilters(agency="IRNA"), SearchFilters(since=date(2025, 10, 1), until=date(2025, 10, 31)),
           SearchFilters(agency="IRNA", entities=[("ORG", "دولت")])]
QUERIES = ["ایران", "وزیر کشور", '"وزیر کشور"', "میشود", "ایران -آمریکا", 'ایران -"وزیر کشور"', "آب OR کتاب",
           "قیمت دلار OR سکه", '"رئیس جمهور" ایران', '"رئیس جمهور ایران"', 'ایران -"وزیر کشور امروز"',
           '"وزیر کشور امروز" OR دولت']


@pytest.mark.parametrize("filters", FILTERS)
@pytest.mark.parametrize("text", QUERIES)
def test_parameters_line_up_with_placeholders(text: str, filters) -> None:
    q = Selection(parsed(text), filters)
    statement, params = window(q.query, q.filters, 10_000, common=common_grams())
    assert statement.count("%s") == len(params)
    # a union whose later alternatives are small: written without duplicates (`_disjoint`)
    alternatives = first_alternatives(q.query, common_grams())
    sizes = {k: 100_000 if n == 0 else 10 for n, keys in enumerate(alternatives) for k in keys}
    statement, params = window(q.query, q.filters, 10_000, common=common_grams(), sizes=sizes)
    assert statement.count("%s") == len(params)
    assert ("UNION ALL" in statement) == bool(alternatives)
    assert 10_000 in params
    reads_rows = " articles a " in statement
    phrase = any(not exact(t, common_grams()) for t in q.query.scored + q.query.excluded)
    assert reads_rows == (phrase or filters is not None), statement


def test_a_word_alone_is_its_postings() -> None:
    q = Selection(parsed("ایران"), None)
    statement, params = window(q.query, q.filters, 10, common=common_grams())
    assert "articles" not in statement and params == ["ایران", 10, "ایران"]
    assert counted_term(q.query, q.filters) == ("ایران",)
    assert counted_term(q.query, Selection(parsed("ایران"), FILTERS[1]).filters) is None


def test_a_two_word_phrase_alone_is_its_pair_s_postings() -> None:
    q = Selection(parsed('"وزیر کشور"'), None)
    statement, params = window(q.query, q.filters, 10, common=common_grams())
    assert "articles" not in statement and params == ["وزیر کشور", 10, "وزیر کشور"]
    q = Selection(parsed("میشود"), None)  # `می شود`, or joined: the UNION of two postings
    statement, params = window(q.query, q.filters, 10, common=common_grams())
    assert "articles" not in statement and params == ["می شود", "میشود", 10]


def test_a_phrase_whose_pair_is_not_stored_is_tested_against_the_positions() -> None:
    """`نمایشگاه کتاب`: neither word is common (rasad/data/common_grams.txt), so its pair is no term
    of `postings`: its candidates hold both words, and the tsvector says which hold the phrase."""
    common = common_grams()
    assert "نمایشگاه" not in common and "کتاب" not in common
    q = Selection(parsed('"نمایشگاه کتاب"'), None)
    statement, params = window(q.query, q.filters, 10, common=common)
    assert " articles a " in statement and "@@" in statement
    assert params[:2] == ["کتاب", "نمایشگاه"] or params[:2] == ["نمایشگاه", "کتاب"]
    assert counted_term(q.query, q.filters) == ("نمایشگاه", "کتاب")
    # the same phrase in a store that kept it: its postings, as a common pair's
    statement, params = window(q.query, q.filters, 10, common=common | {"نمایشگاه", "کتاب"})
    assert "articles" not in statement and params == ["نمایشگاه کتاب", 10, "نمایشگاه کتاب"]


def test_the_words_every_match_holds() -> None:
    common = common_grams()
    assert certain_words(parsed('"رئیس جمهور" ایران'), common) == ["رییس جمهور", "ایران"]
    assert certain_words(parsed('"وزیر کشور گفت"'), common) == ["وزیر کشور", "کشور گفت"]
    # `جمهور ایران` is not stored: the phrase's stored pair and the word left
    assert certain_words(parsed('"رئیس جمهور ایران"'), common) == ["رییس جمهور", "ایران"]
    assert certain_words(parsed("وزیر کشور"), common) == []  # also `وزیرکشور`: no word is certain
    assert certain_words(parsed("آب OR کتاب"), common) == []
    # a pair not stored: its words (`قیمت سکه`: `سکه` is not common, nor the pair)
    assert certain_words(parsed('"قیمت سکه" ایران'), common) == ["قیمت", "سکه", "ایران"]
    assert certain_words(parsed('"وزیر کشور سکه"'), common) == ["وزیر کشور", "سکه"]


def test_the_window_carries_what_the_ranking_would_look_up_again() -> None:
    """The window reads each match's occurrences of the words every match holds from the postings it
    joins; it returns them beside the ids, and the ranking looks up only the other terms (here the
    words side by side, which not every match holds)."""
    from rasad.store.postgres_rank import ranking

    common = common_grams()
    q = Selection(parse_query("قیمت دلار", lambda word: 0 if word == "قیمتدلار" else 5), FILTERS[2])
    certain = certain_words(q.query, common)
    assert certain == ["قیمت", "دلار"]
    statement, params = window(q.query, q.filters, 10, common=common)
    assert "d.tf AS t0" in statement and "d1.tf AS t1" in statement
    assert statement.count("ARRAY(") == 1 + len(certain) and statement.count("%s") == len(params)
    carried = {"قیمت": [1, 2, 65537], "دلار": [3, 1, 1]}
    statement, params = ranking(q.query, "true", [], narrowed=True, order="relevance", common=common,
                                ids=[9, 5, 2], carried=carried)
    assert statement.count("%s") == len(params)
    assert statement.count("AND article_id = a.id") == 1  # the pair's occurrences alone looked up per article
    assert [9, 5, 2] in params and carried["قیمت"] in params and carried["دلار"] in params
