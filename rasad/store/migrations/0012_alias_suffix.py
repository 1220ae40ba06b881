"""rasad schema 12: every alias keeps its key reversed (`rkey`, indexed), so the stored names that
end with a word (`روحانی` -> `حسن روحانی`, rasad.link.people.stored_person) are a range of an index
instead of a `LIKE '%...'` scan of every alias, which grew with the knowledge base on every new name."""

from __future__ import annotations

import sqlite3


def upgrade(db: sqlite3.Connection) -> None:
    db.execute("ALTER TABLE person_aliases ADD COLUMN rkey TEXT")
    rows = db.execute("SELECT rowid, key FROM person_aliases").fetchall()
    db.executemany("UPDATE person_aliases SET rkey = ? WHERE rowid = ?", [(key[::-1], rowid) for rowid, key in rows])
    db.execute("CREATE INDEX person_aliases_rkey ON person_aliases (rkey)")
