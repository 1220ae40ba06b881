"""The pairs' full-text index (rasad.store.pairs): a phrase asked of it matches and scores exactly as
the phrase of words does in the words' index, through writes, rewrites and the schema 14 upgrade."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from rasad.models import Article
from rasad.store import open_store
from rasad.store.pairs import PAIR_JOIN, PAIRS_MARK, pair_query, pair_term, pairs_text
from rasad.store.search import parse_query
from rasad.store.sqlite import PAIRS, WORDS, SQLiteStore, rank
from rasad.store.sqlite_db import match_expression, phrase

ARTICLES = [
    ("وزیر کشور در مشهد", "وزیر کشور گفت: وزیر کشور و وزیر نفت به مشهد می‌روند."),
    ("الف الف الف", "الف الف ب الف الف الف"),
    ("بازدید وزیر", "کشور آرام است و وزیر کشور سخن گفت."),  # title `... وزیر` then body `کشور ...`: no phrase across
    ("خبر ورزشی", "تیم ملی فوتبال ایران امروز بازی می‌کند. بازی می‌کند و برنده می‌شود."),
    ("", "متنی بی‌عنوان که می‌شود خواند و می شود نوشت."),
    ("قیمت دلار در بازار", "قیمت دلار امروز بالا رفت؛ بازار ارز و قیمت دلار و قیمت طلا."),
]
PHRASES = [("وزیر", "کشور"), ("الف", "الف"), ("الف", "الف", "الف"), ("می", "شود"), ("بازی", "می", "کند"),
           ("قیمت", "دلار"), ("وزیر", "نفت", "به"), ("کشور", "وزیر"), ("نیست", "هست")]


def store_with(path: Path, articles: list[tuple[str, str]]) -> SQLiteStore:
    store = open_store(f"sqlite:///{path}")
    assert isinstance(store, SQLiteStore)
    for i, (title, body) in enumerate(articles):
        store.add(Article(title=title, paragraphs=[f"{body} {i}"], url=f"https://example.ir/{i}"))
    return store


def by_index(store: SQLiteStore, fts: str, expression: str) -> dict[int, float]:
    return dict(store.db.read().execute(f"SELECT rowid, {rank(fts)} FROM {fts} WHERE {fts} MATCH ?", (expression,)))


def assert_same(store: SQLiteStore) -> None:
    for words in PHRASES:
        assert by_index(store, PAIRS, phrase(pair_term(words))) == by_index(store, WORDS, phrase(words)), words


def test_pairs_text_has_a_mark_and_one_term_a_pair() -> None:
    assert pairs_text("") == ""
    assert pairs_text("ایران") == PAIRS_MARK
    assert pairs_text("وزیر کشور، امروز") == f"{PAIRS_MARK} وزیر{PAIR_JOIN}کشور کشور{PAIR_JOIN}امروز"


def test_only_queries_of_phrases_go_to_the_pairs() -> None:
    assert pair_query(parse_query('"وزیر کشور"')) is not None
    assert pair_query(parse_query('"وزیر کشور" OR "قیمت دلار" -"بازار ارز"')) is not None
    for text in ["وزیر کشور", '"وزیر کشور" ایران', '"وزیر کشور" -ایران', "ایران"]:
        assert pair_query(parse_query(text)) is None, text


def test_a_phrase_matches_and_scores_the_same_in_either_index(tmp_path: Path) -> None:
    with store_with(tmp_path / "s.db", ARTICLES) as store:
        assert by_index(store, WORDS, phrase(("وزیر", "کشور"))) and by_index(store, WORDS, phrase(("الف", "الف")))
        assert_same(store)
        # the filter words are in both
        tags = store.db.read().execute("SELECT tags FROM articles_fts WHERE rowid = 1").fetchone()[0]
        expression = f'{phrase(("وزیر", "کشور"))} AND {phrase((tags.split()[0],))}'
        pairs = f'{phrase(pair_term(("وزیر", "کشور")))} AND {phrase((tags.split()[0],))}'
        assert by_index(store, PAIRS, pairs) == by_index(store, WORDS, expression) != {}


def test_rewritten_articles_leave_no_pairs_behind(tmp_path: Path) -> None:
    with store_with(tmp_path / "s.db", ARTICLES) as store:
        assert 2 in by_index(store, PAIRS, phrase(pair_term(("الف", "الف"))))
        store.add(Article(title="وزیر کشور در مشهد", paragraphs=["قیمت دلار امروز."], url="https://example.ir/0"))
        store.replace_enrichments(2, Article(title="الف ب", paragraphs=["ب الف"]))
        assert 2 not in by_index(store, PAIRS, phrase(pair_term(("الف", "الف"))))
        assert 1 in by_index(store, PAIRS, phrase(pair_term(("دلار", "امروز"))))
        assert_same(store)
    with sqlite3.connect(tmp_path / "s.db") as db:  # FTS5's own check of the index's structure
        db.execute("INSERT INTO pairs_fts (pairs_fts) VALUES ('integrity-check')")


@pytest.mark.parametrize("query", ['"وزیر کشور"', "میشود", "وزیر کشور", '"قیمت دلار" OR "بازار ارز"',
                                   '"الف الف"', "قیمت دلار"])
def test_searches_through_the_pairs_find_what_the_words_find(tmp_path: Path, query: str) -> None:
    """A search's hits and scores are the words' index's for the same expression."""
    with store_with(tmp_path / "s.db", ARTICLES * 3) as store:
        parsed = store.parse(query)
        expected = by_index(store, WORDS, match_expression(parsed))
        hits = store.search(query, limit=100).hits
        assert {h.id: round(h.score, 9) for h in hits} == {i: round(s, 9) for i, s in expected.items()}
        assert len(hits) == len(expected) > 0


def test_an_older_store_gets_its_pairs(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with store_with(path, ARTICLES) as store:
        before = [(h.id, h.score) for h in store.search('"وزیر کشور"', limit=50).hits]
    with sqlite3.connect(path) as db:  # as schema 13 left it: no pairs
        db.execute("DROP TABLE pairs_fts")
        db.execute("PRAGMA user_version = 13")
    with open_store(f"sqlite:///{path}") as store:
        assert isinstance(store, SQLiteStore)
        assert [(h.id, h.score) for h in store.search('"وزیر کشور"', limit=50).hits] == before != []
        assert_same(store)
