"""rasad schema 14: the pairs' full-text index (rasad.store.pairs), so that a phrase of common words
costs what a word costs: each article's adjacent words as single terms, in a contentless FTS5 table
with the words' ids and filter words. Made from the words' index (its folded title and body, so
nothing is folded again): at 1,000,000 articles about as long as schema 13's rebuild, in one
transaction (free disk for about half the store)."""

from __future__ import annotations

import sqlite3

from rasad.store.pairs import pairs_text

CREATE = ("CREATE VIRTUAL TABLE IF NOT EXISTS pairs_fts USING fts5 "
          "(title, body, tags, content = '', tokenize = 'unicode61 remove_diacritics 0')")


def upgrade(db: sqlite3.Connection) -> None:
    db.create_function("rasad_pairs", 1, pairs_text, deterministic=True)
    db.execute("DROP TABLE IF EXISTS pairs_fts")
    db.execute(CREATE)
    db.execute("INSERT INTO pairs_fts (rowid, title, body, tags) "
               "SELECT rowid, rasad_pairs(title), rasad_pairs(body), tags FROM articles_fts ORDER BY rowid")
    db.execute("INSERT INTO pairs_fts (pairs_fts) VALUES ('optimize')")
