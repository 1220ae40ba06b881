"""Where one SQLite search spends its CPU: each SQL statement `SQLiteStore.search` runs, timed as
it runs (its rows fetched), and the Python around them (parsing, snippets), best of three with the
facet cache emptied. What `bench_scale` and `bench_pg_search` give as one figure, taken apart.

usage: python bench/search_statements.py sqlite:///PATH QUERY [--since YYYY-MM-DD --until YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import sqlite3
import time
from datetime import date
from typing import Any


class _Timed:
    """A reading connection that times each statement, its rows fetched at once."""

    def __init__(self, db: sqlite3.Connection, log: list[tuple[float, str]]) -> None:
        self._db, self._log = db, log

    def execute(self, sql: str, params: Any = ()) -> Any:
        start = time.process_time()
        cursor = self._db.execute(sql, params)
        rows = cursor.fetchall()
        self._log.append(((time.process_time() - start) * 1000, " ".join(sql.split())))
        return _Rows(rows)


class _Rows(list):  # type: ignore[type-arg]
    def fetchall(self) -> list[Any]:
        return list(self)

    def fetchone(self) -> Any:
        return self[0] if self else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db_url")
    parser.add_argument("query")
    parser.add_argument("--since", type=date.fromisoformat)
    parser.add_argument("--until", type=date.fromisoformat)
    args = parser.parse_args()
    from rasad.store import open_store
    from rasad.store.sqlite import FACETS, SQLiteStore
    from rasad.store.values import SearchFilters

    store = open_store(args.db_url, write=False)
    if not isinstance(store, SQLiteStore):
        raise SystemExit("a SQLite store only (sqlite:///PATH)")
    filters = SearchFilters(since=args.since, until=args.until)
    store.search(args.query, filters)  # warm-up
    real = store.db.read
    best: tuple[float, list[tuple[float, str]]] | None = None
    for _ in range(3):
        log: list[tuple[float, str]] = []
        store.db.read = lambda log=log: _Timed(real(), log)  # type: ignore[method-assign]
        FACETS.clear()
        start = time.process_time()
        store.search(args.query, filters)
        total = (time.process_time() - start) * 1000
        store.db.read = real  # type: ignore[method-assign]
        if best is None or total < best[0]:
            best = (total, log)
    assert best is not None
    total, log = best
    print(f"{args.query!r}: {total:.1f} ms of CPU, {sum(ms for ms, _ in log):.1f} of them in SQL\n")
    print("| CPU ms | statement |\n|---:|---|")
    for ms, sql in log:
        print(f"| {ms:.1f} | `{sql[:110]}` |")
    print(f"| {total - sum(ms for ms, _ in log):.1f} | (Python: the query's parse, ranking, snippets) |")


if __name__ == "__main__":
    main()
