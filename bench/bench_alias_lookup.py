"""How long a new name's candidates take to read as the knowledge base grows: the aliases whose key
ends with the name's last word (rasad.link.people.stored_person's input), read by the old
`key LIKE '%word'` (a scan of every alias) and by the range of reversed keys (`rkey`, schema 12's
index), side by side on the same SQLite table.

The aliases are made from rasad's given-name lexicon: a given name and a surname drawn from the same
list (so surnames repeat as they do in news), N aliases. Each lookup is for the last word of a name
drawn the same way; both queries must return the same rows.

usage: python bench/bench_alias_lookup.py [--aliases 10000,100000,1000000] [--lookups 300]
Prints a Markdown table: milliseconds a lookup, median and 95th percentile.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import time
from importlib import resources
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rasad.link.people import last_word_key, person_key, suffix_range


def names() -> list[str]:
    text = resources.files("rasad.data").joinpath("given_names.txt").read_text(encoding="utf-8")
    return [w for w in text.split("\n") if w and not w.startswith("#")]


def table(n: int, words: list[str], rng: random.Random) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE person_aliases (person_id INTEGER, alias TEXT, key TEXT, rkey TEXT, "
               "PRIMARY KEY (person_id, key))")
    rows = []
    for i in range(n):
        alias = f"{rng.choice(words)} {rng.choice(words)}{rng.choice(words) if i % 3 == 0 else ''}"
        key = person_key(alias)
        rows.append((i, alias, key, key[::-1]))
    db.executemany("INSERT INTO person_aliases VALUES (?, ?, ?, ?)", rows)
    db.execute("CREATE INDEX person_aliases_key ON person_aliases (key)")
    db.execute("CREATE INDEX person_aliases_rkey ON person_aliases (rkey)")
    db.commit()
    return db


def timed(db: sqlite3.Connection, sql: str, params: list[tuple[str, ...]]) -> tuple[list[float], list[list]]:
    took, found = [], []
    for p in params:
        start = time.perf_counter()
        found.append(sorted(db.execute(sql, p).fetchall()))
        took.append((time.perf_counter() - start) * 1000)
    return took, found


def cell(ms: list[float]) -> str:
    return f"{statistics.median(ms):.2f} / {sorted(ms)[int(0.95 * (len(ms) - 1))]:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--aliases", default="10000,100000,1000000")
    parser.add_argument("--lookups", type=int, default=300)
    args = parser.parse_args()
    words = names()
    print("| aliases | `key LIKE '%word'` median / p95 ms | `rkey` range median / p95 ms | same rows |")
    print("|---:|---:|---:|---|")
    for n in (int(x) for x in args.aliases.split(",")):
        rng = random.Random(12)
        db = table(n, words, rng)
        queries = [f"{rng.choice(words)} {rng.choice(words)}" for _ in range(args.lookups)]
        like, old = timed(db, "SELECT person_id, alias FROM person_aliases WHERE key LIKE ?",
                          [("%" + last_word_key(q),) for q in queries])
        ranged, new = timed(db, "SELECT person_id, alias FROM person_aliases WHERE rkey >= ? AND rkey < ?",
                            [suffix_range(q) for q in queries])
        print(f"| {n:,} | {cell(like)} | {cell(ranged)} | {'yes' if old == new else 'NO'} |")
        db.close()


if __name__ == "__main__":
    main()
