"""SQLite schema 12: the reversed alias keys are filled for a store made before them."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from rasad.models import Person
from rasad.store import open_store
from tests.store.test_contract_people import article


def test_an_older_sqlite_store_gets_its_reversed_keys(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with open_store(str(path)) as store:
        store.add(article("۱", date(2025, 1, 1), [Person("حسن روحانی", [])], []))
    with sqlite3.connect(path) as db:  # the store as schema 11 left it
        db.execute("DROP INDEX person_aliases_rkey")
        db.execute("ALTER TABLE person_aliases DROP COLUMN rkey")
        db.execute("PRAGMA user_version = 11")
    with open_store(str(path)) as store:
        store.add(article("۲", date(2025, 1, 2), [Person("روحانی", [])], []))
        assert store.person("روحانی").name == "حسن روحانی"
        assert store.person("حسن روحانی").articles == 2
    with sqlite3.connect(path) as db:
        keys = db.execute("SELECT key, rkey FROM person_aliases").fetchall()
    assert keys and all(rkey == key[::-1] for key, rkey in keys)
