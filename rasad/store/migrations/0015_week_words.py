"""rasad schema 15: every article's filter words gain its week (rasad.store.tags.week_tag), so that a
date range across two Jalali months, such as the last 30 days, is four week words and a few day
words instead of 30 day words (at 1,000,000 articles the full-text match advances every word of that
OR at each step). Both full-text indexes are made again, as schemas 13 and 14 made them: at
1,000,000 articles about as long as those two together, in one transaction (free disk for about half
the store)."""

from __future__ import annotations

import importlib
import sqlite3

from rasad.store.tags import TAGS


def upgrade(db: sqlite3.Connection) -> None:
    row = db.execute("SELECT tags FROM articles_fts LIMIT 1").fetchone()
    if row is None or len(row[0].split()) == TAGS:  # empty, or made with week words by schema 13 in this upgrade
        return
    for step in ("0013_filter_words", "0014_pairs"):  # the words' index with the new tags, then the pairs' from it
        importlib.import_module(f"rasad.store.migrations.{step}").upgrade(db)
