"""SQLite schemas 13 and 15: a store made before the filter words, or before the week words, gets
them, and its searches are the same."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from rasad.store import open_store
from rasad.store.tags import TAGS
from rasad.store.values import SearchFilters
from tests.store.test_contract_filters import article_text


def test_an_older_sqlite_store_gets_its_filter_words(tmp_path: Path) -> None:
    from rasad.pipeline import analyze_text

    path = tmp_path / "old.db"
    filters = SearchFilters(agency="ISNA", since=date(2025, 3, 10), until=date(2025, 3, 25))
    with open_store(str(path)) as store:
        for i in range(12):
            store.add(analyze_text(article_text(i), f"f{i}"))
        before = [(h.id, h.score) for h in store.search("گزارش", filters, limit=50).hits]
    with sqlite3.connect(path) as db:  # the index as schema 12 left it: title and body only
        db.execute("DROP TABLE articles_fts_vocab")
        db.execute("CREATE VIRTUAL TABLE old_fts USING fts5 (title, body, tokenize = 'unicode61 remove_diacritics 0')")
        db.execute("INSERT INTO old_fts (rowid, title, body) SELECT rowid, title, body FROM articles_fts")
        db.execute("DROP TABLE articles_fts")
        db.execute("ALTER TABLE old_fts RENAME TO articles_fts")
        db.execute("CREATE VIRTUAL TABLE articles_fts_vocab USING fts5vocab (articles_fts, row)")
        db.execute("PRAGMA user_version = 12")
    with open_store(str(path)) as store:
        assert [(h.id, h.score) for h in store.search("گزارش", filters, limit=50).hits] == before
        assert before and store.documents_with("گزارش") == 12
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] >= 13
        tags = db.execute("SELECT tags FROM articles_fts").fetchall()
    assert len(tags) == 12 and all(len(t[0].split()) == TAGS for t in tags)


def test_a_store_without_week_words_gets_them(tmp_path: Path) -> None:
    from rasad.pipeline import analyze_text

    path = tmp_path / "old.db"
    month = SearchFilters(since=date(2025, 3, 1), until=date(2025, 3, 31))  # across Esfand and Farvardin
    with open_store(str(path)) as store:
        for i in range(12):
            store.add(analyze_text(article_text(i), f"f{i}"))
        before = [(h.id, h.score) for h in store.search("گزارش", month, limit=50).hits]
        phrase = [h.id for h in store.search('"گزارش شماره"', month, limit=50).hits]
        assert before and phrase
    with sqlite3.connect(path) as db:  # the filter words as schema 14 left them: agency, day, month
        db.execute("UPDATE articles_fts SET tags = (SELECT group_concat(value, ' ') FROM json_each("
                   "json_array(substr(tags, 1, instr(tags, ' xw') - 1), substr(tags, instr(tags, ' xm') + 1))))")
        db.execute("DROP TABLE pairs_fts")
        db.execute("PRAGMA user_version = 13")  # schema 14 makes the pairs' index from the words' again
    with sqlite3.connect(path) as db:
        assert all(len(t.split()) == TAGS - 1 for (t,) in db.execute("SELECT tags FROM articles_fts"))
    with open_store(str(path)) as store:
        assert [(h.id, h.score) for h in store.search("گزارش", month, limit=50).hits] == before
        assert [h.id for h in store.search('"گزارش شماره"', month, limit=50).hits] == phrase
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] >= 15
        assert all(len(t.split()) == TAGS for (t,) in db.execute("SELECT tags FROM articles_fts"))
