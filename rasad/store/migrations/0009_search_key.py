"""rasad schema 9: the search key (rasad.store.search.search_key) changed (hamza seats and madda
unified, a ZWNJ made a space, digits cut off words), so the full-text indexes of articles and
quotes are rebuilt; a vocabulary of the article index answers how many articles hold a word (a
word no article holds is tried as two); and a covering index of ids, days, agencies and times (`articles_summary`)
lets searches and story rankings read those without the long article rows."""

from __future__ import annotations

import sqlite3

from rasad.store.search import index_texts, search_key

BATCH = 500


def upgrade(db: sqlite3.Connection) -> None:
    db.execute("CREATE INDEX IF NOT EXISTS articles_summary ON articles (id, published_day, agency_id, published)")
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts_vocab USING fts5vocab (articles_fts, row)")
    db.execute("DELETE FROM articles_fts")
    rows = db.execute("SELECT id, title, kicker, body FROM articles ORDER BY id")
    while batch := rows.fetchmany(BATCH):
        db.executemany("INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
                       [(r[0], *index_texts(r[1], r[2], r[3])) for r in batch])
    db.execute("DELETE FROM quotes_fts")
    rows = db.execute("SELECT id, text FROM quotes ORDER BY id")
    while batch := rows.fetchmany(BATCH):
        db.executemany("INSERT INTO quotes_fts (rowid, text) VALUES (?, ?)", [(r[0], search_key(r[1])) for r in batch])
